"""Batch alignment: outputs, skipping unchanged documents, resuming, failures, annotations."""

from __future__ import annotations

import shutil
import xml.etree.ElementTree as ET
from dataclasses import replace
from pathlib import Path

import pytest

from alignread.core.model import Annotation
from alignread.store import pairfile
from alignread.store.outputs import load_outputs
from alignread.workflows.batch import (
    STATE,
    BatchOptions,
    DocumentDone,
    DocumentStarted,
    Finished,
    Started,
    pool,
    run_batch,
    run_to_end,
)
from alignread.workflows.batch import document as batch

CORPORA = Path(__file__).resolve().parents[2] / "corpora"
ESSAYS = ("persuasion", "slow-reading", "word-of-mouth")


def first_paragraphs(name: str, lang: str, count: int = 3) -> str:
    text = (CORPORA / f"{name}.{lang}.txt").read_text(encoding="utf-8")
    return "\n\n".join(text.split("\n\n")[:count]) + "\n"


@pytest.fixture
def corpus(tmp_path) -> Path:
    """Three short essays (the first paragraphs of the bundled ones) and a concepts file."""
    folder = tmp_path / "corpus"
    folder.mkdir()
    for name in ESSAYS:
        for lang in ("en", "id"):
            (folder / f"{name}.{lang}.txt").write_text(first_paragraphs(name, lang), encoding="utf-8")
    shutil.copy(CORPORA / "concepts.yaml", folder / "concepts.yaml")
    return folder


def statuses(summary) -> dict[str, str]:
    return {r.name: r.status for r in summary.reports}


def test_every_document_is_aligned_into_yaml_and_the_requested_exports(corpus, tmp_path):
    out = tmp_path / "out"
    summary = run_to_end(corpus, out, BatchOptions(formats=("yaml", "tmx", "tsv", "beads", "md")), jobs=1)
    assert statuses(summary) == {name: "aligned" for name in ESSAYS}
    en_total = id_total = beads = 0
    for name in ESSAYS:
        pair = pairfile.load(out / f"{name}.yaml")
        assert pair.en.text == first_paragraphs(name, "en")
        assert {c.id for c in pair.concepts} >= {"trust", "reciprocity"}, "concepts.yaml is copied in"
        assert pair.provenance_dict()["settings"] == summary.reports[0].settings
        root = ET.parse(out / f"{name}.tmx").getroot()
        assert len(root.findall("body/tu")) == sum(1 for b in pair.beads if b.en and b.ind)
        assert (out / f"{name}.beads").read_text().count("\n") == len(pair.beads)
        assert (out / f"{name}.md").read_text().startswith("# Study notes")
        en_total += len(pair.en.sentences)
        id_total += len(pair.ind.sentences)
        beads += len(pair.beads)
    assert sum(r.en_sentences for r in summary.reports) == en_total
    assert sum(r.id_sentences for r in summary.reports) == id_total
    assert sum(summary.bead_kinds().values()) == beads
    assert (out / STATE).is_file()


def test_a_second_run_skips_unchanged_documents_and_realigns_a_changed_one(corpus, tmp_path):
    out = tmp_path / "out"
    run_to_end(corpus, out, jobs=1)
    stamps = {name: (out / f"{name}.yaml").stat().st_mtime_ns for name in ESSAYS}
    events = list(run_batch(corpus, out, jobs=1))
    started = next(e for e in events if isinstance(e, Started))
    assert started.to_process == 0, "decided from the state file, without aligning"
    assert not any(isinstance(e, DocumentStarted) for e in events)
    assert statuses(events[-1].summary) == {name: "unchanged" for name in ESSAYS}
    assert {name: (out / f"{name}.yaml").stat().st_mtime_ns for name in ESSAYS} == stamps
    assert events[-1].summary.count("unchanged") == 3 and sum(r.en_sentences for r in events[-1].summary.reports) > 0

    edited = corpus / "slow-reading.en.txt"
    edited.write_text(edited.read_text(encoding="utf-8").replace("\n\n", "\n\nA sentence added here. ", 1),
                      encoding="utf-8")
    summary = run_to_end(corpus, out, jobs=1)
    assert statuses(summary) == {"persuasion": "unchanged", "slow-reading": "aligned", "word-of-mouth": "unchanged"}
    assert "A sentence added here." in pairfile.load(out / "slow-reading.yaml").en.text


def test_without_the_state_file_the_outputs_themselves_are_checked(corpus, tmp_path):
    out = tmp_path / "out"
    run_to_end(corpus, out, jobs=1)
    (out / STATE).unlink()
    summary = run_to_end(corpus, out, BatchOptions(formats=("yaml", "tsv")), jobs=1)
    assert statuses(summary) == {name: "unchanged" for name in ESSAYS}
    assert all(r.outputs == (f"{r.name}.tsv",) for r in summary.reports), "only the missing export is written"


def test_other_settings_or_force_realign(corpus, tmp_path):
    out = tmp_path / "out"
    run_to_end(corpus, out, jobs=1)
    assert statuses(run_to_end(corpus, out, BatchOptions(aligner="baseline"), jobs=1)) == {n: "aligned" for n in ESSAYS}
    assert pairfile.load(out / "persuasion.yaml").provenance_dict()["aligner"].startswith("gale-church")
    assert (statuses(run_to_end(corpus, out, BatchOptions(aligner="baseline"), jobs=1))
            == {n: "unchanged" for n in ESSAYS})
    assert (statuses(run_to_end(corpus, out, BatchOptions(aligner="baseline", force=True), jobs=1))
            == {n: "aligned" for n in ESSAYS})


def test_an_interrupted_run_resumes_where_it_stopped(corpus, tmp_path):
    out = tmp_path / "out"
    events = run_batch(corpus, out, jobs=1)
    done = []
    for event in events:
        if isinstance(event, DocumentDone):
            done.append(event.report.name)
            if len(done) == 2:
                events.close()  # the user pressed Ctrl-C, say
                break
    assert sorted(p.stem for p in out.glob("*.yaml")) == sorted(done)
    summary = run_to_end(corpus, out, jobs=1)
    rest = [n for n in ESSAYS if n not in done]
    assert statuses(summary) == {**{n: "unchanged" for n in done}, **{n: "aligned" for n in rest}}


def test_a_run_killed_midway_resumes_with_only_the_rest(corpus, tmp_path, monkeypatch):
    out = tmp_path / "out"
    real_build = batch._build
    calls = []

    def dies_on_the_third(task):
        calls.append(task.doc.name)
        if len(calls) == 3:
            raise KeyboardInterrupt
        return real_build(task)

    monkeypatch.setattr(batch, "_build", dies_on_the_third)
    with pytest.raises(KeyboardInterrupt):
        run_to_end(corpus, out, jobs=1)
    monkeypatch.setattr(batch, "_build", real_build)
    assert len(list(out.glob("*.yaml"))) == 2
    events = list(run_batch(corpus, out, jobs=1))
    started = next(e for e in events if isinstance(e, Started))
    assert started.to_process == 1
    assert [e.name for e in events if isinstance(e, DocumentStarted)] == [calls[2]]
    assert statuses(events[-1].summary)[calls[2]] == "aligned"


def test_a_bad_document_is_reported_and_the_others_are_aligned(corpus, tmp_path):
    (corpus / "empty.en.txt").write_text("\n\n", encoding="utf-8")
    (corpus / "empty.id.txt").write_text("Ada teks di sini.\n", encoding="utf-8")
    (corpus / "binary.en.txt").write_bytes(b"\x00\x01\x02 PNG" * 50)
    (corpus / "binary.id.txt").write_text("Teks.\n", encoding="utf-8")
    (corpus / "swapped.en.txt").write_text(first_paragraphs("persuasion", "id"), encoding="utf-8")
    (corpus / "swapped.id.txt").write_text(first_paragraphs("persuasion", "id"), encoding="utf-8")
    (corpus / "orphan.en.txt").write_text(first_paragraphs("persuasion", "en"), encoding="utf-8")
    summary = run_to_end(corpus, tmp_path / "out", jobs=1)
    reasons = {r.name: r.reason for r in summary.failed}
    assert set(reasons) == {"empty", "binary", "swapped", "orphan"}
    assert "the file is empty" in reasons["empty"]
    assert "binary" in reasons["binary"]
    assert "looks Indonesian, expected English" in reasons["swapped"]
    assert "orphan.id.txt: no such file" in reasons["orphan"]
    assert all(statuses(summary)[n] == "aligned" for n in ESSAYS)
    assert not (tmp_path / "out" / "swapped.yaml").exists()


def test_an_output_that_cannot_be_read_is_not_overwritten(corpus, tmp_path):
    out = tmp_path / "out"
    out.mkdir()
    (out / "persuasion.yaml").write_text("my notes: [unclosed\n", encoding="utf-8")
    summary = run_to_end(corpus, out, jobs=1)
    assert statuses(summary)["persuasion"] == "failed"
    assert "not overwriting it" in summary.failed[0].reason
    assert (out / "persuasion.yaml").read_text(encoding="utf-8") == "my notes: [unclosed\n"


def test_annotations_are_kept_when_a_document_is_realigned(corpus, tmp_path):
    out = tmp_path / "out"
    run_to_end(corpus, out, jobs=1)
    path = out / "persuasion.yaml"
    pair = pairfile.load(path)
    bead = pair.beads[3]
    on_bead = Annotation(
        "b1", en=bead.en, ind=bead.ind, concepts=("trust",), note="Who do we believe?\nNot arguments.",
        quote_en=pair.bead_text(bead, "en"), quote_ind=pair.bead_text(bead, "id"),
    )
    phrase = "built slowly"
    start = pair.en.text.index(phrase)
    sentence = pair.en.sentence_at(start).index
    on_phrase = Annotation("p1", en=(sentence,), ind=(), concepts=("trust",), note="slowly!",
                           quote_en=phrase, side="en", start=start, end=start + len(phrase))
    doomed_bead = pair.beads[1]
    doomed = Annotation("gone", en=doomed_bead.en, ind=doomed_bead.ind, note="about the opening",
                        quote_en=pair.bead_text(doomed_bead, "en"), quote_ind=pair.bead_text(doomed_bead, "id"))
    pairfile.save(replace(pair, annotations=(on_bead, on_phrase, doomed)), path)

    # Edit the source: a new opening paragraph on both sides; the old opening sentence goes.
    en_file, id_file = corpus / "persuasion.en.txt", corpus / "persuasion.id.txt"
    opening_en = pair.bead_text(doomed_bead, "en")
    opening_id = pair.bead_text(doomed_bead, "id")
    en_text = en_file.read_text(encoding="utf-8").replace(opening_en + " ", "")
    id_text = id_file.read_text(encoding="utf-8").replace(opening_id + " ", "")
    title_en, rest_en = en_text.split("\n\n", 1)
    title_id, rest_id = id_text.split("\n\n", 1)
    added = "This paragraph is new, and a little longer. It has two sentences.\n\n"
    en_file.write_text(f"{title_en}\n\n{added}{rest_en}", encoding="utf-8")
    id_file.write_text(f"{title_id}\n\nParagraf ini baru. Isinya dua kalimat.\n\n{rest_id}", encoding="utf-8")

    summary = run_to_end(corpus, out, jobs=1)
    report = next(r for r in summary.reports if r.name == "persuasion")
    assert report.status == "aligned"
    outcomes = {a.id: a.outcome for a in report.annotations}
    assert outcomes == {"b1": "moved", "p1": "moved", "gone": "detached"}
    assert summary.annotation_outcomes() == {"moved": 2, "detached": 1}
    new = pairfile.load(path)
    by_id = {a.id: a for a in new.annotations}
    assert set(by_id) == {"b1", "p1", "gone"}
    b1 = by_id["b1"]
    assert " ".join(new.en.sentences[i].text for i in b1.en) == on_bead.quote_en
    assert " ".join(new.ind.sentences[i].text for i in b1.ind) == on_bead.quote_ind
    assert b1.note == "Who do we believe?\nNot arguments." and b1.concepts == ("trust",)
    p1 = by_id["p1"]
    assert new.en.text[p1.start:p1.end] == phrase
    assert p1.start == start + len(added) - len(opening_en + " ")
    assert by_id["gone"].is_detached and by_id["gone"].note == "about the opening"
    assert by_id["gone"].quote_en == opening_en


def test_a_pool_of_workers_writes_the_same_files(corpus, tmp_path):
    one, two = tmp_path / "one", tmp_path / "two"
    run_to_end(corpus, one, jobs=1)
    events = list(run_batch(corpus, two, jobs=2))
    started = next(e for e in events if isinstance(e, Started))
    assert started.jobs == 2
    assert sorted(e.name for e in events if isinstance(e, DocumentStarted)) == sorted(ESSAYS)
    order = [(type(e).__name__, e.name if isinstance(e, DocumentStarted) else e.report.name)
             for e in events if isinstance(e, (DocumentStarted, DocumentDone))]
    for name in ESSAYS:
        assert order.index(("DocumentStarted", name)) < order.index(("DocumentDone", name))
    assert statuses(events[-1].summary) == {n: "aligned" for n in ESSAYS}
    for name in ESSAYS:
        assert (one / f"{name}.yaml").read_bytes() == (two / f"{name}.yaml").read_bytes()


def test_a_pool_reports_a_failing_document_too(corpus, tmp_path):
    (corpus / "empty.en.txt").write_text("", encoding="utf-8")
    (corpus / "empty.id.txt").write_text("", encoding="utf-8")
    (corpus / "swapped.en.txt").write_text(first_paragraphs("word-of-mouth", "id"), encoding="utf-8")
    (corpus / "swapped.id.txt").write_text(first_paragraphs("word-of-mouth", "id"), encoding="utf-8")
    summary = run_to_end(corpus, tmp_path / "out", jobs=2)
    assert {r.name for r in summary.failed} == {"empty", "swapped"}
    assert summary.count("aligned") == 3


def test_a_one_file_essay_goes_through_the_importer(corpus, tmp_path, monkeypatch):
    (corpus / "corpus.yaml").write_text(
        "documents:\n  - name: blog\n    file: blog.txt\n    title: {en: The Blog}\n", encoding="utf-8")
    (corpus / "blog.txt").write_text(first_paragraphs("persuasion", "en") + "\n---\n\n"
                                     + first_paragraphs("persuasion", "id"), encoding="utf-8")
    imported = []

    real = batch.import_essay_text

    def import_essay_text(text, file, **options):
        imported.append(file)
        return real(text, file, **options)

    monkeypatch.setattr(batch, "import_essay_text", import_essay_text)
    out = tmp_path / "out"
    summary = run_to_end(corpus, out, jobs=1)
    assert statuses(summary) == {"blog": "aligned"}
    pair = pairfile.load(out / "blog.yaml")
    assert pair.meta.title == "The Blog" and pair.provenance_dict()["source"].startswith("sha256:")
    assert any(b.en and b.ind for b in pair.beads)  # the importer found the translation
    assert statuses(run_to_end(corpus, out, jobs=1)) == {"blog": "unchanged"}
    assert len(imported) == 1


def test_the_bundled_one_file_essay_is_imported(tmp_path):
    summary = run_to_end(CORPORA, tmp_path / "out", BatchOptions(formats=("yaml",)), jobs=1)
    assert statuses(summary)["first-ten-readers"] == "aligned"
    pair = pairfile.load(tmp_path / "out" / "first-ten-readers.yaml")
    assert pair.layout and any(len(b.en) and len(b.ind) for b in pair.beads)


def test_problems_with_the_whole_corpus_stop_before_the_first_document(tmp_path):
    from alignread.core.errors import AlignreadError

    with pytest.raises(AlignreadError, match="holds no documents"):
        list(run_batch(tmp_path, tmp_path / "out"))
    with pytest.raises(AlignreadError, match="no such folder"):
        list(run_batch(tmp_path / "nope", tmp_path / "out"))
    with pytest.raises(AlignreadError, match="unknown format 'docx'"):
        list(run_batch(CORPORA, tmp_path / "out", BatchOptions(formats=("docx",))))


def test_events_come_in_order(corpus, tmp_path):
    events = list(run_batch(corpus, tmp_path / "out", jobs=1))
    kinds = [type(e).__name__ for e in events]
    assert kinds[0] in ("Preparing", "Started") and isinstance(events[-1], Finished)
    done = [e for e in events if isinstance(e, DocumentDone)]
    assert [e.done for e in done] == [1, 2, 3] and all(e.total == 3 for e in done)


def test_closing_a_run_with_a_pool_stops_handing_out_documents(corpus, tmp_path):
    for k in range(5):  # eight documents, more than two workers hold at once
        for lang in ("en", "id"):
            (corpus / f"copy{k}.{lang}.txt").write_text(first_paragraphs(ESSAYS[k % 3], lang, 2), encoding="utf-8")
    out = tmp_path / "out"
    events = run_batch(corpus, out, jobs=2)
    for event in events:
        if isinstance(event, DocumentDone) and event.report.status == "aligned":
            first = event.report.name
            events.close()
            break
    written = sorted(p.stem for p in out.glob("*.yaml"))
    assert first in written
    assert len(written) <= 1 + 2 * pool.PREFETCH, "only the documents the workers already held are finished"
    assert len(written) < 8
    assert not list(out.glob(".*.tmp")), "no half-written file is left"
    summary = run_to_end(corpus, out, jobs=2)
    names = set(ESSAYS) | {f"copy{k}" for k in range(5)}
    assert statuses(summary) == {n: "unchanged" if n in written else "aligned" for n in names}


def test_notes_read_a_document_called_corpus(tmp_path):

    folder = tmp_path / "c"
    folder.mkdir()
    for lang in ("en", "id"):
        (folder / f"corpus.{lang}.txt").write_text(first_paragraphs("persuasion", lang, 2), encoding="utf-8")
    out = tmp_path / "out"
    run_to_end(folder, out, jobs=1)
    assert [name for name, _ in load_outputs(out)] == ["corpus"]


def test_a_readers_unsaved_copy_is_not_a_second_document_of_the_output(corpus, tmp_path):
    out = tmp_path / "out"
    run_to_end(corpus, out, jobs=1)
    names = [name for name, _ in load_outputs(out)]
    shutil.copy(out / f"{names[0]}.yaml", out / f"{names[0]}.unsaved.yaml")
    shutil.copy(out / f"{names[0]}.yaml", out / "lonely.unsaved-2.yaml")  # its document is not here
    assert [name for name, _ in load_outputs(out)] == [*names, "lonely.unsaved-2"]
    assert [name for name, _ in load_outputs(out / f"{names[0]}.unsaved.yaml")] == [f"{names[0]}.unsaved"]


def test_html_pages_and_an_index_of_them(corpus, tmp_path):
    from tests.unit.test_html_export import parse

    out = tmp_path / "out"
    (corpus / "broken.en.txt").write_text("", encoding="utf-8")
    (corpus / "broken.id.txt").write_text("Kosong.\n", encoding="utf-8")
    summary = run_to_end(corpus, out, BatchOptions(formats=("yaml", "html")), jobs=1)
    assert statuses(summary)["broken"] == "failed"
    for name in ESSAYS:
        pair = pairfile.load(out / f"{name}.yaml")
        page = parse((out / f"{name}.html").read_text(encoding="utf-8"))
        assert len(page.root.find_all("section", "bead")) == len(pair.beads)
    index = parse((out / "index.html").read_text(encoding="utf-8"))
    rows = index.root.find("tbody").find_all("tr")
    # The documents with a page, in corpus order; the failed one has none.
    assert [r.find("a").attrs["href"] for r in rows] == [f"{name}.html" for name in sorted(ESSAYS)]
    beads = {r.find("a").attrs["href"]: int(r.find_all("td")[1].text()) for r in rows}
    assert beads["persuasion.html"] == len(pairfile.load(out / "persuasion.yaml").beads)
    # A second run decides from its state file and writes the index again.
    (out / "index.html").unlink()
    run_to_end(corpus, out, BatchOptions(formats=("yaml", "html")), jobs=1)
    assert len(parse((out / "index.html").read_text(encoding="utf-8")).root.find("tbody").find_all("tr")) == 3


def test_a_document_called_index_would_hide_the_index_of_pages(corpus, tmp_path):
    from alignread.core.errors import AlignreadError

    for lang in ("en", "id"):
        shutil.copy(corpus / f"persuasion.{lang}.txt", corpus / f"index.{lang}.txt")
    with pytest.raises(AlignreadError, match="a document is called 'index'"):
        list(run_batch(corpus, tmp_path / "out", BatchOptions(formats=("yaml", "html"))))
    run_to_end(corpus, tmp_path / "out", BatchOptions(formats=("yaml", "md")), jobs=1)  # no pages, no clash
