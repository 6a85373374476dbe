"""HTML rendering of a document's entities, for notebooks and reports.

Two pure steps::

    data = to_displacy(doc)          # Document -> plain dict (displaCy's manual "ent" layout)
    html = html_from_displacy(data)  # plain dict -> self-contained HTML string

``render_html(doc)`` does both; ``Document._repr_html_`` calls it, so a document shows itself
highlighted in Jupyter. The dict is the one spaCy's ``displacy.render(data, style="ent",
manual=True)`` accepts: ``{"text": str, "ents": [{"start", "end", "label", ...}], "title": None}``;
each entity also carries ``text``, ``normalized`` and, for dates, ``date`` (as in
:meth:`Entity.to_dict`).

The HTML uses inline styles only: no script, no stylesheet, no external resource. Every piece of
input (text, labels, normalized values, date fields) is HTML-escaped, in element content and in
attribute values alike, so a text containing markup renders as that text.
"""

from __future__ import annotations

import html
import itertools
import re
import zlib
from collections import Counter
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Any

from ..errors import InputError

if TYPE_CHECKING:
    from ..document import Document

#: Background colour of each known label (dark text stays readable on all of them).
LABEL_COLORS: Mapping[str, str] = {
    "PER": "#aedcf7",
    "LOC": "#bfeab8",
    "ORG": "#ffd39e",
    "DATE": "#e2d1ff",
}
_OTHER_COLORS = ("#fff1a1", "#ffc7dc", "#c8f1ec", "#e6dfcc", "#f3c9a9", "#d7e3a4")
_LABEL_ORDER = tuple(LABEL_COLORS)

_NEWLINE = re.compile(r"\r\n|\r|\n")

_DOC_STYLE = "line-height:2.2;overflow-wrap:anywhere;max-width:100%"
_TEXT_STYLE = "white-space:pre-wrap"
_LEGEND_STYLE = "margin:0 0 0.4em 0;font-size:0.85em;line-height:1.8"
_CHIP_STYLE = (
    "display:inline-block;color:#111;padding:0 0.5em;margin:0 0.4em 0 0;border-radius:0.3em;"
    "font-weight:bold"
)
_MARK_STYLE = "color:#111;padding:0.15em 0.3em;margin:0 0.1em;border-radius:0.35em;line-height:1"
_TAG_STYLE = (
    "font-size:0.7em;font-weight:bold;margin-left:0.35em;vertical-align:middle;"
    "white-space:nowrap;user-select:none"
)
_VALUE_STYLE = (
    "font-size:0.7em;margin-left:0.3em;padding:0 0.25em;border-radius:0.25em;"
    "background:rgba(255,255,255,0.65);vertical-align:middle;white-space:nowrap;user-select:none"
)


def _esc(value: object) -> str:
    """Escape for element content and double- or single-quoted attribute values."""
    return html.escape(str(value), quote=True)


def _esc_text(value: str) -> str:
    """Escape text content, turning every line break into ``<br>``."""
    return "<br>".join(_esc(part) for part in _NEWLINE.split(value))


def label_color(label: str) -> str:
    """The background colour used for ``label`` (stable across runs for unknown labels too)."""
    known = LABEL_COLORS.get(label)
    if known is not None:
        return known
    return _OTHER_COLORS[zlib.crc32(label.encode("utf-8")) % len(_OTHER_COLORS)]


def to_displacy(doc: Document) -> dict[str, Any]:
    """The document as a plain dict in displaCy's manual "ent" layout (JSON-ready).

    ``{"text": doc.text, "ents": [e.to_dict() for e in doc.entities], "title": None}``: each
    entity has ``start``, ``end``, ``label`` (a plain str), ``text``, ``normalized`` and, for
    dates, ``date`` (see :meth:`DateValue.to_dict`).
    """
    return {"text": doc.text, "ents": [e.to_dict() for e in doc.entities], "title": None}


def _checked_ents(text: str, ents: object) -> list[Mapping[str, Any]]:
    if not isinstance(ents, Sequence) or isinstance(ents, (str, bytes)):
        raise InputError("'ents' must be a list of dicts with 'start', 'end' and 'label'")
    out: list[Mapping[str, Any]] = []
    for ent in ents:
        if not isinstance(ent, Mapping):
            raise InputError(f"each entity must be a dict, got {type(ent).__name__}")
        start, end = ent.get("start"), ent.get("end")
        if not (isinstance(start, int) and isinstance(end, int)) or isinstance(start, bool):
            raise InputError(f"entity offsets must be integers: {ent!r}")
        if not 0 <= start < end <= len(text):
            raise InputError(f"entity offsets {start}:{end} are outside the text: {ent!r}")
        if "label" not in ent:
            raise InputError(f"entity has no 'label': {ent!r}")
        out.append(ent)
    out.sort(key=lambda e: (e["start"], e["end"]))
    for prev, cur in itertools.pairwise(out):
        if cur["start"] < prev["end"]:
            raise InputError(
                f"entities overlap: {prev['start']}:{prev['end']} and {cur['start']}:{cur['end']}"
            )
    return out


#: How a date's modifier ("đầu/giữa/cuối tháng 10") is shown in the tag and the tooltip.
_MODIFIERS = {"START": "start", "MID": "middle", "END": "end"}


def _shown_value(ent: Mapping[str, Any], text: str) -> str | None:
    """The small tag's value: a date's TIMEX3 value, a name's normalized form if it differs."""
    date = ent.get("date")
    if isinstance(date, Mapping) and date.get("value") is not None:
        modifier = _MODIFIERS.get(str(date.get("modifier")))
        return f"{modifier} {date['value']}" if modifier else str(date["value"])
    normalized = ent.get("normalized")
    if normalized is None or str(normalized) == text:
        return None
    return str(normalized)


def _title(ent: Mapping[str, Any], label: str) -> str:
    """Hover text: label and normalized value; for dates also grain and range end."""
    date = ent.get("date")
    if isinstance(date, Mapping) and date.get("value") is not None:
        title = f"{label}: {date['value']}"
        extras = []
        modifier = _MODIFIERS.get(str(date.get("modifier")))
        if modifier:
            extras.append(f"{modifier} of it")
        if date.get("grain") is not None:
            extras.append(f"grain {date['grain']}")
        end = date.get("end")
        if isinstance(end, Mapping) and end.get("value") is not None:
            extras.append(f"until {end['value']}")
        if date.get("resolved") is False:
            extras.append("unresolved")
        return f"{title} ({', '.join(extras)})" if extras else title
    normalized = ent.get("normalized")
    canonical = ent.get("canonical")
    score = ent.get("score")
    shown = f" (score {score:.2f})" if isinstance(score, float) and score < 1 else ""
    if normalized is None:
        return label + shown
    if canonical is not None and str(canonical) != str(normalized):
        return f"{label}: {normalized} = {canonical}{shown}"
    return f"{label}: {normalized}{shown}"


def _legend(labels: Counter[str]) -> str:
    if not labels:
        return f'<div class="viextract-legend" style="{_LEGEND_STYLE}">no entities</div>'
    order = [lb for lb in _LABEL_ORDER if lb in labels]
    order += sorted(lb for lb in labels if lb not in LABEL_COLORS)
    chips = "".join(
        f'<span class="viextract-legend-item" data-label="{_esc(lb)}" '
        f'style="{_CHIP_STYLE};background:{label_color(lb)}">'
        f"{_esc(lb)} {labels[lb]}</span>"
        for lb in order
    )
    return f'<div class="viextract-legend" style="{_LEGEND_STYLE}">{chips}</div>'


def html_from_displacy(data: Mapping[str, Any]) -> str:
    """Self-contained HTML for a dict in displaCy's manual "ent" layout.

    Entities are ``<mark class="viextract-ent">`` elements with ``data-label``, ``data-start``,
    ``data-end`` and a ``title`` (shown on hover) giving the normalized value, followed inside
    the mark by a small label tag and, where useful, a value tag (a date's TIMEX3 value, or a
    name's normalized form when it differs from the text). A legend lists the labels present.
    Line breaks become ``<br>``. Raises :class:`~viextract.InputError` for a malformed dict
    (offsets outside the text, overlapping entities, missing keys).
    """
    if not isinstance(data, Mapping) or not isinstance(data.get("text"), str):
        raise InputError("expected a dict with a 'text' string and an 'ents' list")
    text: str = data["text"]
    ents = _checked_ents(text, data.get("ents", []))
    parts: list[str] = []
    labels: Counter[str] = Counter()
    pos = 0
    for ent in ents:
        start, end = ent["start"], ent["end"]
        label = str(ent["label"])
        labels[label] += 1
        surface = text[start:end]
        parts.append(_esc_text(text[pos:start]))
        value = _shown_value(ent, surface)
        value_tag = (
            ""
            if value is None
            else f'<span class="viextract-value" style="{_VALUE_STYLE}">{_esc(value)}</span>'
        )
        parts.append(
            f'<mark class="viextract-ent" data-label="{_esc(label)}" data-start="{start}" '
            f'data-end="{end}" title="{_esc(_title(ent, label))}" '
            f'style="{_MARK_STYLE};background:{label_color(label)}">'
            f"{_esc_text(surface)}"
            f'<span class="viextract-tag" style="{_TAG_STYLE}">{_esc(label)}</span>'
            f"{value_tag}</mark>"
        )
        pos = end
    parts.append(_esc_text(text[pos:]))
    title = data.get("title")
    heading = (
        ""
        if title is None
        else f'<div class="viextract-title" style="font-weight:bold">{_esc_text(str(title))}</div>'
    )
    return (
        f'<div class="viextract-doc" style="{_DOC_STYLE}">{heading}{_legend(labels)}'
        f'<div class="viextract-text" style="{_TEXT_STYLE}">{"".join(parts)}</div></div>'
    )


def render_html(doc: Document) -> str:
    """The document as self-contained HTML, entities highlighted (what Jupyter displays)."""
    return html_from_displacy(to_displacy(doc))
