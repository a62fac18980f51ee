"""The two sides of a text pair, and the names of their languages.

In code the sides are `"en"` and `"id"` (the language codes written in files and on the
command line); attributes holding the Indonesian side are called `ind`, since `id` is a
Python builtin and Textual's widget argument.
"""

from __future__ import annotations

from typing import Literal, TypeVar

Side = Literal["en", "id"]
SIDES: tuple[Side, Side] = ("en", "id")
LANGUAGE_NAMES: dict[str, str] = {"en": "English", "id": "Indonesian"}


def language_name(side: str) -> str:
    """`English` or `Indonesian` (any other code as it is)."""
    return LANGUAGE_NAMES.get(side, side)


def other_side(side: str) -> Side:
    """The side across: `en` -> `id`, `id` -> `en`."""
    return "en" if side == "id" else "id"


T = TypeVar("T")


def on_side(side: str, en: T, ind: T) -> T:
    """`ind` for the `id` side, else `en`: the one place a value is picked by side."""
    return ind if side == "id" else en


def side_key(side: str) -> Side | None:
    """`en` or `id` for a side as a caller may write it (`ind` too), else None."""
    if side in ("id", "ind"):
        return "id"
    if side == "en":
        return "en"
    return None
