"""The rendered HTML in a real headless browser (Debian's chromium): nothing injected runs, every
entity is a visible highlighted element with its label, line breaks show.

The page holds the rendered documents plus a small probe script of the test's own; the probe
runs after load, measures the live DOM (computed colours, sizes, innerText) and writes its
findings as JSON into the page, which chromium prints with ``--dump-dom``. No network is used.
"""

from __future__ import annotations

import json
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from viextract.output.render import html_from_displacy

from . import render_cases as rc
from .htmltree import parse

CHROMIUM = shutil.which("chromium") or (
    "/usr/bin/chromium" if Path("/usr/bin/chromium").exists() else None
)
TAG_CLASSES = frozenset({"viextract-tag", "viextract-value"})
PAGE_TITLE = "viextract-probe"

PROBE = """
window.addEventListener('load', function () {
  var out = {title: document.title, pwned: window.__pwned === true, docs: []};
  var hidden = document.querySelectorAll('.viextract-tag, .viextract-value');
  document.querySelectorAll('.case').forEach(function (c) {
    var d = {name: c.getAttribute('data-case'), marks: [],
             scripts: c.querySelectorAll('script').length,
             elements: Array.from(c.querySelectorAll('*')).map(function (e) {
               return e.tagName.toLowerCase(); })};
    c.querySelectorAll('mark.viextract-ent').forEach(function (m) {
      var r = m.getBoundingClientRect();
      d.marks.push({label: m.getAttribute('data-label'), title: m.getAttribute('title'),
                    bg: getComputedStyle(m).backgroundColor, width: r.width, height: r.height});
    });
    hidden.forEach(function (h) { h.style.display = 'none'; });
    d.shownText = c.querySelector('.viextract-text').innerText;
    hidden.forEach(function (h) { h.style.display = ''; });
    out.docs.push(d);
  });
  document.getElementById('probe-result').textContent = JSON.stringify(out);
});
"""


def build_page(cases: list[dict[str, Any]]) -> str:
    blocks = "".join(f'<div class="case" data-case="{c["name"]}">{render(c)}</div>' for c in cases)
    return (
        f'<!doctype html><html><head><meta charset="utf-8"><title>{PAGE_TITLE}</title></head>'
        f'<body>{blocks}<pre id="probe-result">probe did not run</pre>'
        f"<script>{PROBE}</script></body></html>"
    )


def render(case: dict[str, Any]) -> str:
    if rc.is_document_case(case):
        return rc.as_document(case)._repr_html_()
    return html_from_displacy(rc.as_dict(case))


@pytest.fixture(scope="module")
def dumped(tmp_path_factory: pytest.TempPathFactory) -> str:
    if CHROMIUM is None:
        pytest.skip(
            "chromium is not installed (Debian: apt-get install chromium); .ci/run installs it"
        )
    tmp = tmp_path_factory.mktemp("browser")
    page = tmp / "page.html"
    page.write_text(build_page(rc.cases()), encoding="utf-8")
    cmd = [
        CHROMIUM,
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        "--disable-extensions",
        f"--user-data-dir={tmp / 'profile'}",
        "--virtual-time-budget=3000",
        "--dump-dom",
        page.as_uri(),
    ]
    r = subprocess.run(cmd, capture_output=True, text=True, timeout=90)
    assert r.returncode == 0, r.stderr[-2000:]
    return r.stdout


@pytest.fixture(scope="module")
def probe(dumped: str) -> dict[str, Any]:
    text = parse(dumped).find("pre", id="probe-result").text()
    assert text != "probe did not run", "the probe script did not run in chromium"
    result: dict[str, Any] = json.loads(text)
    return result


def test_injected_markup_did_not_run(probe: dict[str, Any], dumped: str) -> None:
    assert probe["title"] == PAGE_TITLE  # `document.title='pwned'` payloads never ran
    assert not probe["pwned"]
    root = parse(dumped)
    assert root.find("title").text() == PAGE_TITLE
    # The only script in the live DOM is the probe; no image or other element was injected.
    assert len(root.find_all("script")) == 1
    for d in probe["docs"]:
        assert d["scripts"] == 0, d["name"]
        assert set(d["elements"]) <= {"div", "span", "mark", "br"}, d["name"]


def test_every_entity_is_a_visible_highlight_with_its_label(probe: dict[str, Any]) -> None:
    by_name = {d["name"]: d for d in probe["docs"]}
    colors: dict[str, set[str]] = {}
    for case in rc.cases():
        ents = rc.ents(case)
        marks = by_name[case["name"]]["marks"]
        assert [m["label"] for m in marks] == [e["label"] for e in ents], case["name"]
        for m, e in zip(marks, ents, strict=True):
            assert m["title"].startswith(rc.expected_title(e))
            assert m["width"] > 0 and m["height"] > 0
            assert m["bg"] not in ("rgba(0, 0, 0, 0)", "transparent")
            colors.setdefault(m["label"], set()).add(m["bg"])
    known = {lb: c for lb, c in colors.items() if lb in ("PER", "LOC", "ORG", "DATE")}
    assert set(known) == {"PER", "LOC", "ORG", "DATE"}
    assert all(len(c) == 1 for c in known.values())  # one colour per label ...
    assert len({next(iter(c)) for c in known.values()}) == 4  # ... distinct across labels


def test_shown_text_is_the_input_with_line_breaks(probe: dict[str, Any]) -> None:
    by_name = {d["name"]: d for d in probe["docs"]}
    for case in rc.cases():
        assert by_name[case["name"]]["shownText"] == rc.rendered_text(case["text"]), case["name"]


def test_dumped_dom_marks_match_entities(dumped: str) -> None:
    root = parse(dumped)
    cases = {c.attrs["data-case"]: c for c in root.find_all("div", cls="case")}
    for case in rc.cases():
        marks = cases[case["name"]].find_all("mark", cls="viextract-ent")
        got = [(m.attrs["data-label"], m.text(TAG_CLASSES)) for m in marks]
        want = [(e["label"], rc.rendered_text(e["text"])) for e in rc.ents(case)]
        assert got == want, case["name"]
