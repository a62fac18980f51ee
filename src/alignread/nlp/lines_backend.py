"""One sentence per line: the input hunalign, Vecalign and Bertalign take (`--nlp lines`).

For texts a translator or another tool has segmented already. No NLP runs: blank lines
(lines of spaces or non-breaking spaces count as blank) separate paragraphs, and every
other line, trimmed, is one sentence. The aligner then takes these sentences as they are
(no sentences are split from the other side's evidence: `alignread.align.joint`);
its lexical evidence uses the lookup lemmas as with spaCy.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from alignread.nlp.base import EDGE, Segmentation, build_segmentation, paragraph_spans


def line_spans(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """The trimmed, non-blank lines of `text[start:end]`."""
    spans = []
    pos = start
    for line in text[start:end].split("\n"):
        s, e = pos, pos + len(line)
        pos = e + 1
        stripped = line.strip(EDGE)
        if stripped:
            s += len(line) - len(line.lstrip(EDGE))
            spans.append((s, s + len(stripped)))
    return spans


class LinesPipeline:
    name = "lines"

    def require(self, langs: Iterable[str]) -> None:
        """No models: nothing to check."""

    def segment(self, text: str, lang: str) -> Segmentation:
        paragraphs = paragraph_spans(text)
        return build_segmentation(text, paragraphs, [line_spans(text, s, e) for s, e in paragraphs])

    def segment_many(self, texts: Iterable[str], lang: str) -> Iterator[Segmentation]:
        for text in texts:
            yield self.segment(text, lang)
