"""Input formats through the command line: a saved blog post imported, a book aligned from
EPUB and Markdown, and bad files refused in one line with nothing written."""

from __future__ import annotations

import html

import pytest
from click.testing import CliRunner

from alignread.cli import main
from alignread.store import pairfile
from tests.paths import CORPORA
from tests.unit.test_readers import BOILERPLATE, epub_bytes


@pytest.fixture
def runner() -> CliRunner:
    return CliRunner()


def saved_blog_post(text: str) -> str:
    """A blog post as a browser saves it: the essay's paragraphs inside the page's furniture."""
    from alignread.nlp import paragraph_spans

    paragraphs = [text[a:b] for a, b in paragraph_spans(text)]
    body = f"<h1>{html.escape(paragraphs[0])}</h1>\n" + "\n".join(
        f"<p>{html.escape(p)}</p>" for p in paragraphs[1:])
    return f"""<!DOCTYPE html><html><head><meta charset="utf-8"><title>{html.escape(paragraphs[0])}</title></head>
<body><header><nav><a href="/">{BOILERPLATE[0]}</a> · <a href="/about">{BOILERPLATE[1]}</a></nav></header>
<aside class="widget ads"><p>{BOILERPLATE[2]} at our partner shop, today only!</p></aside>
<main><article class="post">{body}</article></main>
<section id="comments"><h3>One comment</h3><p>{BOILERPLATE[3]}, this helped me a lot.</p></section>
<footer><p>{BOILERPLATE[4]}. {BOILERPLATE[5]}.</p></footer></body></html>"""


def test_import_takes_a_saved_blog_post_as_it_takes_the_text(runner, tmp_path):
    text = (CORPORA / "first-ten-readers.txt").read_text(encoding="utf-8")
    page = tmp_path / "post.html"
    page.write_text(saved_blog_post(text), encoding="utf-8")
    from_text = runner.invoke(main, ["import", str(CORPORA / "first-ten-readers.txt"), "-o", str(tmp_path / "t.yaml")])
    from_page = runner.invoke(main, ["import", str(page), "-o", str(tmp_path / "p.yaml")])
    assert from_page.exit_code == 0, from_page.output
    summary = from_text.stderr.split(": ", 2)[2].split(" -> ")[0]
    assert summary in from_page.stderr  # the same blocks, sentences and beads
    pair = pairfile.load(tmp_path / "p.yaml")
    expected = pairfile.load(tmp_path / "t.yaml")
    assert [b.kind for b in pair.beads] == [b.kind for b in expected.beads]
    for junk in BOILERPLATE:
        assert junk not in pair.en.text and junk not in pair.ind.text


def test_a_book_in_two_formats_is_aligned_by_chapter(runner, tmp_path):
    chapters = []
    for name in ("word-of-mouth", "persuasion"):
        en = (CORPORA / f"{name}.en.txt").read_text(encoding="utf-8").strip().split("\n\n")
        ind = (CORPORA / f"{name}.id.txt").read_text(encoding="utf-8").strip().split("\n\n")
        chapters.append((en, ind))
    (tmp_path / "book.en.epub").write_bytes(epub_bytes([(en[0], en[1:]) for en, _ in chapters]))
    (tmp_path / "book.id.md").write_text(
        "\n\n".join(f"# {ind[0]}\n\n" + "\n\n".join(ind[1:]) for _, ind in chapters) + "\n", encoding="utf-8")
    out = tmp_path / "book.yaml"
    result = runner.invoke(main, ["align", str(tmp_path / "book"), "-o", str(out)])
    assert result.exit_code == 0, result.output
    pair = pairfile.load(out)
    assert pair.en.format == "epub" and pair.ind.format == "md"
    assert [c.title for c in pair.en.chapters] == [en[0] for en, _ in chapters]
    assert pair.chapter_pairs == (((0,), (0,)), ((1,), (1,)))
    tmx = runner.invoke(main, ["export", str(out), "--format", "tmx"])
    assert '<prop type="x-chapter">How Persuasion Works</prop>' in tmx.output


@pytest.mark.parametrize("name, data, problem", [
    ("book.en.epub", epub_bytes([("One", ["A sentence."])], drm=True), "protected by DRM"),
    ("book.en.epub", b"PK\x03\x04\x14\x00 cut short", "damaged ZIP archive"),
    ("book.en.html", b"<html><body><nav><a href='/'>Home</a></nav><footer>(c) 2026</footer></body></html>",
     "holds no main text"),
    ("book.en.docx", b"%PDF-1.4 a PDF renamed to .docx", "is not a Word document"),
])
def test_bad_inputs_get_one_line_exit_2_and_nothing_is_written(runner, tmp_path, name, data, problem):
    bad = tmp_path / name
    bad.write_bytes(data)
    out = tmp_path / "out.yaml"
    for args in (["align", str(bad), str(CORPORA / "persuasion.id.txt"), "-o", str(out)],
                 ["import", str(bad), "-o", str(out)]):
        result = runner.invoke(main, args)
        assert result.exit_code == 2, result.output
        lines = result.stderr.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith(f"alignread: error: {bad}: ") and problem in lines[0]
        assert not out.exists()
    assert list(tmp_path.iterdir()) == [bad]
