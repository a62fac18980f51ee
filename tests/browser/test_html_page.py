"""The HTML page in a real browser: headless Chromium, measured over the DevTools protocol.

The page of an annotated corpus essay (tests/annotated.py) is opened from a file at
1280 px (a laptop), 400 px (a phone) and as printed on A4, and the layout is read from
the browser itself: the boxes of each bead, the page's width against the viewport's.
Screenshots are taken at 1280 and 400 px; with ALIGNREAD_UPDATE_SCREENSHOTS=1 the 1280 px
one is also written to docs/html-page.png for the README.
"""

from __future__ import annotations

import base64
import os
import re

import pytest

from alignread.formats.html_page import page
from alignread.store import pairfile
from tests.annotated import MARKED_BEAD, MARKUP_EN, annotated_essay
from tests.browser.chromium import Browser, chromium, png_size
from tests.paths import ROOT

README_SHOT = ROOT / "docs" / "html-page.png"
UPDATE = os.environ.get("ALIGNREAD_UPDATE_SCREENSHOTS") == "1"
# The height of the README's picture: the title, the concepts and the first beads.
README_HEIGHT = 1150
# A4 less the print stylesheet's margins (210 mm - 2 x 12 mm), in CSS pixels.
A4_CONTENT_WIDTH = round((210 - 24) / 25.4 * 96)
# Box edges may differ by rounding; anything more is a layout that is not level.
EPSILON = 0.5

# Measured in the page by the DevTools protocol (Runtime.evaluate), never part of it.
MEASURE = """(() => {
  const box = (bead, selector) => {
    const e = bead.querySelector(selector);
    if (!e) return null;
    const r = e.getBoundingClientRect();
    return {top: r.top + scrollY, bottom: r.bottom + scrollY, left: r.left, right: r.right, width: r.width};
  };
  // The top of the first line of text in a column, wherever its box is.
  const firstLine = (bead, selector) => {
    const range = document.createRange();
    range.selectNodeContents(bead.querySelector(selector));
    const r = range.getClientRects()[0];
    return {top: r.top + scrollY};
  };
  const doc = document.documentElement;
  const beads = [...document.querySelectorAll("section.bead")].map(b => ({
    id: b.id,
    gutter: box(b, ":scope > .gutter"),
    en: box(b, ":scope > .side.en"),
    ind: box(b, ":scope > .side.id"),
    enText: firstLine(b, ":scope > .side.en > p"),
    indText: firstLine(b, ":scope > .side.id > p"),
    notes: box(b, ":scope > .notes"),
    breakInside: getComputedStyle(b).breakInside,
  }));
  const wide = [...document.body.querySelectorAll("*")]
    .filter(e => e.getBoundingClientRect().right > doc.clientWidth + 0.5)
    .map(e => e.tagName.toLowerCase() + "." + e.className);
  return {
    viewport: innerWidth, clientWidth: doc.clientWidth, scrollWidth: doc.scrollWidth, beads, wide,
    scripts: document.scripts.length,
    background: getComputedStyle(document.body).backgroundColor,
  };
})()"""


@pytest.fixture(scope="module")
def browser():
    with chromium() as b:
        yield b


@pytest.fixture(scope="module")
def page_url(tmp_path_factory) -> str:
    path = tmp_path_factory.mktemp("page") / "word-of-mouth.html"
    path.write_text(page(annotated_essay(), "word-of-mouth"), encoding="utf-8")
    return path.as_uri()


def measure(browser: Browser, url: str, width: int, **options) -> dict:
    tab = browser.open(url, width, **options)
    try:
        found = tab.evaluate(MEASURE)
        found["requests"] = tab.requests()
        return found
    finally:
        tab.close()


def assert_fits(found: dict, width: int) -> None:
    assert found["viewport"] == width
    assert found["scrollWidth"] <= found["clientWidth"], "the page scrolls sideways"
    assert found["wide"] == [], f"wider than the viewport: {found['wide'][:5]}"


def level(*tops: float) -> bool:
    return max(tops) - min(tops) <= EPSILON


def test_at_1280_px_the_columns_of_each_bead_start_level(browser, page_url, tmp_path):
    tab = browser.open(page_url, 1280)
    try:
        found = tab.evaluate(MEASURE)
        marked = tab.evaluate(f'document.querySelector("#bead-{MARKED_BEAD + 1} .side.en .sentence").textContent')
        shot = tab.screenshot(tmp_path / "page-1280.png")
        full = tab.screenshot(tmp_path / "top-1280.png", height=README_HEIGHT)
        requests = tab.requests()
    finally:
        tab.close()
    assert_fits(found, 1280)
    beads = found["beads"]
    assert len(beads) == len(annotated_essay().beads)
    for b in beads:
        tops = [b["gutter"]["top"], b["en"]["top"], b["ind"]["top"]] + ([b["notes"]["top"]] if b["notes"] else [])
        assert level(*tops), (b["id"], tops)
        assert level(b["enText"]["top"], b["indText"]["top"]), (b["id"], "the first lines are level")
        # Side by side, in order: gutter, English, Indonesian, notes.
        assert b["gutter"]["right"] <= b["en"]["left"] < b["en"]["right"] <= b["ind"]["left"]
        if b["notes"]:
            assert b["ind"]["right"] <= b["notes"]["left"]
        assert b["en"]["width"] > 300 and abs(b["en"]["width"] - b["ind"]["width"]) <= EPSILON
    # Beads follow each other down the page.
    assert all(a["en"]["bottom"] <= b["en"]["top"] for a, b in zip(beads, beads[1:]))
    assert sum(1 for b in beads if b["notes"]) == 3
    assert marked == MARKUP_EN, "markup in the essay is shown as text"
    assert found["scripts"] == 0
    assert requests == [page_url], "the page loads nothing but itself"
    assert png_size(shot) == (1280, 900) and png_size(full) == (1280, README_HEIGHT)
    if UPDATE:
        README_SHOT.write_bytes(full.read_bytes())


def test_at_400_px_the_columns_stack(browser, page_url, tmp_path):
    tab = browser.open(page_url, 400)
    try:
        found = tab.evaluate(MEASURE)
        shot = tab.screenshot(tmp_path / "page-400.png")
    finally:
        tab.close()
    assert_fits(found, 400)
    for b in found["beads"]:
        assert b["gutter"]["bottom"] <= b["en"]["top"] + EPSILON, b["id"]
        assert b["en"]["bottom"] <= b["ind"]["top"] + EPSILON, b["id"]
        if b["notes"]:
            assert b["ind"]["bottom"] <= b["notes"]["top"] + EPSILON, b["id"]
        assert abs(b["en"]["left"] - b["ind"]["left"]) <= EPSILON
        assert b["en"]["width"] > 300, "a column takes the phone's width"
    assert png_size(shot) == (400, 900)


def test_without_notes_the_two_languages_take_the_room(browser, tmp_path):
    plain = tmp_path / "plain.html"
    plain.write_text(page(pairfile.load(ROOT / "tests" / "data" / "word-of-mouth.yaml")), encoding="utf-8")
    found = measure(browser, plain.as_uri(), 1280)
    assert_fits(found, 1280)
    for b in found["beads"]:
        assert b["notes"] is None and level(b["en"]["top"], b["ind"]["top"])
        assert b["en"]["width"] > 500 and abs(b["en"]["width"] - b["ind"]["width"]) <= EPSILON


def test_printed_on_a4_the_columns_stay_side_by_side_and_level(browser, page_url):
    found = measure(browser, page_url, A4_CONTENT_WIDTH, media="print")
    assert_fits(found, A4_CONTENT_WIDTH)
    for b in found["beads"]:
        assert level(b["en"]["top"], b["ind"]["top"]) and level(b["enText"]["top"], b["indText"]["top"]), b["id"]
        assert b["en"]["right"] <= b["ind"]["left"], b["id"]
        if b["notes"]:
            assert level(b["en"]["top"], b["notes"]["top"]) and b["ind"]["right"] <= b["notes"]["left"]
        assert b["breakInside"] == "avoid", "a bead is never cut across two pages"
    tab = browser.open(page_url, 1280)
    try:
        pdf = base64.b64decode(browser.send("Page.printToPDF", {"preferCSSPageSize": True}, tab.session)["data"])
    finally:
        tab.close()
    # Chromium writes each page's dictionary uncompressed: A4 (595 x 842 pt), several pages.
    assert pdf.startswith(b"%PDF")
    boxes = re.findall(rb"/MediaBox \[0 0 ([\d.]+) ([\d.]+)\]", pdf)
    assert len(boxes) >= 2 and all(abs(float(w) - 595) < 2 and abs(float(h) - 842) < 2 for w, h in boxes), boxes


def test_light_and_dark_follow_the_browser(browser, page_url):
    def luminance(css: str) -> float:
        r, g, b = (int(v) for v in css.removeprefix("rgb(").removesuffix(")").split(",")[:3])
        return (0.2126 * r + 0.7152 * g + 0.0722 * b) / 255

    light = measure(browser, page_url, 1280, color_scheme="light")["background"]
    dark = measure(browser, page_url, 1280, color_scheme="dark")["background"]
    assert luminance(light) > 0.9 and luminance(dark) < 0.15, (light, dark)


def test_the_readme_shows_the_page_as_this_test_takes_it():
    assert README_SHOT.is_file(), "run with ALIGNREAD_UPDATE_SCREENSHOTS=1 to write it"
    assert png_size(README_SHOT) == (1280, README_HEIGHT)
    assert README_SHOT.stat().st_size < 400_000, "keep the README's picture small"
    assert "docs/html-page.png" in (ROOT / "README.md").read_text(encoding="utf-8")


def test_a_missing_browser_fails_in_ci_and_is_skipped_elsewhere(monkeypatch):
    from tests.browser import chromium as module

    monkeypatch.setattr(module.shutil, "which", lambda name: None)
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="apt-get install -y chromium"):
        module.chromium_executable()
    monkeypatch.delenv("CI")
    with pytest.raises(pytest.skip.Exception):
        module.chromium_executable()
