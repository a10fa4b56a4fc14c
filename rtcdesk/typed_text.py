"""Text as a coordinator meant it: one rule for everything typed or imported.

Names arrive from registration forms, e-mails and web pages carrying
characters nobody sees: a byte-order mark at the end of a cell, a zero-width
space from a web form, right-to-left overrides and marks pasted with an
Arabic or Hebrew name. Stored inside a name, they make "THREE" and
"THREE\\ufeff" two people, and an override can make a printed list lie about
what it says. So every text field is cleaned on input (``clean_text``) and
matching folds text by the same rule (``rtcdesk.db.search_text.fold`` calls
``without_invisible``):

- Unicode NFC, so "é" typed as e + accent and as one character are one name;
- invisible format characters removed (category Cf: direction marks and
  overrides, zero-width spaces, BOMs, soft hyphens, word joiners), except
  the zero-width joiner and non-joiner inside a word, where Persian and
  Indic scripts need them to spell a name;
- white space collapsed: a one-line field (a column with a length) becomes
  one line with single spaces; a multi-line field (notes, minutes) keeps its
  line breaks, each line's spaces collapsed and the outer blank lines
  dropped.

Bidirectional text still displays right: the Unicode bidi algorithm orders
Arabic and Hebrew letters without any marks.
"""

from __future__ import annotations

import re
import unicodedata

_JOINERS = "\u200c\u200d"
#: A joiner not between two visible characters joins nothing.
_LOOSE_JOINER = re.compile(rf"(?:^|(?<=\s))[{_JOINERS}]+|[{_JOINERS}]+(?=\s|$)")
_SPACES = re.compile(r"[^\S\n]+")


def _is_invisible(char: str) -> bool:
    return unicodedata.category(char) == "Cf" and char not in _JOINERS


def without_invisible(text: str) -> str:
    """``text`` without invisible format characters (joiners inside words kept)."""
    if text.isascii():
        return text
    kept = "".join(c for c in text if not _is_invisible(c))
    return _LOOSE_JOINER.sub("", kept)


def clean_text(text: str | None, *, multiline: bool = False) -> str:
    """``text`` normalised as described in the module docstring."""
    if not text:
        return ""
    text = unicodedata.normalize("NFC", without_invisible(text))
    if not multiline:
        return " ".join(text.split())
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    collapsed = [_SPACES.sub(" ", line).strip() for line in lines]
    return "\n".join(collapsed).strip("\n")


def email_key(email: str | None) -> str | None:
    """An e-mail address as people are told apart by it: cleaned and
    case-folded ("Elodie.Martin@Customs.fr" and "elodie.martin@customs.fr"
    are one person's); None for no address."""
    return clean_text(email).casefold() or None
