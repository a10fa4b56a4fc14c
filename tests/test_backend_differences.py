"""Where SQLite and PostgreSQL behave differently, rtcdesk behaves the same.

Every test here runs on both backends (the ``database`` fixture); each names
the difference it covers: case and accents in search, time zones, text
lengths, NULLs in sorted lists, and id counters after rows copied in with
their ids.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta

import pytest
from factories import make_meeting, make_organisation, make_person
from sqlalchemy import event, func, select, text

from rtcdesk.db.engine import Database
from rtcdesk.db.models import Organisation, Person
from rtcdesk.errors import ValidationError
from rtcdesk.services.agenda import AgendaItemData, add_agenda_item, list_agenda
from rtcdesk.services.maintenance import check
from rtcdesk.services.organisations import OrganisationData, create_organisation
from rtcdesk.services.people import search_people
from rtcdesk.services.startup import open_database
from rtcdesk.services.surveys import SurveyData, create_survey, list_surveys
from rtcdesk.vocabulary import OrganisationKind


def test_search_ignores_case_and_accents_beyond_ascii(database: Database) -> None:
    """SQLite's lower() folds ASCII only, PostgreSQL's follows the collation;
    rtcdesk searches a column folded in Python, so both find the same people."""
    with database.write() as session:
        elodie = make_person(session, "LEFÈVRE", "Élodie", email="Elodie.Lefevre@douane.example")
        chen = make_person(session, "陳", "家明")
        juergen = make_person(session, "Ärger", "Jürgen")
        ids = {"elodie": elodie.id, "chen": chen.id, "juergen": juergen.id}
    with database.read() as session:
        for typed, who in [
            ("elodie", "elodie"),
            ("LEFEVRE", "elodie"),
            ("ÉLODIE lefèvre", "elodie"),
            ("elodie.lefevre@DOUANE", "elodie"),
            ("陳", "chen"),
            ("arger JURGEN", "juergen"),
        ]:
            assert [m.id for m in search_people(session, typed)] == [ids[who]], typed


def test_organisation_names_are_unique_whatever_their_case(database: Database) -> None:
    with database.write() as session:
        make_organisation(session, "Pacific Customs Academy")
    with (
        pytest.raises(ValidationError, match="already called 'Pacific Customs Academy'"),
        database.write() as session,
    ):
        make_organisation(session, "PACIFIC customs ACADEMY")


@pytest.fixture
def tokyo_sessions(database: Database) -> Iterator[Database]:
    """A second connection to the same database whose PostgreSQL session time
    zone is Tokyo's (as a server or a login may be configured); SQLite has
    no session time zone."""
    other = Database(database.url)

    @event.listens_for(other.engine, "connect")
    def set_zone(dbapi_connection, _record) -> None:  # type: ignore[no-untyped-def]
        if not other.is_sqlite:
            with dbapi_connection.cursor() as cursor:
                cursor.execute("SET TIME ZONE 'Asia/Tokyo'")
            dbapi_connection.commit()

    yield other
    other.dispose()


def test_timestamps_are_stored_and_read_in_utc(
    database: Database, tokyo_sessions: Database
) -> None:
    before = datetime.now(UTC)
    with tokyo_sessions.write() as session:
        person_id = make_person(session, "AOYAMA", "Shigetoshi").id
    after = datetime.now(UTC)

    with database.read() as session:
        stored = session.scalars(select(Person).where(Person.id == person_id)).one()
        raw_utc = session.execute(
            text(
                "SELECT created_at FROM people WHERE id = :id"
                if database.is_sqlite
                else "SELECT created_at AT TIME ZONE 'UTC' FROM people WHERE id = :id"
            ),
            {"id": person_id},
        ).scalar_one()
    with tokyo_sessions.read() as session:
        seen_from_tokyo = session.get(Person, person_id)
        assert seen_from_tokyo is not None
        created_in_tokyo_session = seen_from_tokyo.created_at

    assert stored.created_at.tzinfo is UTC
    assert before - timedelta(seconds=1) <= stored.created_at <= after + timedelta(seconds=1)
    # What is on disk is the UTC wall-clock time, not Tokyo's (nine hours ahead).
    raw = raw_utc if isinstance(raw_utc, datetime) else datetime.fromisoformat(raw_utc)
    assert raw.replace(tzinfo=UTC) == stored.created_at
    assert created_in_tokyo_session == stored.created_at
    assert created_in_tokyo_session.tzinfo is UTC


def test_text_longer_than_its_column_is_refused_before_the_database(database: Database) -> None:
    """SQLite stores any length, PostgreSQL refuses with an error of its own;
    rtcdesk checks the column's length first and says it in plain words."""
    limit = Organisation.__table__.c.name.type.length
    assert limit is not None
    with database.read() as session:
        before = session.scalar(select(func.count()).select_from(Organisation))
    with pytest.raises(ValidationError) as refused, database.write() as session:
        create_organisation(
            session, OrganisationData(name="税" * (limit + 1), kind=OrganisationKind.PARTNER)
        )
    assert f"Name: is {limit + 1} characters long; at most {limit} fit" in str(refused.value)
    with database.write() as session:
        # Exactly the limit, in characters (not bytes: each of these is three in UTF-8).
        create_organisation(
            session, OrganisationData(name="税" * limit, kind=OrganisationKind.PARTNER)
        )
    with database.read() as session:
        assert session.scalar(select(func.count()).select_from(Organisation)) == before + 1


def test_missing_values_sort_the_same_way_on_both(database: Database) -> None:
    """SQLite puts NULLs first in ascending order, PostgreSQL last; the lists
    say where they go."""
    with database.write() as session:
        meeting = make_meeting(session)
        for title, closes in [
            ("No deadline", None),
            ("Closes in March", date(2024, 3, 31)),
            ("Closes in May", date(2024, 5, 31)),
        ]:
            create_survey(session, SurveyData(title=title, meeting_id=meeting.id, closes_on=closes))
        for title, day in [
            ("Day to be fixed", None),
            ("Site visit", date(2023, 11, 15)),
            ("Opening", date(2023, 11, 14)),
        ]:
            add_agenda_item(session, meeting.id, AgendaItemData(title=title, day=day))
    with database.read() as session:
        assert [s.title for s in list_surveys(session)] == [
            "Closes in May",
            "Closes in March",
            "No deadline",
        ]
        assert [item.title for item in list_agenda(session, meeting.id)] == [
            "Opening",
            "Site visit",
            "Day to be fixed",
        ]


def test_new_records_get_fresh_ids_after_rows_copied_in_with_their_ids(
    database: Database, database_location: str
) -> None:
    """A row inserted with its id (a copy from elsewhere) does not move
    PostgreSQL's id counter; rtcdesk's check says so and opening the
    database moves the counter past it, so the next record does not collide."""
    with database.write() as session:
        next_id = (session.scalar(select(func.max(Organisation.id))) or 0) + 1
        session.add(Organisation(id=next_id, name="Copied in", kind=OrganisationKind.PARTNER))
    report = check(database)
    if database.is_sqlite:
        assert report.ok, report.problems
    else:
        assert any("id counter of table organisations" in p for p in report.problems)

    database.dispose()
    reopened = open_database(database_location).database
    try:
        assert check(reopened).ok, check(reopened).problems
        with reopened.write() as session:
            new = create_organisation(
                session, OrganisationData(name="Made here", kind=OrganisationKind.PARTNER)
            )
            assert new.id > next_id
    finally:
        reopened.dispose()
