"""Importing a one-file bilingual essay as a `TextPair` (`alignread import`).

A blog post that quotes an English passage, translates it in parentheses and comments on
it in Indonesian, or a handout that gives the translation after each sentence, becomes an
ordinary text pair (`alignread.align.interleaved` finds the pieces and blocks):

- the English side holds the English pieces of the file in order, the Indonesian side the
  Indonesian pieces; pieces from different paragraphs are separated by a blank line,
  pieces from one paragraph (a translation after each sentence) by a space;
- each translation block is aligned sentence by sentence; every other sentence (title,
  introduction, commentary, a date line) is a one-sided bead of score 1.0, in the order of
  the file, so a reader walking the beads reads the whole essay;
- `TextPair.layout` records each piece's role and where it stood
  (`alignread.core.essay_layout`), so `alignread.formats.essay.as_written` gives back the
  file's text exactly.

A file in one language is imported for monolingual reading: its text is that side's text,
unchanged, the other side is empty (no sentences), and every bead is one-sided.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from alignread.align.aligner import DEFAULT, AlignerConfig, align_sentences
from alignread.align.interleaved import (
    EN,
    ID,
    Block,
    Piece,
    find_blocks,
    find_pieces,
    is_wrapped,
    looks_like_date,
    looks_like_title,
    settle_languages,
)
from alignread.core.chars import BLANK
from alignread.core.errors import AlignreadError, InputError
from alignread.core.essay_layout import BLOCK_ROLES, LayoutEntry, entries
from alignread.core.model import Bead, Metadata, Paragraph, Sentence, Text, TextPair
from alignread.core.sides import language_name
from alignread.core.textio import check_plain_text
from alignread.core.words import counted
from alignread.formats.readers import read_source
from alignread.nlp import NlpSpec
from alignread.nlp.langid import dominant_language
from alignread.store.corpus import MANIFEST, read_manifest
from alignread.workflows.build import StepCallback, segment, settings_digest

# Score of the one-sided bead of a sentence with no counterpart: the importer found none.
COMMENTARY_SCORE = 1.0


@dataclass(frozen=True, slots=True)
class EssayShape:
    """What a one-file essay holds: one language, or two (translation blocks are looked for)."""

    kind: str  # "bilingual" or "monolingual"
    lang: str  # the language most of the file is in
    en_chars: int  # characters in English pieces
    id_chars: int  # characters in Indonesian pieces

    @property
    def bilingual(self) -> bool:
        return self.kind == "bilingual"

    def describe(self) -> str:
        if self.bilingual:
            return "English and Indonesian in one file"
        return f"only {language_name(self.lang)} found: monolingual reading"


def _shape(pieces: Sequence[Piece], text: str) -> EssayShape:
    chars = {EN: 0, ID: 0}
    for p in pieces:
        chars[p.lang] += p.end - p.start
    sure = {p.lang for p in pieces if p.strong}
    lang = EN if chars[EN] > chars[ID] else ID
    kind = "bilingual" if len(sure) == 2 else "monolingual"
    if kind == "monolingual" and len(sure) == 1:
        lang = sure.pop()
    return EssayShape(kind, lang, chars[EN], chars[ID])


def _default_language(text: str) -> str:
    guess = dominant_language(text)
    return guess.lang if guess.lang in (EN, ID) else ID


def detect_shape(text: str, *, nlp: NlpSpec | None = None) -> EssayShape:
    """Whether `text` is in two languages (an essay to import as a pair) or in one."""
    return _shape(find_pieces(text, nlp, _default_language(text)), text)


def import_essay(
    path: str | Path,
    *,
    encoding: str | None = None,
    nlp: NlpSpec | None = None,
    config: AlignerConfig | None = None,
    meta: Metadata | None = None,
    progress: StepCallback | None = None,
) -> TextPair:
    """Read a one-file essay (`-` is stdin) and import it; see `import_essay_text`.

    Without `meta`, a `corpus.yaml` beside the file that lists it gives the metadata.
    """
    source = read_source(path, encoding)
    if meta is None and str(path) != "-":
        meta = manifest_meta(path)
    if source.title and (meta is None or not meta.title):
        meta = replace(meta or Metadata(), title=source.title)
    return import_essay_text(source.text, str(path), nlp=nlp, config=config, meta=meta, progress=progress)


def manifest_meta(path: str | Path) -> Metadata | None:
    """The metadata a `corpus.yaml` beside `path` gives the file, if it lists it."""
    p = Path(path)
    manifest = p.parent / MANIFEST
    if not manifest.is_file():
        return None
    try:
        docs = read_manifest(manifest)
    except AlignreadError:
        return None  # a broken manifest beside the file does not stop its import
    for doc in docs:
        if doc.file is not None and doc.file.resolve() == p.resolve():
            return doc.meta
    return None


def import_essay_text(
    text: str,
    file: str = "",
    *,
    nlp: NlpSpec | None = None,
    config: AlignerConfig | None = None,
    meta: Metadata | None = None,
    progress: StepCallback | None = None,
) -> TextPair:
    """An essay's text as a `TextPair`: translation blocks aligned, everything else one-sided."""
    report = progress or (lambda _: None)
    config = config or DEFAULT
    nlp = nlp or NlpSpec()
    if not text.strip():
        raise InputError(file or "essay", "the file is empty")
    check_plain_text(text, file or "essay")
    report("finding the languages")
    pieces = find_pieces(text, nlp, _default_language(text))
    shape = _shape(pieces, text)
    provenance = (
        ("aligner", config.describe()),
        ("nlp", nlp.describe()),
        ("settings", settings_digest(config, nlp)),
        ("layout", "interleaved" if shape.bilingual else "monolingual"),
    )
    if not shape.bilingual:
        report("segmenting")
        pair = _monolingual(text, file, shape.lang, nlp, meta or Metadata())
        report("done")
        return replace(pair, provenance=provenance)
    report("finding translation blocks")
    blocks = find_blocks(text, pieces, config)
    pieces = settle_languages(text, pieces, blocks, nlp)
    report("aligning")
    pair = _interleaved(text, file, pieces, blocks, config, meta)
    report("done")
    return replace(pair, provenance=provenance)


def _monolingual(text: str, file: str, lang: str, nlp: NlpSpec, meta: Metadata) -> TextPair:
    side = segment(text, lang, nlp, file)
    empty = Text(ID if lang == EN else EN, "", (), (), file)
    beads = tuple(
        Bead((s.index,), (), COMMENTARY_SCORE) if lang == EN else Bead((), (s.index,), COMMENTARY_SCORE)
        for s in side.sentences
    )
    body = text.strip(BLANK)
    start = len(text) - len(text.lstrip(BLANK))
    entry = LayoutEntry("text", lang, start, start + len(body), gap=text[:start], tail=text[start + len(body) :])
    en, ind = (side, empty) if lang == EN else (empty, side)
    if not meta.title and side.paragraphs:
        first = side.paragraphs[0]
        if looks_like_title(text[first.start : first.end]):
            meta = replace(meta, title=text[first.start : first.end].strip())
    return TextPair(en, ind, meta, beads, layout=(entry.to_dict(),))


class _SideBuilder:
    """Collects the pieces of one language into a `Text`."""

    def __init__(self, lang: str, source: str) -> None:
        self.lang = lang
        self.source = source
        self.parts: list[str] = []
        self.length = 0
        self.paragraphs: list[Paragraph] = []
        self.sentences: list[Sentence] = []
        self.last_paragraph: int | None = None

    def add(self, piece: Piece) -> tuple[int, int, list[int]]:
        """Append a piece; returns its span in this side's text and its sentence ids."""
        same = self.last_paragraph == piece.paragraph
        sep = "" if not self.parts else (" " if same else "\n\n")
        start = self.length + len(sep)
        body = self.source[piece.start : piece.end]
        self.parts.append(sep + body)
        self.length = start + len(body)
        if same and self.paragraphs:
            last = self.paragraphs[-1]
            self.paragraphs[-1] = Paragraph(last.index, last.start, self.length)
        else:
            self.paragraphs.append(Paragraph(len(self.paragraphs), start, self.length))
        self.last_paragraph = piece.paragraph
        ids = []
        for s, e in piece.sentences:
            ids.append(len(self.sentences))
            offset = start + s - piece.start
            self.sentences.append(
                Sentence(len(self.sentences), offset, offset + e - s, self.source[s:e], len(self.paragraphs) - 1)
            )
        return start, self.length, ids

    def text(self, file: str) -> Text:
        return Text(self.lang, "".join(self.parts), tuple(self.paragraphs), tuple(self.sentences), file)


def _roles(text: str, pieces: Sequence[Piece], blocks: Sequence[Block]) -> list[tuple[str, int | None]]:
    """(role, block number) of each piece."""
    out: list[tuple[str, int | None]] = [("", None)] * len(pieces)
    for number, block in enumerate(blocks):
        for k in block.source:
            out[k] = ("source", number)
        for k in block.translation:
            out[k] = ("translation", number)
    first_block = blocks[0].start if blocks else None
    for k, piece in enumerate(pieces):
        if out[k][0]:
            continue
        body = text[piece.start : piece.end]
        whole_paragraph = (k == 0 or pieces[k - 1].paragraph != piece.paragraph) and (
            k + 1 == len(pieces) or pieces[k + 1].paragraph != piece.paragraph
        )
        if k == 0 and whole_paragraph and len(piece.sentences) == 1 and looks_like_title(body):
            role = "title"
        elif whole_paragraph and looks_like_date(body):
            role = "date"
        elif first_block is None:
            role = "text"
        elif k < first_block:
            role = "introduction"
        else:
            role = "commentary"
        out[k] = (role, None)
    return out


def _interleaved(
    text: str,
    file: str,
    pieces: Sequence[Piece],
    blocks: Sequence[Block],
    config: AlignerConfig,
    meta: Metadata | None,
) -> TextPair:
    sides = {EN: _SideBuilder(EN, text), ID: _SideBuilder(ID, text)}
    placed = [sides[p.lang].add(p) for p in pieces]
    en, ind = sides[EN].text(file), sides[ID].text(file)

    block_at = {b.start: b for b in blocks}
    beads: list[Bead] = []
    k = 0
    while k < len(pieces):
        block = block_at.get(k)
        if block is None:
            ids = placed[k][2]
            for i in ids:
                beads.append(Bead((i,), (), COMMENTARY_SCORE) if pieces[k].lang == EN
                             else Bead((), (i,), COMMENTARY_SCORE))
            k += 1
            continue
        en_ids = [i for j in range(block.start, block.end) if pieces[j].lang == EN for i in placed[j][2]]
        ind_ids = [i for j in range(block.start, block.end) if pieces[j].lang == ID for i in placed[j][2]]
        local = align_sentences(
            [en.sentences[i].text for i in en_ids],
            [ind.sentences[i].text for i in ind_ids],
            config,
            [en.sentences[i].paragraph for i in en_ids],
            [ind.sentences[i].paragraph for i in ind_ids],
        )
        for b in local:
            beads.append(Bead(tuple(en_ids[x] for x in b.en), tuple(ind_ids[x] for x in b.ind), b.score, b.status))
        k = block.end

    layout = []
    pos = 0
    for piece, (start, end, _), (role, number) in zip(pieces, placed, _roles(text, pieces, blocks)):
        layout.append(LayoutEntry(role, piece.lang, start, end, number, gap=text[pos : piece.start]))
        pos = piece.end
    layout[-1] = replace(layout[-1], tail=text[pos:])

    meta = meta or Metadata()
    if not meta.title:
        titles = [text[p.start : p.end] for p, e in zip(pieces, layout) if e.role == "title"]
        if titles:
            meta = replace(meta, title=titles[0].strip())
    if not meta.original and blocks:
        firsts = {pieces[b.start].lang for b in blocks}
        if len(firsts) == 1:
            meta = replace(meta, original=firsts.pop())
    return TextPair(en, ind, meta, tuple(beads), layout=tuple(e.to_dict() for e in layout))


def summary(pair: TextPair) -> str:
    """One line on what an import found, for the command line and the reader's status bar."""
    items = entries(pair.layout)
    blocks = {e.block for e in items if e.role in BLOCK_ROLES}
    two = [b for b in pair.beads if not b.one_sided]
    alone = sum(len(b.en) + len(b.ind) for b in pair.beads if b.one_sided)
    if not pair.en.sentences or not pair.ind.sentences:
        lang = language_name("id" if pair.ind.sentences else "en")
        return f"only {lang} found: imported for monolingual reading ({counted(alone, 'sentence')})"
    if not blocks:
        return (
            f"no translation found: {len(pair.en.sentences)} English and "
            f"{counted(len(pair.ind.sentences), 'Indonesian sentence')} kept as written, unaligned"
        )
    wrapped = sum(
        1 for e in items if e.role == "translation" and is_wrapped(pair.side(e.side).text[e.start : e.end])
    )
    s = "s" if len(blocks) != 1 else ""
    extra = f" ({wrapped} in brackets)" if wrapped else ""
    return (
        f"{len(blocks)} translation block{s}{extra}: {sum(len(b.en) for b in two)} English and "
        f"{counted(sum(len(b.ind) for b in two), 'Indonesian sentence')} in {counted(len(two), 'bead')}; "
        f"{counted(alone, 'sentence')} without counterpart kept in order"
    )
