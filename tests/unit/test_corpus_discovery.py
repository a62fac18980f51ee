"""Finding the documents of a corpus folder in its three layouts."""

from __future__ import annotations

from pathlib import Path

import pytest

from alignread.core.errors import FormatError, InputError
from alignread.store.corpus import find_documents

CORPORA = Path(__file__).resolve().parents[2] / "corpora"


def touch(path: Path, text: str = "x\n") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


def test_side_by_side_files(tmp_path):
    for name in ("b-essay", "a-essay"):
        touch(tmp_path / f"{name}.en.txt")
        touch(tmp_path / f"{name}.id.txt")
    touch(tmp_path / "notes.txt")
    touch(tmp_path / ".#a-essay.en.txt")
    docs = find_documents(tmp_path)
    assert [d.name for d in docs] == ["a-essay", "b-essay"]
    assert docs[0].en == tmp_path / "a-essay.en.txt" and docs[0].ind == tmp_path / "a-essay.id.txt"
    assert docs[0].layout == "pair" and docs[0].file is None


def test_en_and_id_folders(tmp_path):
    touch(tmp_path / "en" / "one.txt")
    touch(tmp_path / "id" / "one.txt")
    touch(tmp_path / "en" / "two.v2.txt")
    touch(tmp_path / "id" / "two.v2.txt")
    docs = find_documents(tmp_path)
    assert [(d.name, d.en, d.ind) for d in docs] == [
        ("one", tmp_path / "en" / "one.txt", tmp_path / "id" / "one.txt"),
        ("two.v2", tmp_path / "en" / "two.v2.txt", tmp_path / "id" / "two.v2.txt"),
    ]


def test_a_missing_counterpart_is_returned_so_it_can_be_reported(tmp_path):
    touch(tmp_path / "lonely.en.txt")
    touch(tmp_path / "id" / "only-id.txt")
    (tmp_path / "en").mkdir()
    docs = {d.name: d for d in find_documents(tmp_path)}
    assert set(docs) == {"lonely", "only-id"}
    assert not docs["lonely"].ind.exists()
    assert not docs["only-id"].en.exists()


def test_manifest_lists_documents_with_metadata_in_its_order(tmp_path):
    touch(tmp_path / "ignored.en.txt")
    touch(tmp_path / "ignored.id.txt")
    touch(tmp_path / "corpus.yaml", """\
schema_version: 1
documents:
  - name: zeta
    title: {en: "Zeta Essay", id: "Esai Zeta"}
    author: Someone
    original: id
    en: texts/z-en.txt
    id: texts/z-id.txt
  - name: alpha
  - name: blog
    file: blog.txt
    layout: interleaved
""")
    docs = find_documents(tmp_path)
    assert [d.name for d in docs] == ["zeta", "alpha", "blog"]
    zeta, alpha, blog = docs
    assert zeta.en == tmp_path / "texts" / "z-en.txt" and zeta.ind == tmp_path / "texts" / "z-id.txt"
    assert (zeta.meta.title, zeta.meta.author, zeta.meta.original) == ("Zeta Essay", "Someone", "id")
    assert alpha.en == tmp_path / "alpha.en.txt"
    assert (blog.file, blog.layout, blog.en) == (tmp_path / "blog.txt", "interleaved", None)


def test_the_bundled_corpus():
    docs = find_documents(CORPORA)
    assert [d.name for d in docs] == ["word-of-mouth", "marketing-and-sales", "slow-reading", "persuasion",
                                      "first-ten-readers"]
    assert all(d.en.is_file() and d.ind.is_file() for d in docs[:4])
    assert docs[4].layout == "interleaved" and docs[4].file.is_file()


@pytest.mark.parametrize(
    ("manifest", "message"),
    [
        ("documents:\n  - name: a\n  - name: a\n", r"documents\[1\]\.name: 'a' is listed twice"),
        ("documents:\n  - name: ../up\n", r"documents\[0\]\.name: '\.\./up' cannot be a file name"),
        ("documents:\n  - name: a\n    en: [x]\n", r"documents\[0\]\.en: expected a file name"),
        ("schema_version: 9\ndocuments: []\n", r"schema_version: unknown version 9"),
        ("documents: nope\n", r"expected a mapping with a 'documents' list"),
        ("documents:\n  - name: a\n    en: !!python/object/apply:os.system [echo]\n", r"holds a Python tag"),
    ],
)
def test_manifest_errors_name_the_place(tmp_path, manifest, message):
    touch(tmp_path / "corpus.yaml", manifest)
    with pytest.raises(FormatError, match=message):
        find_documents(tmp_path)


def test_a_manifest_that_is_not_utf8(tmp_path):
    (tmp_path / "corpus.yaml").write_bytes(b"documents:\n  - name: caf\xe9\n")
    with pytest.raises(FormatError, match="is not UTF-8"):
        find_documents(tmp_path)


def test_not_a_folder(tmp_path):
    with pytest.raises(InputError, match="no such folder"):
        find_documents(tmp_path / "nope")
