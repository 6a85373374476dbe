"""Render test cases (tests/data/render_cases.json) as displaCy dicts and Documents."""

from __future__ import annotations

import json
from functools import cache
from typing import Any

from viextract import DateValue, Document, Entity, Label

from .conftest import ROOT

CASES_FILE = ROOT / "tests" / "data" / "render_cases.json"


@cache
def _load() -> dict[str, Any]:
    data: dict[str, Any] = json.loads(CASES_FILE.read_text(encoding="utf-8"))
    return data


def cases() -> list[dict[str, Any]]:
    return list(_load()["cases"])


def malformed() -> list[dict[str, Any]]:
    return list(_load()["malformed"])


def ents(case: dict[str, Any]) -> list[dict[str, Any]]:
    """The case's entities with offsets, in the displaCy layout plus text/normalized/date."""
    text: str = case["text"]
    out = []
    for e in case["ents"]:
        start = text.index(e["find"])
        end = start + len(e["find"])
        ent: dict[str, Any] = {
            "start": start,
            "end": end,
            "label": e["label"],
            "text": text[start:end],
            "normalized": e.get("normalized", e.get("date", {}).get("value", e["find"])),
        }
        if "date" in e:
            ent["date"] = e["date"]
        out.append(ent)
    return out


def as_dict(case: dict[str, Any]) -> dict[str, Any]:
    return {"text": case["text"], "ents": ents(case), "title": None}


def is_document_case(case: dict[str, Any]) -> bool:
    return all(e["label"] in Label.__members__ for e in case["ents"])


def as_document(case: dict[str, Any]) -> Document:
    entities = []
    for e in ents(case):
        date = None if "date" not in e else DateValue.from_dict(e["date"])
        label = Label(e["label"])
        entities.append(Entity(e["text"], label, e["start"], e["end"], e["normalized"], date, "t"))
    return Document(text=case["text"], entities=tuple(entities))


def expected_title(ent: dict[str, Any]) -> str:
    """The start of the hover text: label and normalized (dates: TIMEX3) value."""
    if "date" in ent:
        return f"{ent['label']}: {ent['date']['value']}"
    return f"{ent['label']}: {ent['normalized']}"


def expected_value_tag(ent: dict[str, Any]) -> str | None:
    if "date" in ent:
        return str(ent["date"]["value"])
    return None if ent["normalized"] == ent["text"] else str(ent["normalized"])


def rendered_text(text: str) -> str:
    """What the reader sees as text: every kind of line break is one line break."""
    return text.replace("\r\n", "\n").replace("\r", "\n")
