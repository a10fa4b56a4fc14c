"""Workloads on the data itself: the command line, an export, a search, an import.

They run on PostgreSQL too (``run.py --postgresql URL``)."""

from __future__ import annotations

import sys
from pathlib import Path

from large_database import Generated
from openpyxl import Workbook, load_workbook
from sqlalchemy import select, text
from workload import Workload, run_process

from rtcdesk.db.engine import Database
from rtcdesk.db.models import Participation, Person
from rtcdesk.excel.reading import read_table
from rtcdesk.services import exports
from rtcdesk.services.people import search_people
from rtcdesk.services.registrations import ImportOptions, find_layout, import_into

#: ``run.py --postgresql`` runs these workloads there too.
POSTGRESQL = True


def workloads(made: Generated, folder: Path, import_rows: int) -> list[Workload]:
    database = Database(made.path)
    path = str(made.path)
    meeting = made.big_meeting_id
    registration = _registration_list(made, folder / "registrations.xlsx", import_rows)

    def cli_list() -> None:
        run_process(
            [sys.executable, "-m", "rtcdesk", "meetings", "list", "--json", "--database", path]
        )

    def raw_list() -> None:
        run_process([sys.executable, "-c", RAW_MEETINGS_LIST, path])

    def export_ours() -> None:
        with database.read() as s:
            exports.export(folder / "ours.xlsx", exports.participant_list_sheet(s, meeting))

    def export_raw() -> None:
        workbook = Workbook(write_only=True)
        sheet = workbook.create_sheet()
        with database.engine.connect() as connection:
            for row in connection.execute(text(RAW_PARTICIPANTS), {"meeting": meeting}):
                sheet.append(list(row))
        workbook.save(folder / "raw.xlsx")

    def search_ours() -> None:
        with database.read() as s:
            search_people(s, "tan")

    def search_raw() -> None:
        with database.engine.connect() as connection:
            connection.execute(text(RAW_SEARCH), {"word": "%tan%"}).all()

    def import_ours() -> None:
        layout = find_layout(read_table(registration))
        import_into(database, meeting + 1, layout, ImportOptions(dry_run=True))

    def import_raw() -> None:
        _raw_import(database, registration, meeting + 1)

    return [
        Workload("meetings list --json (command line)", cli_list, raw_list, separate=True),
        Workload(f"participant export, {made.sizes.participations // 4:,} rows",
                 export_ours, export_raw),
        Workload("People search, one word", search_ours, search_raw),
        Workload(f"registration import, {import_rows:,} rows (dry run)", import_ours, import_raw),
    ]  # fmt: skip


RAW_MEETINGS_LIST = """
import json, sys
if sys.argv[1].startswith("postgresql"):
    import psycopg
    connection = psycopg.connect(sys.argv[1].replace("postgresql+psycopg", "postgresql"))
else:
    import sqlite3
    connection = sqlite3.connect(sys.argv[1])
rows = connection.execute(
    "SELECT m.id, m.title, m.start_date, m.end_date, o.name, m.city,"
    " (SELECT count(*) FROM participations p WHERE p.meeting_id = m.id)"
    " FROM meetings m LEFT JOIN organisations o ON o.id = m.host_organisation_id"
    " ORDER BY m.start_date DESC").fetchall()
print(json.dumps(rows, default=str))
"""

RAW_PARTICIPANTS = """
SELECT pe.title, pe.given_name, pe.family_name, pe.position, pe.email, o.short_name,
       pa.attendance_mode, pa.role, pa.status
FROM participations pa JOIN people pe ON pe.id = pa.person_id
LEFT JOIN delegations d ON d.id = pa.delegation_id
LEFT JOIN organisations o ON o.id = d.organisation_id
WHERE pa.meeting_id = :meeting ORDER BY o.short_name, pe.family_name
"""

RAW_SEARCH = """
SELECT p.id, p.family_name, p.given_name, o.name FROM people p
LEFT JOIN organisations o ON o.id = p.organisation_id
WHERE p.search_text LIKE :word ORDER BY p.family_name LIMIT 20
"""


def _registration_list(made: Generated, path: Path, rows: int) -> Path:
    """Half the rows people on record (by e-mail, in another case), half new."""
    database = Database(made.path)
    with database.read() as s:
        known = s.execute(
            select(Person.family_name, Person.given_name, Person.email).limit(rows // 2)
        ).all()
    database.dispose()
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Registrations")
    sheet.append(["Surname", "Given name", "E-mail", "Position"])
    for family, given, email in known:
        sheet.append([family, given, email.upper(), "Officer"])
    for number in range(rows - len(known)):
        sheet.append([f"NEWCOMER{number:05d}", "Ana", f"new{number}@bench.example", "Officer"])
    workbook.save(path)
    return path


def _raw_import(database: Database, path: Path, meeting: int) -> None:
    """The same file read with openpyxl and written with Core executemany,
    matching on e-mail by one indexed query, then rolled back."""
    workbook = load_workbook(path, read_only=True)
    rows = list(workbook.active.iter_rows(min_row=2, values_only=True))
    workbook.close()
    with database.engine.connect() as connection, connection.begin() as transaction:
        keys = [str(r[2]).casefold() for r in rows]
        found = dict(
            connection.execute(
                select(Person.email_key, Person.id).where(Person.email_key.in_(keys))
            ).all()
        )
        new = [
            {"family_name": r[0], "given_name": r[1], "email": r[2], "email_key": k,
             "position": r[3], "version": 1}
            for r, k in zip(rows, keys, strict=True) if k not in found
        ]  # fmt: skip
        if new:
            connection.execute(Person.__table__.insert(), new)
        ids = dict(
            connection.execute(
                select(Person.email_key, Person.id).where(Person.email_key.in_(keys))
            ).all()
        )
        taken = set(
            connection.scalars(
                select(Participation.person_id).where(Participation.meeting_id == meeting)
            )
        )
        connection.execute(
            Participation.__table__.insert(),
            [{"meeting_id": meeting, "person_id": ids[k], "version": 1}
             for k in keys if ids[k] not in taken],
        )  # fmt: skip
        transaction.rollback()
