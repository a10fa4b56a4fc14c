"""Progress and cancellation of long work without a GUI: the reporter itself,
a cancelled export (no file, no temporary file, an existing file untouched)
and a cancelled registration import (nothing written)."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
from factories import make_meeting
from openpyxl import load_workbook
from registration_files import workbook
from sqlalchemy import func, select
from test_excel_export_scale import add_participants

from rtcdesk.db.engine import Database
from rtcdesk.db.models import Organisation, Participation, Person
from rtcdesk.errors import CancelledError, RtcdeskError
from rtcdesk.excel.report import ReportColumn, ReportSheet, write_workbook
from rtcdesk.progress import ProgressReporter
from rtcdesk.services import exports
from rtcdesk.services.registrations import ImportOptions, import_registrations, read_layout


class Recorder:
    """A listener that keeps every report and cancels after ``cancel_at`` rows."""

    def __init__(self, cancel_at: int | None = None):
        self.reports: list[tuple[int, int | None]] = []
        self.cancel_at = cancel_at
        self.reporter = ProgressReporter(self, interval=0)

    def report(self, done: int, total: int | None) -> None:
        self.reports.append((done, total))
        if self.cancel_at is not None and done >= self.cancel_at:
            self.reporter.cancel()


def numbers_sheet(count: int, row_count: int | None = None) -> ReportSheet:
    return ReportSheet(
        "Numbers", [ReportColumn("N")], lambda: ([n] for n in range(count)), row_count=row_count
    )


@pytest.fixture
def openpyxl_scratch(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Where openpyxl's write-only sheets keep their rows while a workbook is written."""
    scratch = tmp_path / "scratch"
    scratch.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))
    return scratch


# -- the reporter ------------------------------------------------------------------


def test_the_reporter_counts_and_reports_start_and_end() -> None:
    recorder = Recorder()
    recorder.reporter.start(3)
    for _ in range(3):
        recorder.reporter.advance()
    assert recorder.reports == [(0, 3), (1, 3), (2, 3), (3, 3)]
    assert (recorder.reporter.done, recorder.reporter.total) == (3, 3)


def test_reports_are_spaced_out_but_the_last_one_arrives() -> None:
    reports: list[tuple[int, int | None]] = []

    class Listener:
        def report(self, done: int, total: int | None) -> None:
            reports.append((done, total))

    reporter = ProgressReporter(Listener(), interval=3600)
    reporter.start(1000)
    for _ in range(1000):
        reporter.advance()
    assert reports == [(0, 1000), (1000, 1000)]


def test_a_cancelled_reporter_stops_the_work_with_a_plain_message() -> None:
    reporter = ProgressReporter()
    reporter.start(None)
    reporter.advance()
    reporter.cancel()
    assert reporter.cancelled
    with pytest.raises(CancelledError) as cancelled:
        reporter.advance()
    assert isinstance(cancelled.value, RtcdeskError)
    assert str(cancelled.value) == "Cancelled: nothing was written."
    with pytest.raises(CancelledError):
        reporter.check()


# -- exports -----------------------------------------------------------------------


def test_an_export_reports_every_row_written(tmp_path: Path) -> None:
    recorder = Recorder()
    write_workbook(tmp_path / "n.xlsx", [numbers_sheet(5, row_count=5)], recorder.reporter)
    assert recorder.reports == [(0, 5), (1, 5), (2, 5), (3, 5), (4, 5), (5, 5)]


def test_an_export_of_unknown_length_reports_no_total(tmp_path: Path) -> None:
    recorder = Recorder()
    write_workbook(tmp_path / "n.xlsx", [numbers_sheet(2)], recorder.reporter)
    assert recorder.reports == [(0, None), (1, None), (2, None)]


def test_a_cancelled_export_leaves_no_file(tmp_path: Path, openpyxl_scratch: Path) -> None:
    target = tmp_path / "out" / "numbers.xlsx"
    recorder = Recorder(cancel_at=500)
    with pytest.raises(CancelledError):
        write_workbook(target, [numbers_sheet(10_000, 10_000)], recorder.reporter)
    assert recorder.reports[-1] == (500, 10_000)
    assert not target.exists()
    assert not target.parent.exists() or list(target.parent.iterdir()) == []
    assert list(openpyxl_scratch.iterdir()) == []


def test_a_cancelled_export_keeps_the_file_it_would_replace(
    tmp_path: Path, openpyxl_scratch: Path
) -> None:
    target = write_workbook(tmp_path / "out" / "list.xlsx", [numbers_sheet(3)])
    before = target.read_bytes()
    reporter = ProgressReporter()
    reporter.cancel()
    with pytest.raises(CancelledError):
        write_workbook(target, [numbers_sheet(10)], reporter)
    assert target.read_bytes() == before
    assert list(target.parent.iterdir()) == [target]
    assert list(openpyxl_scratch.iterdir()) == []


def test_cancel_while_the_widths_are_measured_leaves_no_file(
    tmp_path: Path, openpyxl_scratch: Path
) -> None:
    """The first pass only measures; a cancel there stops before anything is written."""
    measured = []

    def rows() -> list[list[int]]:
        measured.append(True)
        reporter.cancel()
        return [[1], [2]]

    reporter = ProgressReporter()
    sheet = ReportSheet("Numbers", [ReportColumn("N")], rows)
    with pytest.raises(CancelledError):
        write_workbook(tmp_path / "n.xlsx", [sheet], reporter)
    assert measured == [True]
    assert list(tmp_path.glob("*.xlsx")) == []
    assert list(openpyxl_scratch.iterdir()) == []


def test_a_participant_list_reports_its_length(database: Database, tmp_path: Path) -> None:
    with database.write() as s:
        meeting_id = make_meeting(s, "Long", series="L", ordinal=1).id
    add_participants(database, meeting_id, 1_200, 0)
    recorder = Recorder()
    with database.read() as s:
        exports.export(
            tmp_path / "p.xlsx",
            exports.participant_list_sheet(s, meeting_id),
            progress=recorder.reporter,
        )
    assert recorder.reports[0] == (0, 1_200)
    assert recorder.reports[-1] == (1_200, 1_200)
    ws = load_workbook(tmp_path / "p.xlsx", read_only=True).active
    assert len(list(ws.iter_rows(min_row=6, values_only=True))) == 1_200


def test_a_cancelled_participant_list_leaves_no_file(
    database: Database, tmp_path: Path, openpyxl_scratch: Path
) -> None:
    with database.write() as s:
        meeting_id = make_meeting(s, "Long", series="L", ordinal=1).id
    add_participants(database, meeting_id, 3_000, 0)
    recorder = Recorder(cancel_at=1_000)
    target = tmp_path / "participants.xlsx"
    with database.read() as s, pytest.raises(CancelledError):
        exports.export(
            target, exports.participant_list_sheet(s, meeting_id), progress=recorder.reporter
        )
    assert recorder.reports[-1] == (1_000, 3_000)
    assert list(tmp_path.glob("*.xlsx")) == []
    assert list(tmp_path.glob(".rtcdesk-*")) == []
    assert list(openpyxl_scratch.iterdir()) == []


# -- registration import -----------------------------------------------------------


def snapshot(database: Database) -> tuple[int, int, int]:
    with database.read() as s:
        return (
            s.scalar(select(func.count()).select_from(Person)) or 0,
            s.scalar(select(func.count()).select_from(Participation)) or 0,
            s.scalar(select(func.count()).select_from(Organisation)) or 0,
        )


@pytest.fixture
def registration_list(tmp_path: Path) -> Path:
    rows = [[f"Family{n:03d}", "Given", f"Agency {n % 7}", f"p{n}@example.org"] for n in range(60)]
    return workbook(tmp_path / "list.xlsx", ["Surname", "First name", "Agency", "E-mail"], rows)


def test_an_import_reports_every_row(database: Database, registration_list: Path) -> None:
    with database.write() as s:
        meeting_id = make_meeting(s).id
    recorder = Recorder()
    with database.write() as s:
        result = import_registrations(
            s, meeting_id, read_layout(registration_list), progress=recorder.reporter
        )
    assert result.created == 60
    assert recorder.reports[0] == (0, 60)
    assert recorder.reports[-1] == (60, 60)


def test_a_cancelled_import_writes_nothing(database: Database, registration_list: Path) -> None:
    with database.write() as s:
        meeting_id = make_meeting(s).id
    before = snapshot(database)
    recorder = Recorder(cancel_at=30)
    with pytest.raises(CancelledError), database.write() as s:
        import_registrations(
            s, meeting_id, read_layout(registration_list), progress=recorder.reporter
        )
    assert recorder.reports[-1] == (30, 60)
    assert snapshot(database) == before


def test_a_cancelled_dry_run_writes_nothing_either(
    database: Database, registration_list: Path
) -> None:
    with database.write() as s:
        meeting_id = make_meeting(s).id
    before = snapshot(database)
    recorder = Recorder(cancel_at=10)
    with pytest.raises(CancelledError), database.write() as s:
        import_registrations(
            s,
            meeting_id,
            read_layout(registration_list),
            ImportOptions(dry_run=True),
            progress=recorder.reporter,
        )
    assert snapshot(database) == before
