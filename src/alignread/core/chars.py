"""Characters that stand for nothing on the page: the blanks between paragraphs and pieces.

Blog exports leave non-breaking spaces (U+00A0), zero-width spaces and BOMs on lines
that look empty; such a line counts as blank wherever alignread looks for blank lines
or trims a paragraph.
"""

from __future__ import annotations

# Spaces Python's `str.isspace` does not all know (U+200B, U+FEFF), and typographic ones.
INVISIBLE = "\u00a0\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200a\u200b\u202f\u205f\u3000\ufeff"
# Everything that may stand between paragraphs (and be trimmed from their edges).
BLANK = " \t\n\r\f\v" + INVISIBLE


def is_blank(text: str) -> bool:
    """Whether `text` holds only blanks."""
    return not text.strip(BLANK)
