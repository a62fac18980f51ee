"""The shipped English-Indonesian lexicon and the dictionary loaders."""

from __future__ import annotations

import gzip
import subprocess
import sys
from pathlib import Path

import pytest

from alignread.align.lexicon import (
    Lexicon,
    load_builtin,
    load_dictionary,
    load_hunalign,
    load_tsv,
)
from alignread.core.errors import InputError


def test_builtin_has_everyday_entries() -> None:
    lexicon = load_builtin()
    assert len(lexicon) > 5000
    assert {"sebar", "menyebar"} <= lexicon.translations("spread")
    assert lexicon.translations("empower") & {"daya", "berdaya"}
    assert "pelanggan" in lexicon.translations("customer")
    assert "tidak" in lexicon.translations("not")
    assert lexicon.translations("the") == frozenset()


def test_builtin_is_cached_and_lowercase() -> None:
    lexicon = load_builtin()
    assert load_builtin() is lexicon
    assert lexicon.translations("Customer") == lexicon.translations("customer")
    assert all(english == english.lower() for english in lexicon.pairs)


def test_builtin_file_names_its_sources() -> None:
    from importlib import resources

    resource = resources.files("alignread.align").joinpath("data", "lexicon-en-id.tsv.gz")
    header = gzip.decompress(resource.read_bytes()).decode("utf-8").splitlines()[:12]
    text = "\n".join(header)
    assert "FreeDict" in text and "CC BY-SA 3.0" in text and "written for alignread" in text
    license_file = resources.files("alignread.align").joinpath("data", "LEXICON-LICENSE.md")
    assert "CC BY-SA" in license_file.read_text(encoding="utf-8")


def test_load_tsv(tmp_path: Path) -> None:
    path = tmp_path / "mine.tsv"
    path.write_text(
        "# my words\n\nhospital\trumah sakit\nHospital\tRS\nspread\tmenyebar\n",
        encoding="utf-8",
    )
    lexicon = load_tsv(path)
    assert len(lexicon) == 2
    assert lexicon.translations("hospital") == {"rumah sakit", "rs"}


def test_load_hunalign_reads_indonesian_at_english(tmp_path: Path) -> None:
    path = tmp_path / "hun.dic"
    path.write_text("rumah sakit @ hospital\nsebar @ spread\nmenyebar @ spread\n",
                    encoding="utf-8")
    lexicon = load_hunalign(path)
    assert lexicon.translations("hospital") == {"rumah sakit"}
    assert lexicon.translations("spread") == {"sebar", "menyebar"}
    assert lexicon.translations("rumah sakit") == frozenset()


def test_load_dictionary_picks_the_format(tmp_path: Path) -> None:
    tsv = tmp_path / "a.tsv"
    tsv.write_text("# comment\ncat\tkucing\n", encoding="utf-8")
    hun = tmp_path / "a.dic"
    hun.write_text("kucing @ cat\n", encoding="utf-8")
    assert load_dictionary(tsv).translations("cat") == {"kucing"}
    assert load_dictionary(hun).translations("cat") == {"kucing"}


def test_error_names_file_and_line(tmp_path: Path) -> None:
    path = tmp_path / "mydict.txt"
    path.write_text("kucing @ cat\nanjing @ dog\njust words\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"mydict\.txt:3: expected 'indonesian @ english'"):
        load_hunalign(path)
    first_bad = tmp_path / "other.txt"
    first_bad.write_text("# header\nno separator here\n", encoding="utf-8")
    with pytest.raises(
        InputError,
        match=r"other\.txt:2: expected 'indonesian @ english' or two tab-separated columns",
    ):
        load_dictionary(first_bad)
    tsv = tmp_path / "bad.tsv"
    tsv.write_text("cat\tkucing\ndog\n", encoding="utf-8")
    with pytest.raises(InputError, match=r"bad\.tsv:2: expected two tab-separated columns"):
        load_tsv(tsv)


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (None, r"missing\.tsv: no such file"),
        (b"", r"missing\.tsv: no dictionary entries"),
        (b"# only a comment\n\n", r"missing\.tsv: no dictionary entries"),
        (b"cat\tkucing\n\xff\xfe\tx\n", r"missing\.tsv:2: not UTF-8"),
    ],
)
def test_bad_files_raise_value_error(tmp_path: Path, content: bytes | None,
                                     message: str) -> None:
    path = tmp_path / "missing.tsv"
    if content is not None:
        path.write_bytes(content)
    with pytest.raises(InputError, match=message):
        load_dictionary(path)


def test_merged_unions_translations() -> None:
    base = Lexicon.from_pairs([("spread", "sebar"), ("cat", "kucing")])
    extra = Lexicon.from_pairs([("spread", "menyebar"), ("dog", "anjing")])
    merged = base.merged(extra)
    assert len(merged) == 3
    assert merged.translations("spread") == {"sebar", "menyebar"}
    assert len(base) == 2 and base.translations("spread") == {"sebar"}
    assert "dog" in merged and "bird" not in merged


def test_lexicon_module_does_not_import_spacy() -> None:
    code = ("import sys, alignread.align.lexicon as l; l.load_builtin(); "
            "print('spacy' in sys.modules)")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "False"
