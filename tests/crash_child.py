"""One run of rtcdesk's registration import, survey collection or save path,
killed on cue: the child process of the crash-safety harness
(``test_crash_safety.py``)::

    python tests/crash_child.py SCENARIO DBFILE KILL_AT JOURNAL [INPUTS]

SCENARIO is ``import``, ``collect`` or ``save``; DBFILE a copy of the database
``prepare_database`` made; INPUTS the folder of files ``write_inputs`` wrote. The
scenario does its units of work through the services the GUI uses, each unit
in its own transaction; after the unit's COMMIT returns, its id is appended to
JOURNAL and fsynced. So JOURNAL lists every unit committed before a kill,
except at most the one whose COMMIT had returned when the kill came.

Kill points are counted as the work goes: before and after every SQL
statement (BEGIN, SAVEPOINT and the rest), just before every COMMIT, and just
after a unit's COMMIT returns. With KILL_AT = N > 0 the child sends itself
SIGKILL at point N: a real kill, at a place that is the same in every run.
KILL_AT = 0 runs to the end and prints, as JSON, the kind of every point and a
digest of the database before the first unit and after each one (the
harness's baseline). KILL_AT = -1 runs to the end and then waits, for the
kills the harness times itself.

The units are defined here with, for each, how to tell from the database
whether it is there wholly, not at all, or partly (``Unit.state``), so that
the work and its check sit side by side.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import signal
import sqlite3
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from factories import GOOD_FOLLOW_UP_ANSWERS
from sqlalchemy import event, func, select
from sqlalchemy.orm import Session

from rtcdesk.db.engine import Database
from rtcdesk.db.models import (
    Delegation,
    Meeting,
    Organisation,
    Participation,
    Person,
    Survey,
    SurveyRecipient,
)
from rtcdesk.services import meetings, participants, people, surveys
from rtcdesk.services.demo import load_demo
from rtcdesk.services.startup import open_database
from rtcdesk.vocabulary import (
    AttendanceMode,
    ParticipantRole,
    ParticipationStatus,
    RecipientStatus,
    SurveyStatus,
)

SERIES = "RTC Heads Meeting"
ABSENT, PRESENT, PARTIAL = "absent", "present", "partial"

#: Point kinds: a statement inside a write transaction, any other statement
#: (reads, start-up), just before a COMMIT, just after a unit's COMMIT returned.
WRITE, READ, COMMIT, COMMITTED = "write", "read", "commit", "committed"


@dataclass(frozen=True)
class UnitState:
    state: str  # ABSENT, PRESENT or PARTIAL
    detail: str

    @classmethod
    def of(cls, there: Sequence[bool], gone: Sequence[bool], detail: str) -> UnitState:
        """PRESENT when every fact of the unit holds, ABSENT when every fact of
        the database before it holds, PARTIAL for any mixture."""
        if all(there):
            return cls(PRESENT, detail)
        if all(gone):
            return cls(ABSENT, detail)
        return cls(PARTIAL, detail)


@dataclass(frozen=True)
class Unit:
    id: str
    run: Callable[[Database, Path], None]
    state: Callable[[Session, Path], UnitState]


# -- helpers shared by the scenarios ---------------------------------------------------


def meeting_21(session: Session) -> Meeting:
    found = meetings.find_meeting(session, SERIES, 21)
    assert found is not None, "the demo data has no 21st RTC Heads Meeting"
    return found


def person_by_email(session: Session, email: str) -> Person | None:
    return people.find_person_by_email(session, email)


def participation_of(session: Session, meeting_id: int, person_id: int) -> Participation | None:
    return session.scalars(
        select(Participation).where(
            Participation.meeting_id == meeting_id, Participation.person_id == person_id
        )
    ).first()


def organisation_id(session: Session, name: str) -> int:
    found = session.scalar(select(Organisation.id).where(Organisation.name == name))
    assert found is not None, f"no organisation called {name!r}"
    return found


# -- (a) registration import -----------------------------------------------------------

IMPORT_HEADER = ["No", "Surname", "First name", "Designation", "Name of Administration",
                 "E-mail address", "Mode", "Arrival"]  # fmt: skip
NEW_PER_IMPORT = 20
IMPORTS = 3
FAMILY_NAMES = ["Abe", "Baek", "Chowdhury", "Dorji", "Evans", "Fernando", "Gurung", "Hassan",
                "Inoue", "Jayasuriya", "Kaur", "Lim", "Mendoza", "Nakamura", "Ong", "Perera",
                "Qureshi", "Rahman", "Silva", "Tran"]  # fmt: skip
GIVEN_NAMES = ["Aiko", "Bilal", "Chen", "Dawa", "Emma", "Farid", "Gita", "Hana", "Imran",
               "Jun", "Kiri", "Lan", "Mei", "Nima", "Omar", "Priya", "Quang", "Rina", "Sione",
               "Tala", "Umar", "Vinh", "Wati"]  # fmt: skip
KNOWN_ORGANISATIONS = ["RTC Japan", "Japan Customs", "RTC Korea"]
#: Per import: a demo person the file names without an e-mail on record (found
#: by name and organisation; the import fills in the address) ...
REFRESHED = {
    1: ("Kang", "Taeil", "WCO Secretariat", "taeil.kang@wco.example"),
    2: ("Kuramoto", "Norikazu", "Regional Office for Capacity Building Asia/Pacific",
        "norikazu.kuramoto@rocb.example"),
    3: ("Outram", "Michael", "Australian Border Force", "michael.outram@abf.example"),
}  # fmt: skip
#: ... and two demo participants found by e-mail whose attendance turns virtual.
SWITCHED_ONLINE = {
    1: [("Liu", "Fang", "fang.liu@rtc-china.example"),
        ("Sato", "Yuki", "yuki.sato@rtc-japan.example")],
    2: [("Suzuki", "Kenta", "kenta.suzuki@customs-japan.example"),
        ("Chan", "Ka-yan", "kayan.chan@rtc-hk.example")],
    3: [("Phromma", "Kanya", "kanya.phromma@rocb.example"),
        ("Lee", "Daniel", "daniel.lee@rocb.example")],
}  # fmt: skip


def new_organisation(unit: int) -> str:
    return f"Crash Harness Academy {unit}"


def new_email_domain(unit: int) -> str:
    return f"@import{unit}.crash.example"


def registration_rows(unit: int) -> list[list[Any]]:
    """The rows of import ``unit``: 20 new people (a quarter from an organisation
    the import creates), one demo person refreshed, two switched to online."""
    rows: list[list[Any]] = []
    arrival = datetime(2023, 11, 13)
    for i, family in enumerate(FAMILY_NAMES):
        given = GIVEN_NAMES[(i + 7 * unit) % len(GIVEN_NAMES)]
        organisation = new_organisation(unit) if i % 4 == 0 else KNOWN_ORGANISATIONS[i % 4 - 1]
        email = f"{given}.{family}{new_email_domain(unit)}".lower()
        mode = "Online" if i % 3 == 0 else "Physical"
        rows.append([len(rows) + 1, family, given, "Officer", organisation, email, mode, arrival])
    family, given, organisation, email = REFRESHED[unit]
    rows.append([len(rows) + 1, family, given, "", organisation, email, None, None])
    for family, given, email in SWITCHED_ONLINE[unit]:
        rows.append([len(rows) + 1, family, given, "", "", email, "Online", None])
    return rows


def registration_file(inputs: Path, unit: int) -> Path:
    return inputs / "registrations" / f"import-{unit}.xlsx"


def run_import(unit: int) -> Callable[[Database, Path], None]:
    def run(database: Database, inputs: Path) -> None:
        from rtcdesk.services.registrations import ImportOptions, import_registrations, read_layout

        layout = read_layout(registration_file(inputs, unit))
        with database.read() as session:
            meeting_id = meeting_21(session).id
        # As the import dialog does: a dry run (rolled back) to show what
        # would happen, then the import for real.
        with database.write() as session:
            import_registrations(
                session, meeting_id, layout, ImportOptions(skip_invalid=True, dry_run=True)
            )
        with database.write() as session:
            import_registrations(session, meeting_id, layout, ImportOptions())

    return run


def import_state(unit: int) -> Callable[[Session, Path], UnitState]:
    def state(session: Session, _inputs: Path) -> UnitState:
        meeting_id = meeting_21(session).id
        new_people = session.scalars(
            select(Person.id).where(Person.email.like(f"%{new_email_domain(unit)}"))
        ).all()
        added = session.scalar(
            select(func.count())
            .select_from(Participation)
            .where(Participation.meeting_id == meeting_id, Participation.person_id.in_(new_people))
        )
        created_org = session.scalar(
            select(Organisation.id).where(Organisation.name == new_organisation(unit))
        )
        family, given, _organisation, email = REFRESHED[unit]
        refreshed = session.scalars(
            select(Person).where(Person.family_name == family, Person.given_name == given)
        ).one()
        online = 0
        for _family, _given, address in SWITCHED_ONLINE[unit]:
            switched = person_by_email(session, address)
            assert switched is not None
            taking_part = participation_of(session, meeting_id, switched.id)
            assert taking_part is not None
            online += taking_part.attendance_mode is AttendanceMode.VIRTUAL
        detail = (
            f"{len(new_people)} of {NEW_PER_IMPORT} new people, {added} of {NEW_PER_IMPORT} "
            f"participations added, organisation created: {created_org is not None}, "
            f"e-mail filled in: {refreshed.email == email}, switched online: {online} of 2"
        )
        return UnitState.of(
            [
                len(new_people) == NEW_PER_IMPORT,
                added == NEW_PER_IMPORT,
                created_org is not None,
                refreshed.email == email,
                online == 2,
            ],
            [
                not new_people,
                added == 0,
                created_org is None,
                refreshed.email == "",
                online == 0,
            ],
            detail,
        )

    return state


# -- (b) survey collection -------------------------------------------------------------

SURVEY_TITLE = "Crash-harness follow-up survey"
COLLECT_BATCHES = 4
FORMS_PER_BATCH = 3
BASE_ANSWERS = GOOD_FOLLOW_UP_ANSWERS


def collect_folder(inputs: Path, batch: int) -> Path:
    return inputs / f"collect-{batch}"


def manifest(inputs: Path) -> dict[str, Any]:
    """What ``write_inputs`` recorded of the survey: the recipients of each batch with
    the answers they had before and should have after (by question code)."""
    return json.loads((inputs / "survey.json").read_text(encoding="utf-8"))


def run_collect(batch: int) -> Callable[[Database, Path], None]:
    def run(database: Database, inputs: Path) -> None:
        from rtcdesk.services.survey_forms import commit_returns, review_returns

        files = sorted(collect_folder(inputs, batch).glob("*.xlsx"))
        survey_id = manifest(inputs)["survey_id"]
        # As the collect tab does: review in a read transaction, then write.
        with database.read() as session:
            reviews = review_returns(session, files, survey_id)
        unexpected = [r.describe() for r in reviews if r.status not in ("new", "changed")]
        assert not unexpected, unexpected
        with database.write() as session:
            commit_returns(session, reviews)

    return run


def recipient_answers(recipient: SurveyRecipient) -> dict[str, Any]:
    codes = {q.id: q.code for q in recipient.survey.questions}
    return {codes[a.question_id]: a.value for a in recipient.answers}


def collect_state(batch: int) -> Callable[[Session, Path], UnitState]:
    def state(session: Session, inputs: Path) -> UnitState:
        expected = manifest(inputs)["batches"][str(batch)]
        there, gone, responded = [], [], 0
        for recipient_id, views in expected.items():
            recipient = session.get(SurveyRecipient, int(recipient_id))
            assert recipient is not None
            now = {"status": recipient.status.value, "answers": recipient_answers(recipient)}
            responded += now == views["after"]
            there.append(now == views["after"])
            gone.append(now == views["before"])
        detail = f"{responded} of {len(expected)} returned forms stored in full"
        return UnitState.of(there, gone, detail)

    return state


# -- (c) saves through the editors' services -------------------------------------------


@dataclass(frozen=True)
class SaveRound:
    """The records one round of saves touches (no two rounds share one)."""

    meeting_ordinal: int
    edited_person: str
    edited_participant: str
    no_shows: tuple[str, str]
    removed_head: str


SAVE_ROUNDS = [
    SaveRound(18, "daniel.lee@rocb.example", "fang.liu@rtc-china.example",
              ("sungsoo.kim@rilo.example", "jinho.park@rtc-korea.example"),
              "wei.zhang@rtc-china.example"),
    SaveRound(19, "kanya.phromma@rocb.example", "yuki.sato@rtc-japan.example",
              ("siti.ismail@rtc-malaysia.example", "somchai.w@rtc-thailand.example"),
              "kayan.chan@rtc-hk.example"),
    SaveRound(20, "ploy.srisawat@rocb.example", "kenta.suzuki@customs-japan.example",
              ("budi.santoso@rtc-indonesia.example", "hiroshi.tanaka@rtc-japan.example"),
              "rajesh.sharma@nacin.example"),
]  # fmt: skip
CO_ORGANISER = "RTC Korea"


def saved_marker(round_no: int) -> str:
    return f"Saved in crash round {round_no}"


def new_person_email(round_no: int) -> str:
    return f"harness.round{round_no}@save.crash.example"


def _meeting(session: Session, round_no: int) -> Meeting:
    found = meetings.find_meeting(session, SERIES, SAVE_ROUNDS[round_no].meeting_ordinal)
    assert found is not None
    return found


def save_meeting(round_no: int) -> Unit:
    """The meeting editor's save: details loaded, changed, saved with the version."""

    def run(database: Database, _inputs: Path) -> None:
        with database.read() as session:
            meeting = _meeting(session, round_no)
            ident, version, data = meeting.id, meeting.version, meetings.meeting_data(meeting)
            korea = organisation_id(session, CO_ORGANISER)
        data.venue = f"Crash hall {round_no}"
        data.notes = saved_marker(round_no)
        data.co_organiser_ids = [*data.co_organiser_ids, korea]
        with database.write() as session:
            meetings.update_meeting(session, ident, data, version)

    def state(session: Session, _inputs: Path) -> UnitState:
        meeting = _meeting(session, round_no)
        korea = CO_ORGANISER in [o.name for o in meeting.co_organisers]
        venue = meeting.venue == f"Crash hall {round_no}"
        notes = meeting.notes == saved_marker(round_no)
        detail = f"venue {meeting.venue!r}, co-organiser added: {korea}, version {meeting.version}"
        return UnitState.of(
            [venue, notes, korea, meeting.version == 2],
            [not venue, not notes, not korea, meeting.version == 1],
            detail,
        )

    return Unit(f"save-{round_no}-meeting", run, state)


def save_new_person(round_no: int) -> Unit:
    """The person editor's save of a new person."""

    def run(database: Database, _inputs: Path) -> None:
        with database.read() as session:
            japan = organisation_id(session, "RTC Japan")
        data = people.PersonData(
            family_name="Harness",
            given_name=f"Round {round_no}",
            title="Ms.",
            position="Observer",
            organisation_id=japan,
            email=new_person_email(round_no),
        )
        with database.write() as session:
            people.create_new_person(session, data)

    def state(session: Session, _inputs: Path) -> UnitState:
        found = person_by_email(session, new_person_email(round_no))
        complete = found is not None and found.position == "Observer" and found.title == "Ms."
        return UnitState.of([complete], [found is None], f"person on record: {found is not None}")

    return Unit(f"save-{round_no}-new-person", run, state)


def save_new_participant(round_no: int) -> Unit:
    """The participants tab adding the new person to the RTC Japan delegation."""

    def run(database: Database, _inputs: Path) -> None:
        with database.read() as session:
            meeting_id = meeting_21(session).id
            person = person_by_email(session, new_person_email(round_no))
            assert person is not None
            japan = organisation_id(session, "RTC Japan")
            delegation = session.scalar(
                select(Delegation.id).where(
                    Delegation.meeting_id == meeting_id, Delegation.organisation_id == japan
                )
            )
        data = participants.ParticipationData(
            person_id=person.id,
            delegation_id=delegation,
            role=ParticipantRole.OBSERVER,
            status=ParticipationStatus.CONFIRMED,
        )
        with database.write() as session:
            participants.add_participant(session, meeting_id, data)

    def state(session: Session, _inputs: Path) -> UnitState:
        person = person_by_email(session, new_person_email(round_no))
        taking_part = (
            participation_of(session, meeting_21(session).id, person.id) if person else None
        )
        complete = taking_part is not None and taking_part.role is ParticipantRole.OBSERVER
        return UnitState.of(
            [complete], [taking_part is None], f"participant: {taking_part is not None}"
        )

    return Unit(f"save-{round_no}-new-participant", run, state)


def save_person(round_no: int) -> Unit:
    """The person editor's save of an existing person, with the loaded version."""
    email = SAVE_ROUNDS[round_no].edited_person
    phone = f"+81 4 7100 000{round_no}"

    def run(database: Database, _inputs: Path) -> None:
        with database.read() as session:
            person = person_by_email(session, email)
            assert person is not None
            ident, version, data = person.id, person.version, people.person_data(person)
        data.position = f"{data.position} ({saved_marker(round_no)})"
        data.phone = phone
        with database.write() as session:
            people.update_person(session, ident, data, version)

    def state(session: Session, _inputs: Path) -> UnitState:
        person = person_by_email(session, email)
        assert person is not None
        position = person.position.endswith(f"({saved_marker(round_no)})")
        detail = f"phone {person.phone!r}, version {person.version}"
        return UnitState.of(
            [position, person.phone == phone, person.version == 2],
            [not position, person.phone == "", person.version == 1],
            detail,
        )

    return Unit(f"save-{round_no}-person", run, state)


def save_participant(round_no: int) -> Unit:
    """The participant dialog's save: role, attendance, notes, travel dates."""
    email = SAVE_ROUNDS[round_no].edited_participant

    def run(database: Database, _inputs: Path) -> None:
        with database.read() as session:
            person = person_by_email(session, email)
            assert person is not None
            taking_part = participation_of(session, meeting_21(session).id, person.id)
            assert taking_part is not None
            ident, version = taking_part.id, taking_part.version
            data = participants.ParticipationData(
                person_id=person.id,
                delegation_id=taking_part.delegation_id,
                role=ParticipantRole.SPEAKER,
                attendance_mode=AttendanceMode.VIRTUAL,
                status=taking_part.status,
                notes=saved_marker(round_no),
                arrival_date=date(2023, 11, 13),
                departure_date=date(2023, 11, 17),
            )
        with database.write() as session:
            participants.update_participant(session, ident, data, version)

    def state(session: Session, _inputs: Path) -> UnitState:
        person = person_by_email(session, email)
        assert person is not None
        taking_part = participation_of(session, meeting_21(session).id, person.id)
        assert taking_part is not None
        facts = [
            taking_part.role is ParticipantRole.SPEAKER,
            taking_part.attendance_mode is AttendanceMode.VIRTUAL,
            taking_part.notes == saved_marker(round_no),
            taking_part.departure_date == date(2023, 11, 17),
        ]
        detail = f"{sum(facts)} of {len(facts)} changes, version {taking_part.version}"
        return UnitState.of(
            [*facts, taking_part.version == 2],
            [*(not fact for fact in facts), taking_part.version == 1],
            detail,
        )

    return Unit(f"save-{round_no}-participant", run, state)


def _participations(session: Session, emails: Sequence[str]) -> list[Participation]:
    meeting_id = meeting_21(session).id
    found = []
    for email in emails:
        person = person_by_email(session, email)
        assert person is not None
        taking_part = participation_of(session, meeting_id, person.id)
        assert taking_part is not None
        found.append(taking_part)
    return found


def save_no_shows(round_no: int) -> Unit:
    """The participants tab marking two participants as no-shows at once."""
    emails = SAVE_ROUNDS[round_no].no_shows

    def run(database: Database, _inputs: Path) -> None:
        with database.read() as session:
            ids = [p.id for p in _participations(session, emails)]
        with database.write() as session:
            participants.set_status(session, ids, ParticipationStatus.NO_SHOW)

    def state(session: Session, _inputs: Path) -> UnitState:
        statuses = [p.status for p in _participations(session, emails)]
        return UnitState.of(
            [s is ParticipationStatus.NO_SHOW for s in statuses],
            [s is ParticipationStatus.ATTENDED for s in statuses],
            "statuses " + ", ".join(s.value for s in statuses),
        )

    return Unit(f"save-{round_no}-no-shows", run, state)


def save_removal(round_no: int) -> Unit:
    """Removing a head of delegation: the participation goes, and the
    delegation is left without a head, in one transaction."""
    email = SAVE_ROUNDS[round_no].removed_head

    def delegation_and_participation(
        session: Session,
    ) -> tuple[Person, Delegation, Participation | None]:
        person = person_by_email(session, email)
        assert person is not None
        meeting_id = meeting_21(session).id
        delegation = session.scalars(
            select(Delegation).where(
                Delegation.meeting_id == meeting_id,
                Delegation.organisation_id == person.organisation_id,
            )
        ).one()
        return person, delegation, participation_of(session, meeting_id, person.id)

    def run(database: Database, _inputs: Path) -> None:
        with database.read() as session:
            _person, _delegation, taking_part = delegation_and_participation(session)
            assert taking_part is not None
            ident, version = taking_part.id, taking_part.version
        with database.write() as session:
            participants.remove_participant(session, ident, version)

    def state(session: Session, _inputs: Path) -> UnitState:
        person, delegation, taking_part = delegation_and_participation(session)
        headed = delegation.head_person_id == person.id
        detail = f"participant: {taking_part is not None}, heads the delegation: {headed}"
        return UnitState.of(
            [taking_part is None, delegation.head_person_id is None],
            [taking_part is not None, headed],
            detail,
        )

    return Unit(f"save-{round_no}-removal", run, state)


def save_units() -> list[Unit]:
    units = []
    for round_no in range(len(SAVE_ROUNDS)):
        units += [
            save_meeting(round_no),
            save_new_person(round_no),
            save_new_participant(round_no),
            save_person(round_no),
            save_participant(round_no),
            save_no_shows(round_no),
            save_removal(round_no),
        ]
    return units


SCENARIOS: dict[str, list[Unit]] = {
    "import": [Unit(f"import-{n}", run_import(n), import_state(n)) for n in range(1, IMPORTS + 1)],
    "collect": [
        Unit(f"collect-{n}", run_collect(n), collect_state(n))
        for n in range(1, COLLECT_BATCHES + 1)
    ],
    "save": save_units(),
}


# -- the prepared database and its input files -----------------------------------------


def prepare_database(db_file: Path) -> None:
    """The database every run starts from: the demo data, plus an open survey of
    the 21st meeting sent to everyone who attended, one of whom has answered."""
    from rtcdesk.services.survey_templates import FOLLOW_UP_INTRODUCTION, follow_up_questions

    database = open_database(db_file).database
    try:
        with database.write() as session:
            load_demo(session)
            survey = surveys.create_survey(
                session,
                surveys.SurveyData(
                    SURVEY_TITLE,
                    meeting_id=meeting_21(session).id,
                    introduction=FOLLOW_UP_INTRODUCTION,
                    opens_on=date(2025, 3, 1),
                    closes_on=date(2025, 3, 31),
                    status=SurveyStatus.OPEN,
                ),
            )
            questions = [surveys.add_question(session, survey.id, q) for q in follow_up_questions()]
            recipients = surveys.add_recipients_from_meeting(
                session, survey.id, statuses=[ParticipationStatus.ATTENDED]
            )
            surveys.record_response(
                session,
                recipients[-1].id,
                {q.id: BASE_ANSWERS[q.code] for q in questions if q.code in BASE_ANSWERS},
            )
    finally:
        database.dispose()


def write_inputs(db_file: Path, inputs: Path) -> None:
    """The files the import and collect scenarios read, in ``inputs``: the
    registration workbooks, and the returned survey forms in batches (with
    ``survey.json``, what each batch must change)."""
    from openpyxl import load_workbook
    from registration_files import workbook

    from rtcdesk.excel.survey_form import FORM_SHEET
    from rtcdesk.services.survey_forms import forms_by_recipient

    (inputs / "registrations").mkdir(parents=True)
    for unit in range(1, IMPORTS + 1):
        workbook(registration_file(inputs, unit), IMPORT_HEADER, registration_rows(unit))

    database = open_database(db_file).database
    try:
        with database.read() as session:
            survey_id = session.scalars(select(Survey.id).where(Survey.title == SURVEY_TITLE)).one()
            blank_forms = forms_by_recipient(session, survey_id, inputs / "forms")
            by_code = {q.code: q for q in surveys.list_questions(session, survey_id)}
            before = {
                r.id: {"status": r.status.value, "answers": recipient_answers(r)}
                for r in session.scalars(
                    select(SurveyRecipient)
                    .where(SurveyRecipient.survey_id == survey_id)
                    .order_by(SurveyRecipient.id)
                )
            }
    finally:
        database.dispose()
    fresh = [rid for rid, view in before.items() if not view["answers"]]
    answered = [rid for rid, view in before.items() if view["answers"]]
    batches = [
        fresh[FORMS_PER_BATCH * b : FORMS_PER_BATCH * (b + 1)] for b in range(COLLECT_BATCHES)
    ]
    # The last batch also brings a second form from the one who answered
    # already: changed answers, not a new response.
    batches[-1] = [*batches[-1][:-1], *answered]
    expected: dict[str, dict[str, Any]] = {}
    for number, batch in enumerate(batches, start=1):
        folder = collect_folder(inputs, number)
        folder.mkdir()
        expected[str(number)] = {}
        for place, recipient_id in enumerate(batch):
            answers = {
                **BASE_ANSWERS,
                "colleagues_reached": 10 * number + place,
                "applied_in_work": 1 + (number + place) % 5,
                "direct_effects": f"Batch {number}, form {place + 1}: a course redesigned.",
            }
            source = blank_forms[recipient_id]
            filled = load_workbook(source)
            for row in filled[FORM_SHEET].iter_rows(min_row=1):
                if row[0].value in answers:
                    row[3].value = answers[row[0].value]
            filled.save(folder / source.name)
            stored = {
                code: surveys.normalise_answer(by_code[code], value)
                for code, value in answers.items()
            }
            expected[str(number)][str(recipient_id)] = {
                "before": before[recipient_id],
                "after": {
                    "status": RecipientStatus.RESPONDED.value,
                    "answers": {**before[recipient_id]["answers"], **stored},
                },
            }
    (inputs / "survey.json").write_text(
        json.dumps({"survey_id": survey_id, "batches": expected}, indent=1), encoding="utf-8"
    )


# -- digests -----------------------------------------------------------------------------

#: Values that are the wall clock of the run (created, updated and responded
#: stamps, and the same stamps quoted in the history's JSON): left out of the
#: digest, since two runs differ there.
CLOCK_TYPES = ("DATETIME", "TIMESTAMP")
CLOCK_TEXT = re.compile(r"\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}:\d{2}(?:\.\d+)?(?:[+-]\d{2}:\d{2}|Z)?")


def database_digest(connection: sqlite3.Connection) -> str:
    """A digest of every row of every table, so that two databases that hold the
    same records have the same digest. Clock values are left out, and so are the
    ids of rows nothing refers to (history entries): the rows of one flush may
    take those in a different order in each run."""
    tables = [
        name
        for (name,) in connection.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name"
        )
    ]
    referenced = {
        foreign_key[2]
        for table in tables
        for foreign_key in connection.execute(f'PRAGMA foreign_key_list("{table}")')
    }
    digest = hashlib.sha256()
    for table in tables:
        info = list(connection.execute(f'PRAGMA table_info("{table}")'))
        keys = [name for _cid, name, _kind, _null, _default, pk in info if pk]
        loose_id = table not in referenced and len(keys) == 1 and keys[0] == "id"
        columns = [
            name
            for _cid, name, kind, *_rest in info
            if not any(clock in kind.upper() for clock in CLOCK_TYPES)
            and not (loose_id and name == "id")
        ]
        listed = ", ".join(f'"{c}"' for c in columns)
        rows = sorted(
            CLOCK_TEXT.sub("<clock>", repr(row))
            for row in connection.execute(f'SELECT {listed} FROM "{table}"')
        )
        digest.update(f"{table}({listed})\n".encode())
        for row in rows:
            digest.update(row.encode() + b"\n")
    return digest.hexdigest()


def file_digest(db_file: Path) -> str:
    connection = sqlite3.connect(db_file)
    try:
        return database_digest(connection)
    finally:
        connection.close()


# -- the child ---------------------------------------------------------------------------


class KillSwitch:
    """Counts kill points on an engine and kills the process at one of them."""

    def __init__(self, kill_at: int):
        self.kill_at = kill_at
        self.kinds: list[str] = []
        self.in_write = False

    def point(self, kind: str) -> None:
        self.kinds.append(kind)
        if len(self.kinds) == self.kill_at:
            os.kill(os.getpid(), signal.SIGKILL)

    def install(self, database: Database) -> None:
        engine = database.engine
        event.listen(engine, "before_cursor_execute", self._before)
        event.listen(engine, "after_cursor_execute", self._after)
        event.listen(engine, "commit", self._commit)
        event.listen(engine, "rollback", self._rollback)

    def _before(self, _conn: Any, _cursor: Any, statement: str, *_args: Any) -> None:
        if statement.startswith("BEGIN IMMEDIATE"):
            self.in_write = True
        self.point(WRITE if self.in_write else READ)

    def _after(self, *_args: Any) -> None:
        self.point(WRITE if self.in_write else READ)

    def _commit(self, _conn: Any) -> None:
        self.point(COMMIT)
        self.in_write = False

    def _rollback(self, _conn: Any) -> None:
        self.in_write = False


def append_to_journal(journal: Path, unit_id: str) -> None:
    with journal.open("a", encoding="utf-8") as handle:
        handle.write(unit_id + "\n")
        handle.flush()
        os.fsync(handle.fileno())


def main(argv: Sequence[str]) -> int:
    if len(argv) not in (4, 5) or argv[0] not in SCENARIOS:
        print(__doc__, file=sys.stderr)
        return 2
    scenario, db_file, kill_at, journal = argv[0], Path(argv[1]), int(argv[2]), Path(argv[3])
    inputs = Path(argv[4]) if len(argv) == 5 else db_file.parent
    database = open_database(db_file).database
    switch = KillSwitch(kill_at)
    switch.install(database)
    digests = [file_digest(db_file)] if kill_at == 0 else []
    for unit in SCENARIOS[scenario]:
        unit.run(database, inputs)
        switch.point(COMMITTED)
        append_to_journal(journal, unit.id)
        if kill_at == 0:
            digests.append(file_digest(db_file))
    database.dispose()
    if kill_at == 0:
        print(json.dumps({"points": switch.kinds, "digests": digests}))
    elif kill_at < 0:
        time.sleep(120)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
