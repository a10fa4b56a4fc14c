"""What the host holds: the participant list and the sign-in sheet as
LibreOffice prints them, measured on the PDF.

Each workbook is converted with ``soffice --headless --convert-to pdf``; the
paper size and page count come from ``pdfinfo``, the printed text size from
the height of each word's box (``pdftotext -bbox``; LibreOffice draws a word
box about 1.3 times its font size). Without LibreOffice and poppler-utils
these tests are skipped with one line in the summary (``.ci/run`` installs
them).
"""

from __future__ import annotations

import re
import shutil
import statistics
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest
from factories import make_meeting, make_participant, make_person, org_id

from rtcdesk.db.engine import Database
from rtcdesk.services import exports
from rtcdesk.services.meetings import find_meeting
from rtcdesk.services.participants import add_delegation
from rtcdesk.services.people import search_people
from rtcdesk.services.personal_data import export_person
from rtcdesk.vocabulary import ParticipantRole

NEEDED = ("soffice", "pdfinfo", "pdftotext")
MISSING = [tool for tool in NEEDED if shutil.which(tool) is None]
pytestmark = pytest.mark.skipif(
    bool(MISSING),
    reason=f"printed-page checks skipped: {', '.join(MISSING)} not installed "
    "(apt-get install libreoffice-calc-nogui poppler-utils)",
)
#: A word box's height over the font size, as LibreOffice prints (Arial 8-11 pt).
BOX_OVER_POINTS = 1.3
A4_POINTS = (595, 842)


@dataclass(frozen=True)
class Printed:
    pages: int
    a4: bool
    size: tuple[int, int]  # width and height in points, portrait first
    text_points: float  # the size most of the text prints at
    smallest_points: float  # the 10th percentile
    text: str


def converted(workbook: Path, to: str, folder: Path) -> Path:
    """``workbook`` converted by LibreOffice (``to``: "pdf", or "xlsx:..." to
    open and save it again) into ``folder``; returns the new file."""
    subprocess.run(
        [
            "soffice",
            f"-env:UserInstallation={(workbook.parent / 'lo-profile').as_uri()}",
            "--headless",
            "--convert-to",
            to,
            "--outdir",
            str(folder),
            str(workbook),
        ],
        check=True,
        capture_output=True,
        timeout=180,
    )
    return folder / f"{workbook.stem}.{to.split(':')[0]}"


def printed(workbook: Path) -> Printed:
    pdf = converted(workbook, "pdf", workbook.parent)
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True)
    pages = int(re.search(r"Pages:\s+(\d+)", info.stdout).group(1))  # type: ignore[union-attr]
    size = re.search(r"Page size:\s+([\d.]+) x ([\d.]+)", info.stdout)
    assert size is not None
    points = tuple(sorted(round(float(v)) for v in size.groups()))
    a4 = points == A4_POINTS
    boxes = subprocess.run(
        ["pdftotext", "-bbox", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    heights = sorted(
        (float(bottom) - float(top)) / BOX_OVER_POINTS
        for top, bottom in re.findall(r'yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)"', boxes)
    )
    text = subprocess.run(
        ["pdftotext", "-layout", str(pdf), "-"], capture_output=True, text=True, check=True
    ).stdout
    return Printed(
        pages=pages,
        a4=a4,
        size=points,  # type: ignore[arg-type]
        text_points=statistics.median(heights),
        smallest_points=heights[len(heights) // 10],
        text=text,
    )


def meeting_21(database: Database) -> int:
    with database.read() as session:
        found = find_meeting(session, "RTC Heads Meeting", 21)
        assert found is not None
        return found.id


def write(database: Database, path: Path, make: object) -> Path:
    with database.read() as session:
        exports.export(path, make(session))  # type: ignore[operator]
    return path


def test_the_participant_list_prints_readably_on_at_most_two_a4_pages(
    demo: Database, tmp_path: Path
) -> None:
    meeting = meeting_21(demo)
    page = printed(
        write(demo, tmp_path / "list.xlsx", lambda s: exports.participant_list_sheet(s, meeting))
    )
    assert page.a4
    assert page.pages <= 2
    assert page.smallest_points >= 8, page
    # Every name is on the page whole, the CJK one and the wrapped position too.
    for name in ("Dr. Taeil KANG", "Mr. Michael OUTRAM APM", "Mr. 陳 家明", "Ms. Élodie MARTIN"):
        assert name in page.text
    assert "Comptroller-General" in page.text


def test_the_sign_in_sheet_prints_a_column_per_day_at_nine_points(
    demo: Database, tmp_path: Path
) -> None:
    meeting = meeting_21(demo)
    page = printed(write(demo, tmp_path / "sign.xlsx", lambda s: exports.sign_in_sheet(s, meeting)))
    assert page.a4
    assert page.smallest_points >= 9, page
    for day in ("Tue 14 Nov 2023", "Wed 15 Nov 2023", "Thu 16 Nov 2023"):
        assert day in page.text
    assert "OUTRAM" not in page.text  # he joins virtually


def test_two_hundred_participants_print_at_the_same_size_on_more_pages(
    database: Database, tmp_path: Path
) -> None:
    with database.write() as session:
        meeting = make_meeting(session, "Regional Workshop on Risk Management").id
        rtc_korea = org_id(session, "RTC Korea")
        delegation = add_delegation(session, meeting, rtc_korea).id
        for number in range(200):
            person = make_person(
                session,
                f"Participant{number:03d}",
                "Jinho",
                position="Assistant Director, Risk Management and Post-Clearance Audit Division",
                email=f"participant{number:03d}@customs.example",
            )
            make_participant(
                session,
                meeting,
                person.id,
                delegation_id=delegation,
                role=ParticipantRole.DELEGATE,
            )
    page = printed(
        write(
            database,
            tmp_path / "big.xlsx",
            lambda s: exports.participant_list_sheet(s, meeting),
        )
    )
    assert page.a4
    assert page.pages > 2
    assert page.smallest_points >= 8, page
    assert "participant199@customs.example" in page.text


@pytest.mark.parametrize("what", ["contacts", "meetings", "action items", "person record"])
def test_every_other_workbook_prints_on_a4_at_eight_points(
    demo: Database, tmp_path: Path, what: str
) -> None:
    target = tmp_path / f"{what}.xlsx"
    with demo.read() as session:
        if what == "person record":
            aoyama = search_people(session, "AOYAMA", 1)[0].id
            export_person(session, aoyama, target)
        else:
            sheet = {
                "contacts": exports.contacts_sheet,
                "meetings": exports.meetings_sheet,
                "action items": exports.action_items_sheet,
            }[what](session)
            exports.export(target, sheet)
    page = printed(target)
    assert page.a4
    assert page.smallest_points >= 8, page
    assert "Page 1 of" in page.text


def test_the_preferences_offer_the_paper_sizes_workbooks_print_on() -> None:
    """The preferences name the sizes without loading openpyxl; they must be
    the ones the workbook writers know."""
    from rtcdesk.excel.print_layout import DEFAULT_PAPER as WRITERS_DEFAULT
    from rtcdesk.excel.print_layout import PAPER_SIZES
    from rtcdesk.services.print_settings import DEFAULT_PAPER, PAPER_CHOICES

    assert tuple(PAPER_SIZES) == PAPER_CHOICES
    assert DEFAULT_PAPER == WRITERS_DEFAULT
