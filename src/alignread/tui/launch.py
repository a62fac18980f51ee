"""What `alignread read` was asked to open, decided without starting the terminal UI.

`plan(inputs, ...)` turns the command line into one of four targets: an aligned file to
open, two texts to align first, a one-file bilingual essay to import first, or a corpus
folder to browse. It checks what it can up front so that mistakes are one-line errors
before the screen is taken over.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from alignread.core.errors import InputError
from alignread.core.model import Metadata, TextPair
from alignread.store.document_file import DocumentFile, default_pair_path

YAML_SUFFIXES = (".yaml", ".yml")


@dataclass(frozen=True, slots=True)
class OpenFile:
    """An annotated-YAML file (`opened`: its document, once `validate` has read it)."""

    path: Path
    opened: tuple[DocumentFile, TextPair] | None = field(default=None, compare=False)


@dataclass(frozen=True, slots=True)
class AlignTexts:
    """Two texts to segment and align, then save to `output` and open."""

    en: Path
    ind: Path
    output: Path
    meta: Metadata = field(default_factory=Metadata)
    encoding: tuple[str | None, str | None] | str | None = None  # both, or (English, Indonesian)
    config: Any = None  # an AlignerConfig; None for the default
    nlp: Any = None  # an NlpSpec; None for the default
    check_languages: bool = True
    sources: tuple[Any, Any] | None = field(default=None, compare=False)  # read by `validate`

    @property
    def encodings(self) -> tuple[str | None, str | None]:
        return self.encoding if isinstance(self.encoding, tuple) else (self.encoding, self.encoding)

    def build(self, progress: Callable[[str], None]) -> TextPair:
        """Read, segment and align the texts (seconds: spaCy starts up)."""
        from alignread.formats.readers import read_source
        from alignread.workflows.build import build_pair

        kwargs = {"config": self.config} if self.config is not None else {}
        return build_pair(
            *(self.sources or (read_source(self.en, self.encodings[0]), read_source(self.ind, self.encodings[1]))),
            en_file=str(self.en), ind_file=str(self.ind), meta=self.meta, nlp=self.nlp,
            check_languages=self.check_languages, progress=progress, **kwargs,
        )


@dataclass(frozen=True, slots=True)
class ImportEssay:
    """A one-file bilingual essay to import, save to `output` and open."""

    path: Path
    output: Path
    encoding: str | None = None
    nlp: Any = None
    config: Any = None
    check_languages: bool = True  # accepted for symmetry; the importer identifies languages itself

    def build(self, progress: Callable[[str], None]) -> TextPair:
        from alignread.workflows.import_essay import import_essay

        progress("importing the essay")
        kwargs = {"config": self.config} if self.config is not None else {}
        return import_essay(self.path, encoding=self.encoding, nlp=self.nlp, **kwargs)


@dataclass(frozen=True, slots=True)
class BrowseCorpus:
    """A corpus folder: list its documents."""

    folder: Path


Target = OpenFile | AlignTexts | ImportEssay | BrowseCorpus


def plan(inputs: tuple[str, ...] | list[str], output: str | None = None, **align: Any) -> Target:
    """The target for `alignread read INPUTS [-o OUTPUT]` (`align` holds AlignTexts options)."""
    from alignread.store.corpus import find_documents, resolve_pair

    out = Path(output) if output else None
    if out is not None and out.is_dir():
        raise InputError(out, "is a folder; give a file name, e.g. -o pair.yaml")
    if len(inputs) == 2:
        en, ind = Path(inputs[0]), Path(inputs[1])
        for p in (en, ind):
            if not p.is_file():
                raise InputError(p, "no such file")
        return _align_or_open(AlignTexts(en, ind, out or default_pair_path(en), **align))
    if len(inputs) != 1:
        raise InputError("", "give PAIR.yaml, EN_FILE ID_FILE, a corpus NAME, or a corpus folder")
    path = Path(inputs[0])
    if path.suffix in YAML_SUFFIXES and not path.exists():
        raise InputError(path, "no such file")
    if path.is_dir():
        if not find_documents(path):
            raise InputError(path, "holds no documents (NAME.en.txt + NAME.id.txt, or a corpus.yaml)")
        return BrowseCorpus(path)
    if path.is_file() and path.suffix in YAML_SUFFIXES:
        return OpenFile(path)
    if path.is_file() and not re.search(r"\.(en|id)\.[a-z]+$", path.name):
        align.pop("meta", None)
        return _align_or_open(ImportEssay(path, out or path.with_suffix(".yaml"), **_one_encoding(align, path)))
    doc = resolve_pair(path)
    if doc.file is not None:
        align.pop("meta", None)
        return _align_or_open(ImportEssay(doc.file, out or doc.file.parent / f"{doc.name}.yaml",
                                          **_one_encoding(align, doc.file)))
    assert doc.en is not None and doc.ind is not None
    meta = align.pop("meta", None) or doc.meta
    return _align_or_open(AlignTexts(doc.en, doc.ind, out or default_pair_path(doc.en, doc.name), meta=meta, **align))


def _one_encoding(align: dict[str, Any], path: Path) -> dict[str, Any]:
    """The options for a one-file essay: one encoding for its one file."""
    encoding = align.get("encoding")
    if isinstance(encoding, tuple):
        en, ind = encoding
        if en != ind and en is not None and ind is not None:
            raise InputError(path, "is one file: give one --encoding NAME, not one per language")
        align = {**align, "encoding": en or ind}
    return align


def _align_or_open(target: AlignTexts | ImportEssay) -> Target:
    """Open the aligned file if it is there already: aligning again would lose annotations."""
    if target.output.is_file():
        return OpenFile(target.output)
    if not target.output.parent.is_dir():
        raise InputError(target.output, f"cannot write: folder {target.output.parent} does not exist")
    return target


def validate(target: Target) -> Target:
    """Check what `read` was asked to open before the screen is taken over, so that a bad
    input is a one-line error like everywhere else: the file read and validated (and kept,
    not read twice), or the texts read and checked to be texts in the right language. A long
    file alignread wrote is only checked to start as one: its first beads are painted at once
    and the rest loads behind them; a fault found there ends the reader, and `read` reports
    it in one line, exit 2, as here."""
    from dataclasses import replace

    from alignread.core.textio import check_plain_text
    from alignread.formats.readers import read_source
    from alignread.workflows.build import check_text_language

    if isinstance(target, OpenFile):
        from alignread.store.pairfile import preview

        if preview(target.path) is not None:
            return target  # a long file alignread wrote: painted from its preview while it loads
        return replace(target, opened=DocumentFile.open(target.path))
    if isinstance(target, AlignTexts):
        sources = []
        for path, lang, encoding in ((target.en, "en", target.encodings[0]), (target.ind, "id", target.encodings[1])):
            source = read_source(path, encoding)
            check_plain_text(source.text, str(path))
            if target.check_languages:
                check_text_language(source.text, lang, str(path))
            sources.append(source)
        return replace(target, sources=(sources[0], sources[1]))
    if isinstance(target, ImportEssay):
        # read as `import` reads it: a saved web page, a DOCX or an EPUB by its format
        check_plain_text(read_source(target.path, target.encoding).text, str(target.path))
    return target
