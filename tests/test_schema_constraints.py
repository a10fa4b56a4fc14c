"""The database itself keeps the rules, whatever code writes to it.

These tests bypass the services: they add ORM rows directly or send SQL, so a
rule that only a service checks would not hold here.
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from factories import count_rows, org_id
from sqlalchemy import String, bindparam, event, func, insert, select, text
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.orm import Session

from rtcdesk.db.engine import Database
from rtcdesk.db.models import (
    ActionItem,
    AgendaItem,
    AgendaSpeaker,
    Delegation,
    Meeting,
    Organisation,
    Outcome,
    Participation,
    Person,
    Survey,
    SurveyRecipient,
    meeting_co_organisers,
)
from rtcdesk.errors import ConcurrentChangeError, DatabaseError
from rtcdesk.vocabulary import MeetingKind, OrganisationKind, OutcomeKind

# What SQLite and PostgreSQL say when the database refuses a row.
CHECK_VIOLATION = "CHECK constraint failed|violates check constraint"
FOREIGN_KEY_VIOLATION = "FOREIGN KEY constraint failed|violates foreign key constraint"


def unique_violation(table: str) -> str:
    return f'UNIQUE constraint failed: {table}|unique constraint "uq_{table}_'


@contextmanager
def refused_as_duplicate(database: Database, pattern: str) -> Iterator[None]:
    """The database refuses a duplicate key. On SQLite as the driver's
    IntegrityError (one writer at a time: a duplicate there is a bug); on a
    server as a colleague's clashing save (``ConcurrentChangeError``, said in
    plain words), caused by the same IntegrityError."""
    expected: type[Exception] = IntegrityError if database.is_sqlite else ConcurrentChangeError
    with pytest.raises(expected) as refused:
        yield
    cause = refused.value if database.is_sqlite else refused.value.__cause__
    assert isinstance(cause, IntegrityError)
    assert re.search(pattern, str(cause)), str(cause)


def _meeting(s: Session, **fields: Any) -> Meeting:
    values: dict[str, Any] = {
        "kind": MeetingKind.RTC_HEADS_MEETING,
        "title": "RTC Heads Meeting",
        "start_date": date(2023, 11, 14),
        "end_date": date(2023, 11, 16),
        **fields,
    }
    meeting = Meeting(**values)
    s.add(meeting)
    s.flush()
    return meeting


def _person(s: Session, family_name: str) -> Person:
    person = Person(family_name=family_name)
    s.add(person)
    s.flush()
    return person


# -- uniqueness, checks and enums ----------------------------------------------------


def test_a_second_delegation_of_the_same_organisation_is_refused(database: Database) -> None:
    with database.write() as s:
        meeting = _meeting(s).id
        japan = org_id(s, "Japan Customs")
        s.add(Delegation(meeting_id=meeting, organisation_id=japan))
    with (
        refused_as_duplicate(database, unique_violation("delegations")),
        database.write() as s,
    ):
        s.add(Delegation(meeting_id=meeting, organisation_id=japan))
    with database.read() as s:
        assert count_rows(s, Delegation) == 1


def test_a_second_participation_of_the_same_person_is_refused(database: Database) -> None:
    with database.write() as s:
        meeting = _meeting(s).id
        person = _person(s, "Kang").id
        s.add(Participation(meeting_id=meeting, person_id=person))
    with (
        refused_as_duplicate(database, unique_violation("participations")),
        database.write() as s,
    ):
        s.add(Participation(meeting_id=meeting, person_id=person))
    with database.read() as s:
        assert count_rows(s, Participation) == 1


def test_a_duplicate_survey_token_is_refused(database: Database) -> None:
    with database.write() as s:
        survey = Survey(title="Follow-up")
        s.add(survey)
        s.flush()
        first, second = _person(s, "Kang").id, _person(s, "Aoyama").id
        s.add(SurveyRecipient(survey_id=survey.id, person_id=first, token="same-token"))
    with (
        refused_as_duplicate(database, unique_violation("survey_recipients")),
        database.write() as s,
    ):
        s.add(SurveyRecipient(survey_id=survey.id, person_id=second, token="same-token"))


def test_a_meeting_ending_before_it_starts_is_refused(database: Database) -> None:
    with (
        pytest.raises(IntegrityError, match="ck_meetings_end_not_before_start"),
        database.write() as s,
    ):
        _meeting(s, start_date=date(2023, 11, 16), end_date=date(2023, 11, 14))
    with database.read() as s:
        assert count_rows(s, Meeting) == 0


REQUIRED: dict[type[Any], dict[str, Any]] = {
    Organisation: {"name": "Customs Academy"},
    Person: {"family_name": "Kang"},
    Meeting: {
        "kind": MeetingKind.WEBINAR,
        "title": "Webinar",
        "start_date": date(2024, 1, 1),
        "end_date": date(2024, 1, 1),
    },
}


def _insert_raw_enum(s: Session, model: type[Any], column: str, value: str) -> None:
    """INSERT a row whose ``column`` holds ``value`` as a plain string, so the
    ORM's enum check never sees it; other columns take their defaults."""
    values = {**REQUIRED[model], column: bindparam("raw", value, type_=String())}
    s.execute(insert(model).values(**values))


@pytest.mark.parametrize(
    ("model", "column"),
    [(Organisation, "kind"), (Person, "gender"), (Person, "name_order"), (Meeting, "status")],
    ids=lambda v: v if isinstance(v, str) else v.__name__,
)
@pytest.mark.parametrize("bad", ["bogus", "Planned", "HELD", "Female", ""])
def test_an_unknown_enum_value_is_refused(
    database: Database, model: type[Any], column: str, bad: str
) -> None:
    with pytest.raises(IntegrityError, match=CHECK_VIOLATION), database.write() as s:
        _insert_raw_enum(s, model, column, bad)
    with database.read() as s:
        assert count_rows(s, model, text(f"{column} = :bad").bindparams(bad=bad)) == 0


@pytest.mark.parametrize(
    ("model", "column", "good"),
    [
        (Organisation, "kind", "partner"),
        (Person, "gender", "female"),
        (Person, "name_order", "family_first"),
        (Meeting, "status", "held"),
    ],
)
def test_a_stored_enum_value_goes_in_the_same_way(
    database: Database, model: type[Any], column: str, good: str
) -> None:
    """The counterpart of the test above: the same INSERT with a valid value works."""
    with database.write() as s:
        _insert_raw_enum(s, model, column, good)
    with database.read() as s:
        assert count_rows(s, model, text(f"{column} = :good").bindparams(good=good)) == 1


# -- ON DELETE rules -------------------------------------------------------------------


def test_deleting_a_meeting_row_removes_what_was_recorded_inside_it(database: Database) -> None:
    with database.write() as s:
        japan = org_id(s, "Japan Customs")
        meeting = _meeting(s, host_organisation_id=japan)
        kept = _meeting(s, title="Another", series="Other", ordinal=1)
        person = _person(s, "Aoyama")
        s.execute(
            meeting_co_organisers.insert().values(meeting_id=meeting.id, organisation_id=japan)
        )
        delegation = Delegation(meeting_id=meeting.id, organisation_id=japan)
        item = AgendaItem(meeting_id=meeting.id, title="Opening")
        outcome = Outcome(meeting_id=meeting.id, kind=OutcomeKind.DECISION, text="Go")
        s.add_all([delegation, item, outcome])
        s.flush()
        s.add_all(
            [
                Participation(meeting_id=meeting.id, person_id=person.id, delegation=delegation),
                Participation(meeting_id=kept.id, person_id=person.id),
                AgendaSpeaker(agenda_item_id=item.id, person_id=person.id),
                ActionItem(meeting_id=meeting.id, description="Act", outcome_id=outcome.id),
            ]
        )
        ids = (meeting.id, kept.id, person.id)
    meeting_id, kept_id, person_id = ids
    with database.write() as s:
        s.execute(text("DELETE FROM meetings WHERE id = :id"), {"id": meeting_id})
    with database.read() as s:
        for model in (Participation, AgendaItem, Outcome, Delegation, ActionItem):
            assert count_rows(s, model, model.meeting_id == meeting_id) == 0, model.__name__
        assert count_rows(s, AgendaSpeaker) == 0
        assert count_rows(s, meeting_co_organisers) == 0
        assert count_rows(s, Participation, Participation.meeting_id == kept_id) == 1
        assert s.get(Person, person_id) is not None
        assert s.get(Organisation, japan) is not None


def test_deleting_a_person_row_removes_participations_but_unlinks_heads_and_owners(
    database: Database,
) -> None:
    with database.write() as s:
        japan = org_id(s, "Japan Customs")
        meeting = _meeting(s).id
        person = _person(s, "Aoyama").id
        colleague = _person(s, "Tanaka").id
        delegation = Delegation(meeting_id=meeting, organisation_id=japan, head_person_id=person)
        item = AgendaItem(meeting_id=meeting, title="Opening")
        survey = Survey(title="Follow-up", meeting_id=meeting)
        s.add_all([delegation, item, survey])
        s.flush()
        action = ActionItem(
            meeting_id=meeting,
            description="Act",
            owner_person_id=person,
            owner_organisation_id=japan,
        )
        s.add_all(
            [
                action,
                Participation(meeting_id=meeting, person_id=person, delegation_id=delegation.id),
                Participation(meeting_id=meeting, person_id=colleague, delegation_id=delegation.id),
                AgendaSpeaker(agenda_item_id=item.id, person_id=person),
                SurveyRecipient(survey_id=survey.id, person_id=person, token="t1"),
            ]
        )
        s.flush()
        ids = (delegation.id, action.id)
    delegation_id, action_id = ids
    with database.write() as s:
        s.execute(text("DELETE FROM people WHERE id = :id"), {"id": person})
    with database.read() as s:
        assert count_rows(s, Participation, Participation.person_id == person) == 0
        assert count_rows(s, Participation, Participation.person_id == colleague) == 1
        assert count_rows(s, AgendaSpeaker) == 0
        assert count_rows(s, SurveyRecipient) == 0
        stored_delegation = s.get(Delegation, delegation_id)
        assert stored_delegation is not None
        assert stored_delegation.head_person_id is None
        stored_action = s.get(ActionItem, action_id)
        assert stored_action is not None
        assert (stored_action.owner_person_id, stored_action.owner_organisation_id) == (
            None,
            japan,
        )


@pytest.mark.parametrize("use", ["host", "co-organiser", "delegation"])
def test_deleting_an_organisation_a_meeting_refers_to_is_refused(
    database: Database, use: str
) -> None:
    with database.write() as s:
        org = org_id(s, "RTC Japan")
        meeting = _meeting(s, host_organisation_id=org if use == "host" else None).id
        if use == "co-organiser":
            s.execute(
                meeting_co_organisers.insert().values(meeting_id=meeting, organisation_id=org)
            )
        if use == "delegation":
            s.add(Delegation(meeting_id=meeting, organisation_id=org))
    with (
        pytest.raises(IntegrityError, match=FOREIGN_KEY_VIOLATION),
        database.write() as s,
    ):
        s.execute(text("DELETE FROM organisations WHERE id = :id"), {"id": org})
    with database.read() as s:
        assert s.get(Organisation, org) is not None


def test_deleting_an_organisation_unlinks_people_and_child_organisations(
    database: Database,
) -> None:
    with database.write() as s:
        japan = org_id(s, "Japan Customs")
        rtc_japan = org_id(s, "RTC Japan")
        person = Person(family_name="Aoyama", organisation_id=japan)
        s.add(person)
        s.flush()
        person_id = person.id
    with database.write() as s:
        s.execute(text("DELETE FROM organisations WHERE id = :id"), {"id": japan})
    with database.read() as s:
        assert s.get(Person, person_id).organisation_id is None  # type: ignore[union-attr]
        assert s.get(Organisation, rtc_japan).parent_id is None  # type: ignore[union-attr]


def test_deleting_a_meeting_a_survey_follows_is_refused(database: Database) -> None:
    with database.write() as s:
        meeting = _meeting(s).id
        s.add(Survey(title="Follow-up", meeting_id=meeting))
    with (
        pytest.raises(IntegrityError, match=FOREIGN_KEY_VIOLATION),
        database.write() as s,
    ):
        s.execute(text("DELETE FROM meetings WHERE id = :id"), {"id": meeting})


# -- connection settings and locking -----------------------------------------------------


def _pragmas(s: Session) -> dict[str, Any]:
    connection = s.connection()
    return {
        name: connection.exec_driver_sql(f"PRAGMA {name}").scalar()
        for name in ("foreign_keys", "journal_mode", "synchronous", "busy_timeout")
    }


def test_every_session_connection_has_the_pragmas(sqlite_database: Database) -> None:
    database = sqlite_database
    expected = {"foreign_keys": 1, "journal_mode": "wal", "synchronous": 2, "busy_timeout": 5000}
    with database.write() as writer, database.read() as reader:
        assert (
            writer.connection().connection.dbapi_connection
            is not reader.connection().connection.dbapi_connection
        )
        assert _pragmas(writer) == expected
        assert _pragmas(reader) == expected


def test_a_write_session_takes_the_write_lock_when_it_begins(
    sqlite_database: Database, db_path: Path
) -> None:
    """BEGIN IMMEDIATE, shown by behaviour: while one write transaction is open,
    another process cannot even begin one (a DEFERRED begin would succeed and
    only fail at its first write), yet it can still read."""
    database = sqlite_database
    other = Database(db_path)

    @event.listens_for(other.engine, "connect")
    def short_busy_timeout(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.execute("PRAGMA busy_timeout = 200")

    try:
        with database.write() as holder:
            holder.execute(select(1))
            started = time.monotonic()
            with (
                pytest.raises(DatabaseError, match="was kept busy by another program") as busy,
                other.write() as s,
            ):
                s.execute(select(1))
            locked = busy.value.__cause__
            assert isinstance(locked, OperationalError)
            assert "database is locked" in str(locked)
            assert locked.statement == "BEGIN IMMEDIATE"
            assert time.monotonic() - started < 3
            with other.read() as s:
                assert s.scalar(select(func.count()).select_from(Organisation)) == 49
        with other.write() as s:
            s.add(Person(family_name="Kang"))
        with database.read() as s:
            assert count_rows(s, Person) == 1
    finally:
        other.dispose()


def test_organisation_names_are_unique_ignoring_case_in_the_database(database: Database) -> None:
    """Two colleagues on one server cannot both create the same organisation
    in different case, even past the service's own check."""
    with refused_as_duplicate(database, "uq_organisations_name|UNIQUE"), database.write() as s:
        s.add(Organisation(name="JAPAN CUSTOMS", kind=OrganisationKind.MEMBER_ADMINISTRATION))
