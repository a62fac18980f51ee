"""Texts built by hand for tests: sentences joined by spaces, paragraphs by blank lines."""

from __future__ import annotations

from alignread.core.model import Paragraph, Sentence, Text


def make_text(lang: str, paragraphs: list[list[str]], file: str = "") -> Text:
    """A text whose paragraphs are the given sentences joined by spaces."""
    text = ""
    paras, sents = [], []
    for p, paragraph in enumerate(paragraphs):
        if text:
            text += "\n\n"
        p_start = len(text)
        for k, sentence in enumerate(paragraph):
            if k:
                text += " "
            sents.append(Sentence(len(sents), len(text), len(text) + len(sentence), sentence, p))
            text += sentence
        paras.append(Paragraph(p, p_start, len(text)))
    return Text(lang, text + "\n", tuple(paras), tuple(sents), file)
