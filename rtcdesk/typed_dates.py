"""Dates and times as people type them into a field ("16 Nov 2023", "10:30").

Plain functions, no Qt: the date and time fields of the GUI call them with the
user's locale (whether the day comes before the month, the month names); the
rules are tested on their own in ``tests/test_typed_dates.py``.

Both functions answer None rather than guess: a field that cannot be read is
shown as such, and the coordinator retypes it, instead of a wrong date being
saved.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Sequence
from datetime import date, time

ENGLISH_MONTHS = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip
#: Abbreviations that are not simply the start of the name.
_ENGLISH_EXTRA = {"sept": 9}
#: The shortest start of a month name read as that month ("nov", "sept").
_SHORTEST_PREFIX = 3
_ORDINAL_SUFFIXES = frozenset({"st", "nd", "rd", "th"})
#: Words between the parts of a date ("16th of November", "16 de noviembre").
_FILLERS = frozenset({"of", "de", "del"})
_TOKEN = re.compile(r"\d+|[^\W\d_]+")
#: A two-digit year is read in the hundred years that start this many years
#: before the reference year: in 2024, "23" is 2023, "98" 1998, "73" 2073.
_CENTURY_WINDOW_BEFORE = 50

_TIME = re.compile(
    r"""
    (?P<hour>\d{1,2})
    (?: \s* [:.h] \s* (?P<minute>\d{2}) (?: \s* : \s* (?P<second>\d{2}) )? | \s* h )?
    \s* (?P<half>[ap]\.?\s*m\.?)?
    """,
    re.VERBOSE,
)
_DIGITS_TIME = re.compile(r"(?P<hour>\d{1,2}?)(?P<minute>\d{2})\s*(?P<half>[ap]\.?\s*m\.?)?")


def _folded(text: str) -> str:
    """``text`` in lower case without accents or other marks ("Févr." -> "fevr.")."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.category(c).startswith("M"))


@functools.lru_cache(maxsize=8)
def _month_table(month_names: tuple[str, ...]) -> dict[str, int]:
    """Folded month name -> month number (0 for a name two months share):
    English, then ``month_names`` in groups of twelve (January first). Made
    once per set of names (a form reads dates on every keystroke); not to be
    changed by its callers.

    A name that is not one word of letters ("1月", "ม.ค.", "de febr.") is
    left out: read word by word, it could name another month.
    """
    table = {_folded(name): n for n, name in enumerate(ENGLISH_MONTHS, start=1)}
    table.update(_ENGLISH_EXTRA)
    for index, name in enumerate(month_names):
        words = _TOKEN.findall(_folded(name))
        if len(words) != 1 or words[0].isdigit():
            continue
        month = index % 12 + 1
        table[words[0]] = month if table.get(words[0], month) == month else 0
    return table


def _month(word: str, table: dict[str, int]) -> int | None:
    """The month ``word`` names: a whole name, or the start of names of one
    month only (at least three letters); None if none or several."""
    if word in table:
        return table[word] or None
    if len(word) < _SHORTEST_PREFIX:
        return None
    found = {month for name, month in table.items() if name.startswith(word)}
    if len(found) != 1:
        return None
    return found.pop() or None


def _year(digits: str, reference: date) -> int | None:
    """A year written with four digits, or with two (see ``_CENTURY_WINDOW_BEFORE``)."""
    if len(digits) == 4:
        return int(digits)
    if len(digits) != 2:
        return None
    earliest = reference.year - _CENTURY_WINDOW_BEFORE
    year = earliest - earliest % 100 + int(digits)
    return year if year >= earliest else year + 100


def _day_or_month(digits: str) -> int | None:
    return int(digits) if len(digits) <= 2 else None


def _words(text: str) -> list[str] | None:
    """The numbers and words of ``text``, without ordinal suffixes ("16th" ->
    "16") and the words between a date's parts ("of", "de"); None if it holds
    anything but words and separators (spaces / . , - ')."""
    folded = _folded(text)
    if re.search(r"[^\w\s/.,\-'’]|_", folded):
        return None
    words: list[str] = []
    end_of_number = -1
    for match in _TOKEN.finditer(folded):
        word = match.group()
        suffix = match.start() == end_of_number and word in _ORDINAL_SUFFIXES
        if not suffix and word not in _FILLERS:
            words.append(word)
        end_of_number = match.end() if word.isdigit() else -1
    return words


def _real_date(year: int | None, month: int | None, day: int | None) -> date | None:
    if year is None or month is None or day is None:
        return None
    try:
        return date(year, month, day)
    except ValueError:
        return None


def parse_date(
    text: str,
    *,
    day_first: bool,
    month_names: Sequence[str] = (),
    reference: date | None = None,
) -> date | None:
    """The date ``text`` names, or None if it names none for certain.

    Read: "16 Nov 2023", "16 November 2023", "Nov 16, 2023", "16th of Nov
    2023", "16 de noviembre de 2023"; all-number dates in the locale's order
    ("16/11/2023", "16.11.2023" and "16-11-2023" when ``day_first``, else
    "11/16/2023"); "2023-11-16" (a four-digit year first is always year,
    month, day); two-digit years ("16/11/23"). Without a year ("16 Nov",
    "16/11") the year is ``reference``'s (the meeting's), else this year's.

    Month names are English (whole, or their first three or more letters)
    and ``month_names``, given in groups of twelve from January (e.g. the
    locale's long names, then its short ones); case and accents do not
    matter. None for 31 Feb, for a month named by letters shared by two
    months, and for anything else that is not clearly one date.
    """
    words = _words(text)
    if not words:
        return None
    reference = reference or date.today()
    numbers = [w for w in words if w.isdigit()]
    names = [i for i, w in enumerate(words) if not w.isdigit()]
    if not names:
        return _numeric_date(numbers, day_first, reference)
    if len(names) == 1 and len(numbers) in (1, 2):
        return _named_month_date(words, names[0], _month_table(tuple(month_names)), reference)
    return None


def _named_month_date(
    words: list[str], at: int, table: dict[str, int], reference: date
) -> date | None:
    """ "16 Nov 2023", "Nov 16 2023", "2023 Nov 16", "16 Nov", "Nov 16"."""
    before, after = words[:at], words[at + 1 :]
    year: str | None
    if len(before) == 1 and len(before[0]) == 4 and len(after) == 1:
        year, day = before[0], after[0]
    elif len(before) == 1 and len(after) <= 1:
        day, year = before[0], after[0] if after else None
    elif not before:
        day, year = after[0], after[1] if len(after) == 2 else None
    else:
        return None
    return _real_date(
        _year(year, reference) if year else reference.year,
        _month(words[at], table),
        _day_or_month(day),
    )


def _numeric_date(numbers: list[str], day_first: bool, reference: date) -> date | None:
    """ "16/11/2023" or "11/16/2023" (by ``day_first``), "2023-11-16", "16/11"."""
    if len(numbers) == 3 and len(numbers[0]) == 4:
        return _real_date(int(numbers[0]), _day_or_month(numbers[1]), _day_or_month(numbers[2]))
    if len(numbers) not in (2, 3):
        return None
    first, second = numbers[0], numbers[1]
    year = _year(numbers[2], reference) if len(numbers) == 3 else reference.year
    day, month = (first, second) if day_first else (second, first)
    return _real_date(year, _day_or_month(month), _day_or_month(day))


def parse_time(text: str) -> time | None:
    """The time of day ``text`` names (to the minute), or None.

    Read: "10:30", "10.30", "10h30", "10h", "1030", "930", "9" (09:00),
    "10:30:00", and the same with "am"/"pm" ("2 pm", "2:30pm", "10.30 a.m.").
    Minutes take two digits: "9:5" is None, as it could mean 09:05 or 09:50.
    None for "25:00", "10:75", "13 pm", seconds other than zero, and anything
    else.
    """
    folded = _folded(text).strip()
    found = _TIME.fullmatch(folded) or _DIGITS_TIME.fullmatch(folded)
    if found is None:
        return None
    parts = found.groupdict()
    if parts.get("second") not in (None, "00"):
        return None
    hour, minute = int(parts["hour"]), int(parts["minute"] or 0)
    if parts["half"]:
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if parts["half"].startswith("p") else 0)
    if hour > 23 or minute > 59:
        return None
    return time(hour, minute)
