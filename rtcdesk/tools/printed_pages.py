"""Pictures of the demo's workbooks as LibreOffice prints them, for the README:

    python -m rtcdesk.tools.printed_pages docs/screenshots

Loads the demo into a throwaway database (the paper size and the forms'
return address are this computer's preferences: ``rtcdesk settings``), writes the 21st meeting's
participant list and sign-in sheet, one survey form and the survey results,
converts each to PDF with LibreOffice and renders chosen pages with poppler's
``pdftoppm``. Needs ``soffice`` and ``pdftoppm`` (``apt-get install
libreoffice-calc-nogui poppler-utils``).
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from rtcdesk.services import exports, surveys
from rtcdesk.services.demo import load_demo
from rtcdesk.services.meetings import find_meeting
from rtcdesk.services.startup import open_database
from rtcdesk.services.survey_export import export_survey
from rtcdesk.services.survey_forms import write_forms

#: Picture name, workbook, page.
PAGES = (
    ("50-printed-participant-list", "list", 1),
    ("51-printed-sign-in-sheet", "signin", 1),
    ("52-printed-survey-form", "form", 1),
    ("53-printed-survey-results-summary", "results", 1),
    ("54-printed-survey-results-answers", "results", 2),
)
DPI = 90


def write_workbooks(folder: Path) -> dict[str, Path]:
    """The demo's workbooks in ``folder``, by short name."""
    database = open_database(folder / "demo.sqlite").database
    try:
        with database.write() as session:
            load_demo(session)
        with database.read() as session:
            meeting = find_meeting(session, "RTC Heads Meeting", 21)
            assert meeting is not None
            survey = surveys.list_surveys(session)[0].id
            forms = write_forms(session, survey, folder / "forms")
            form = next(f for f in forms if "TANAKA" in f.name)
            return {
                "list": exports.export(
                    folder / "list.xlsx", exports.participant_list_sheet(session, meeting.id)
                ),
                "signin": exports.export(
                    folder / "signin.xlsx", exports.sign_in_sheet(session, meeting.id)
                ),
                "form": Path(shutil.copy(form, folder / "form.xlsx")),
                "results": export_survey(session, survey, folder / "results.xlsx"),
            }
    finally:
        database.dispose()


def render(target: Path) -> list[Path]:
    target.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as work:
        folder = Path(work)
        workbooks = write_workbooks(folder)
        profile = (folder / "lo-profile").as_uri()
        subprocess.run(
            ["soffice", f"-env:UserInstallation={profile}", "--headless", "--convert-to", "pdf",
             "--outdir", str(folder), *(str(p) for p in workbooks.values())],
            check=True, capture_output=True, timeout=300,
        )  # fmt: skip
        written = []
        for name, workbook, page in PAGES:
            pdf = workbooks[workbook].with_suffix(".pdf")
            stem = folder / name
            subprocess.run(
                ["pdftoppm", "-png", "-r", str(DPI), "-f", str(page), "-l", str(page),
                 "-singlefile", str(pdf), str(stem)],
                check=True, capture_output=True,
            )  # fmt: skip
            written.append(Path(shutil.copy(stem.with_suffix(".png"), target / f"{name}.png")))
        return written


def main(argv: list[str]) -> int:
    if len(argv) != 1:
        print(__doc__, file=sys.stderr)
        return 2
    for path in render(Path(argv[0])):
        print(f"Wrote {path}")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
