"""The HTML page of an aligned pair, read back with an HTML parser.

The page is made from a corpus essay whose texts and notes hold `<script>`, `<b>`, `&`
and quotes (tests/annotated.py). Every bead must be on the page, in order, with exactly
its sentences on each side; no markup from the essay or the notes may become markup of
the page; every link must land on the page. How the page looks in a browser is checked in
tests/browser.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser

import pytest

from alignread.core.model import Bead, TextPair
from alignread.formats import render
from alignread.formats.html_page import IndexEntry, corpus_index, note_html, page
from tests.annotated import MARKED_BEAD, MARKUP_EN, MARKUP_ID, PHRASE_EN, PHRASE_ID, annotated_essay

VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}
# Every element the page may use; anything else came from the essay or a note.
ALLOWED = {
    "html", "head", "meta", "title", "style", "body", "div", "header", "h1", "h2", "p", "span", "nav", "ul",
    "ol", "li", "a", "q", "main", "section", "mark", "aside", "article", "blockquote", "footer", "em",
    "strong", "br", "code", "pre", "table", "thead", "tbody", "tr", "th", "td",
}


@dataclass
class Element:
    tag: str
    attrs: dict[str, str]
    children: list[Element | str] = field(default_factory=list)

    @property
    def classes(self) -> set[str]:
        return set(self.attrs.get("class", "").split())

    def text(self, skip: set[str] = frozenset()) -> str:
        return "".join(c if isinstance(c, str) else ("" if c.classes & skip else c.text(skip)) for c in self.children)

    def walk(self):
        yield self
        for c in self.children:
            if isinstance(c, Element):
                yield from c.walk()

    def find_all(self, tag: str, cls: str | None = None) -> list[Element]:
        return [e for e in self.walk() if e.tag == tag and (cls is None or cls in e.classes)]

    def find(self, tag: str, cls: str | None = None) -> Element:
        found = self.find_all(tag, cls)
        assert found, f"no <{tag} class={cls}>"
        return found[0]

    def child(self, tag: str, cls: str) -> Element | None:
        return next((c for c in self.children if isinstance(c, Element) and c.tag == tag and cls in c.classes), None)


class TreeBuilder(HTMLParser):
    """A tree of the page, checking that every element is closed where it should be."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.root = Element("#document", {})
        self.stack = [self.root]
        self.tags: list[str] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append(tag)
        element = Element(tag, {k: v or "" for k, v in attrs})
        self.stack[-1].children.append(element)
        if tag not in VOID:
            self.stack.append(element)

    def handle_startendtag(self, tag, attrs):
        self.tags.append(tag)
        self.stack[-1].children.append(Element(tag, {k: v or "" for k, v in attrs}))

    def handle_endtag(self, tag):
        assert self.stack[-1].tag == tag, f"</{tag}> closes <{self.stack[-1].tag}>"
        self.stack.pop()

    def handle_data(self, data):
        self.stack[-1].children.append(data)


def parse(html: str) -> TreeBuilder:
    builder = TreeBuilder()
    builder.feed(html)
    builder.close()
    assert builder.stack == [builder.root], "unclosed elements"
    return builder


@pytest.fixture(scope="module")
def essay() -> TextPair:
    return annotated_essay()


@pytest.fixture(scope="module")
def tree(essay) -> TreeBuilder:
    return parse(page(essay, "word-of-mouth"))


def beads_of(tree: TreeBuilder) -> list[Element]:
    return tree.root.find_all("section", "bead")


def side_text(bead: Element, side: str) -> str:
    column = bead.child("div", side)
    assert column is not None and column.attrs["lang"] == side
    paragraphs = [p.text() for p in column.find_all("p") if not p.classes & {"chips", "missing"}]
    return " ".join(paragraphs)


def expected(pair: TextPair, bead: Bead, side: str) -> str:
    return pair.bead_text(bead, side)


def test_every_bead_is_on_the_page_in_order_with_its_sentences(essay, tree):
    beads = beads_of(tree)
    assert [b.attrs["id"] for b in beads] == [f"bead-{k + 1}" for k in range(len(essay.beads))]
    for element, bead in zip(beads, essay.beads):
        assert element.attrs["data-kind"] == bead.kind
        for side in ("en", "id"):
            assert side_text(element, side) == expected(essay, bead, side), (element.attrs["id"], side)
    # Every sentence of both texts, once, in order.
    for side, text in (("en", essay.en), ("id", essay.ind)):
        spans = [s.text() for b in beads for s in b.child("div", side).find_all("span", "sentence")]
        assert spans == [sentence.text for sentence in text.sentences]


def test_markup_in_the_essay_and_the_notes_is_shown_as_text(essay, tree):
    assert set(tree.tags) <= ALLOWED, set(tree.tags) - ALLOWED
    assert "script" not in tree.tags and "b" not in tree.tags
    assert not [a for e in tree.root.walk() for a in e.attrs if a.startswith("on")], "no event handlers"
    marked = beads_of(tree)[MARKED_BEAD]
    assert side_text(marked, "en") == MARKUP_EN
    assert side_text(marked, "id") == MARKUP_ID
    note = marked.child("aside", "notes").find("div", "note")
    text = note.text()
    assert '<script>alert("note")</script>' in text and 'A & B say "cousin" <b>twice</b>.' in text
    assert "<em>one</em>" in text and "two & three" in text
    # The note's own Markdown is rendered: emphasis, a list, its line break.
    assert note.find("em").text() == "text" and len(note.find_all("li")) == 2 and note.find_all("br")


def test_the_page_loads_nothing(tree):
    """No script, no stylesheet, image or font from elsewhere: links stay on the page."""
    elements = list(tree.root.walk())
    assert not [e for e in elements if e.tag in ("script", "link", "img", "iframe", "object", "embed")]
    assert not [e for e in elements if "src" in e.attrs]
    style = tree.root.find("style").text()
    assert "url(" not in style and "@import" not in style
    hrefs = [e.attrs["href"] for e in elements if "href" in e.attrs]
    assert hrefs and all(h.startswith("#") for h in hrefs)


def test_every_link_lands_and_every_id_is_unique(tree):
    ids = [e.attrs["id"] for e in tree.root.walk() if "id" in e.attrs]
    assert len(ids) == len(set(ids))
    targets = {e.attrs["href"][1:] for e in tree.root.walk() if e.attrs.get("href", "").startswith("#")}
    assert targets <= set(ids), targets - set(ids)


def test_one_sided_beads_say_which_side_is_missing(essay, tree):
    k = next(k for k, b in enumerate(essay.beads) if not b.en)
    bead = beads_of(tree)[k]
    assert bead.attrs["data-kind"] == "0-1"
    assert bead.child("div", "en").find("p", "missing").text() == "— not in the English —"
    assert bead.child("div", "id").find_all("p", "missing") == []


def test_phrases_are_marked_and_chips_shown_in_both_languages(tree):
    beads = beads_of(tree)
    (en_phrase,) = beads[3].child("div", "en").find_all("mark", "phrase")
    assert en_phrase.text() == PHRASE_EN and en_phrase.attrs["title"] == "story that spreads"
    (id_phrase,) = beads[6].child("div", "id").find_all("mark", "phrase")
    assert id_phrase.text() == PHRASE_ID and id_phrase.attrs["title"] == "getok tular"

    def chips(bead: Element, side: str) -> list[str]:
        return [c.text() for c in bead.child("div", side).find_all("a", "chip")]

    assert chips(beads[6], "en") == ["word of mouth", "trust"]
    assert chips(beads[6], "id") == ["getok tular", "kepercayaan"]
    assert chips(beads[3], "id") == ["kisah yang menyebar"], "a phrase's concept shows on both sides"
    assert chips(beads[0], "en") == []


def test_notes_sit_beside_their_beads(tree):
    beads = beads_of(tree)
    assert [k for k, b in enumerate(beads) if b.child("aside", "notes")] == [3, 6, MARKED_BEAD]
    phrase_note = beads[3].child("aside", "notes").find("div", "note")
    assert phrase_note.find("q").text() == PHRASE_EN
    assert phrase_note.find("em").text() == "find"
    assert phrase_note.find_all("p")[1].text() == 'A place you can find: "behind" & not "near".'


def test_the_concept_list_links_to_every_place(tree):
    nav = tree.root.find("nav", "concepts")
    items = {li.attrs["id"]: li for li in nav.find_all("li")}
    assert list(items) == ["concept-word-of-mouth", "concept-trust", "concept-story-that-spreads"]
    places = {cid: [a.attrs["href"] for a in li.find("span", "places").find_all("a")] for cid, li in items.items()}
    assert places["concept-trust"] == ["#bead-7", "#bead-11", f"#bead-{MARKED_BEAD + 1}"]
    assert places["concept-word-of-mouth"] == ["#bead-7", "#phrase-a5"]
    assert places["concept-story-that-spreads"] == ["#phrase-a4", "#bead-27"]
    # Chips link back to the list.
    assert beads_of(tree)[6].child("div", "id").find("a", "chip").attrs["href"] == "#concept-word-of-mouth"


def test_marks_for_low_confidence_and_confirmed_beads(tree):
    beads = beads_of(tree)
    assert beads[5].find("span", "low").text() == "?"
    assert beads[8].find("span", "ok").text() == "✓"
    assert not beads[0].find_all("span", "mark")


def test_detached_notes_are_listed_after_the_beads():
    from tests.unit.test_exports import study_pair

    tree = parse(render(study_pair(), "html"))
    detached = tree.root.find("section", "detached")
    (article,) = detached.find_all("article")
    assert article.attrs["id"] == "note-a4"
    assert [b.text() for b in article.find_all("blockquote")] == ["An old sentence that was cut.",
                                                                  "Kalimat lama yang dihapus."]
    assert "#note-a4" in [a.attrs["href"] for a in tree.root.find("nav", "concepts").find_all("a")]


def test_a_note_is_markdown_with_raw_html_escaped_and_no_images():
    html = note_html('*a* <script>alert(1)</script> & "q"\nnext\n\n![x](http://example.org/x.png)')
    assert "<script" not in html and "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert "<em>a</em>" in html and "<br" in html
    assert "<img" not in html, "an image would be fetched from the network"
    assert 'href="javascript:' not in note_html("[click](javascript:alert(1))")


def test_the_corpus_index_links_every_document():
    html = corpus_index([
        IndexEntry("word-of-mouth", "word-of-mouth.html", "How a Story Spreads", "alignread contributors", 36, 36, 37),
        IndexEntry("odd", "odd.html", "<b>Odd</b> & \"quoted\"", beads=2),
    ])
    tree = parse(html)
    links = tree.root.find("tbody").find_all("a")
    assert [(a.attrs["href"], a.text()) for a in links] == [
        ("word-of-mouth.html", "How a Story Spreads"), ("odd.html", '<b>Odd</b> & "quoted"')]
    assert "b" not in tree.tags and "script" not in tree.tags


def test_the_page_of_an_empty_pair_still_parses():
    from alignread.core.model import Text

    empty = TextPair(Text("en", "", (), ()), Text("id", "", (), ()))
    tree = parse(page(empty))
    assert beads_of(tree) == [] and tree.root.find("h1").text() == "text pair"
