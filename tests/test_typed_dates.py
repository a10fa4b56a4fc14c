"""Reading dates and times as people type them (``rtcdesk.typed_dates``): what
is read, and what is refused rather than guessed."""

from __future__ import annotations

import subprocess
import sys
from datetime import date, time

import pytest

from rtcdesk.typed_dates import parse_date, parse_time

MEETING = date(2019, 5, 1)
NOV_16 = date(2023, 11, 16)
FRENCH = (
    "janvier", "février", "mars", "avril", "mai", "juin",
    "juillet", "août", "septembre", "octobre", "novembre", "décembre",
    "janv.", "févr.", "mars", "avr.", "mai", "juin",
    "juil.", "août", "sept.", "oct.", "nov.", "déc.",
)  # fmt: skip


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # Month names and abbreviations, in either order.
        ("16 Nov 2023", NOV_16),
        ("16 November 2023", NOV_16),
        ("16 nov 2023", NOV_16),
        ("16 NOVEMBER 2023", NOV_16),
        ("16 Novem 2023", NOV_16),
        ("Nov 16 2023", NOV_16),
        ("Nov 16, 2023", NOV_16),
        ("November 16th, 2023", NOV_16),
        ("16th Nov 2023", NOV_16),
        ("16th of November 2023", NOV_16),
        ("16-Nov-2023", NOV_16),
        ("16/Nov/2023", NOV_16),
        ("16.Nov.2023", NOV_16),
        ("16Nov2023", NOV_16),
        ("2023 Nov 16", NOV_16),
        ("  16 Nov 2023  ", NOV_16),
        ("16 Nov 23", NOV_16),
        ("16 Nov '23", NOV_16),
        ("1st Mar 2024", date(2024, 3, 1)),
        ("2nd May 2024", date(2024, 5, 2)),
        ("3rd Jun 2024", date(2024, 6, 3)),
        ("30 Sept 2024", date(2024, 9, 30)),
        ("30 Sep 2024", date(2024, 9, 30)),
        ("29 Feb 2024", date(2024, 2, 29)),
        ("31 Dec 2023", date(2023, 12, 31)),
        ("1 January 2000", date(2000, 1, 1)),
        # All numbers: day first in this locale, ISO always.
        ("16/11/2023", NOV_16),
        ("16.11.2023", NOV_16),
        ("16-11-2023", NOV_16),
        ("16 11 2023", NOV_16),
        ("16/11/23", NOV_16),
        ("6/1/2024", date(2024, 1, 6)),
        ("06/01/2024", date(2024, 1, 6)),
        ("2023-11-16", NOV_16),
        ("2023/11/16", NOV_16),
        ("2023-1-6", date(2023, 1, 6)),
        # No year: the meeting's.
        ("16 nov", date(2019, 11, 16)),
        ("nov 16", date(2019, 11, 16)),
        ("16/11", date(2019, 11, 16)),
        ("16.11", date(2019, 11, 16)),
        # Two-digit years: the hundred years from fifty before the meeting.
        ("16/11/19", date(2019, 11, 16)),
        ("16/11/68", date(2068, 11, 16)),
        ("16/11/69", date(1969, 11, 16)),
        ("16/11/99", date(1999, 11, 16)),
        ("16/11/00", date(2000, 11, 16)),
    ],
)
def test_dates_read_day_first(text: str, expected: date) -> None:
    assert parse_date(text, day_first=True, reference=MEETING) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("11/16/2023", NOV_16),
        ("11/16/23", NOV_16),
        ("11.16.2023", NOV_16),
        ("1/6/2024", date(2024, 1, 6)),
        ("11/16", date(2019, 11, 16)),
        ("2023-11-16", NOV_16),
        ("16 Nov 2023", NOV_16),
        ("Nov 16, 2023", NOV_16),
        ("16/11/2023", None),
    ],
)
def test_dates_read_month_first(text: str, expected: date | None) -> None:
    assert parse_date(text, day_first=False, reference=MEETING) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("16 novembre 2023", NOV_16),
        ("16 NOVEMBRE 2023", NOV_16),
        ("3 févr. 2024", date(2024, 2, 3)),
        ("3 fevr 2024", date(2024, 2, 3)),
        ("3 FÉVRIER 2024", date(2024, 2, 3)),
        ("15 août 2024", date(2024, 8, 15)),
        ("15 aout 2024", date(2024, 8, 15)),
        ("1 déc. 2023", date(2023, 12, 1)),
        ("14 juil. 2024", date(2024, 7, 14)),
        ("1 mai 2024", date(2024, 5, 1)),
        ("16 Nov 2023", NOV_16),
        ("16 de noviembre de 2023", None),
        # "jui" starts both juin and juillet.
        ("14 jui 2024", None),
    ],
)
def test_dates_with_the_locales_month_names(text: str, expected: date | None) -> None:
    assert parse_date(text, day_first=True, month_names=FRENCH, reference=MEETING) == expected


def test_spanish_dates_with_their_words_between_the_parts() -> None:
    spanish = ["enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto",
               "septiembre", "octubre", "noviembre", "diciembre"]  # fmt: skip
    assert parse_date("16 de noviembre de 2023", day_first=True, month_names=spanish) == NOV_16
    assert parse_date("16 de noviembre del 2023", day_first=True, month_names=spanish) == NOV_16


def test_month_names_that_are_not_one_word_are_not_read_word_by_word() -> None:
    """Thai abbreviations ("ม.ค." January, "มี.ค." March) share their last
    letter: read word by word, March would come out as January."""
    thai = ["ม.ค.", "ก.พ.", "มี.ค.", "เม.ย.", "พ.ค.", "มิ.ย.",
            "ก.ค.", "ส.ค.", "ก.ย.", "ต.ค.", "พ.ย.", "ธ.ค."]  # fmt: skip
    assert parse_date("5 มี.ค. 2024", day_first=True, month_names=thai) is None
    numbered = [f"{n}月" for n in range(1, 13)]
    assert parse_date("8 1月 2024", day_first=False, month_names=numbered) is None


def test_a_name_two_months_share_is_refused() -> None:
    clash = ["Jan"] * 2 + ["x"] * 10
    assert parse_date("16 jan 2023", day_first=True, month_names=clash) is None
    assert parse_date("16 January 2023", day_first=True, month_names=clash) == date(2023, 1, 16)


def test_without_a_reference_a_date_without_year_is_this_years() -> None:
    assert parse_date("16 nov", day_first=True) == date(date.today().year, 11, 16)


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   ",
        "16 Nox 2023",
        "16 Nobember 2023",
        "31 Feb 2023",
        "29 Feb 2023",
        "31 Apr 2024",
        "0 Nov 2023",
        "32 Nov 2023",
        "30/02/2024",
        "13/13/2023",
        "2023-02-30",
        "2023-13-01",
        "16",
        "2023",
        "Nov",
        "Nov 2023",
        "16 2023",
        "11/2023",
        "2023/11",
        "16 Nov 202",
        "16 Nov 2",
        "16/11/2023/1",
        "16 11 2023 4",
        "16 Nov Dec 2023",
        "Ma 16 2023",
        "Ju 16 2023",
        "16 Nov 2023 10:30",
        "16 Nov 2023!",
        "next week",
        "tomorrow",
        "16_11_2023",
        "016/11/2023",
        "16/011/2023",
        "16th",
    ],
)
def test_dates_that_cannot_be_read(text: str) -> None:
    assert parse_date(text, day_first=True, reference=MEETING) is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("10:30", time(10, 30)),
        ("1030", time(10, 30)),
        ("10.30", time(10, 30)),
        ("10h30", time(10, 30)),
        ("10 h 30", time(10, 30)),
        ("10H30", time(10, 30)),
        ("10h", time(10, 0)),
        ("10 : 30", time(10, 30)),
        ("09:05", time(9, 5)),
        ("9:05", time(9, 5)),
        ("0905", time(9, 5)),
        ("905", time(9, 5)),
        ("930", time(9, 30)),
        ("9", time(9, 0)),
        ("09", time(9, 0)),
        ("0", time(0, 0)),
        ("00:00", time(0, 0)),
        ("23:59", time(23, 59)),
        ("2359", time(23, 59)),
        ("10:30:00", time(10, 30)),
        ("  10:30  ", time(10, 30)),
        ("10:30 am", time(10, 30)),
        ("10:30am", time(10, 30)),
        ("10:30 AM", time(10, 30)),
        ("10.30 a.m.", time(10, 30)),
        ("2 pm", time(14, 0)),
        ("2pm", time(14, 0)),
        ("2 p.m.", time(14, 0)),
        ("2:30 PM", time(14, 30)),
        ("230pm", time(14, 30)),
        ("12 am", time(0, 0)),
        ("12:15 am", time(0, 15)),
        ("12 pm", time(12, 0)),
        ("12:45 pm", time(12, 45)),
        ("11:59 pm", time(23, 59)),
    ],
)
def test_times_read(text: str, expected: time) -> None:
    assert parse_time(text) == expected


@pytest.mark.parametrize(
    "text",
    [
        "",
        "  ",
        "25:00",
        "24:00",
        "10:75",
        "10:60",
        "2460",
        "99",
        "12345",
        # One-digit minutes could be :05 or :50.
        "9:5",
        "10.3",
        "10:30:15",
        "10:30:",
        ":30",
        "10::30",
        "13 pm",
        "0 am",
        "0:30 am",
        "10:30 xm",
        "10:30 pmm",
        "ten thirty",
        "noon",
        "10:30-11:00",
        "-10:30",
        "10,30",
    ],
)
def test_times_that_cannot_be_read(text: str) -> None:
    assert parse_time(text) is None


def test_the_parser_needs_no_qt() -> None:
    code = "import sys, rtcdesk.typed_dates; print('PySide6' in sys.modules)"
    run = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert run.stdout.strip() == "False"
