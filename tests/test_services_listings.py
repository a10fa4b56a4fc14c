"""The People list as plain rows: the same people, order and figures as
``list_people``, in one statement, with search text that finds what the
coordinator types (issue 14)."""

from __future__ import annotations

from conftest import StatementCounter
from factories import make_meeting, make_participant, make_person, org_id

from rtcdesk.db.engine import Database
from rtcdesk.db.search_text import fold
from rtcdesk.services.listings import list_people_plain
from rtcdesk.services.people import list_people
from rtcdesk.vocabulary import NameOrder


def _fill(database: Database) -> None:
    with database.write() as s:
        japan = org_id(s, "Japan Customs")
        meeting = make_meeting(s, "Workshop").id
        aoyama = make_person(
            s, "Aoyama", "Shigetoshi", title="Mr.", organisation_id=japan,
            name_order=NameOrder.FAMILY_FIRST, email="aoyama@customs.go.jp",
        )  # fmt: skip
        make_participant(s, meeting, aoyama.id)
        make_person(s, "Dubois", "Élodie", post_nominals="PhD")
        make_person(s, "dubois", "Elodie")
        make_person(s, "陳", "家明")
        make_person(s, "Kang", "Min-jun", title="Dr.")


def test_the_plain_list_is_the_people_list(database: Database) -> None:
    _fill(database)
    with database.read() as s:
        expected = list_people(s)
        plain = list_people_plain(s)
    assert [row.id for row in plain] == [row.id for row in expected]
    for row, wanted in zip(plain, expected, strict=True):
        assert row.name_key == wanted.name_key
        assert (row.display_name, row.organisation_name, row.participation_count) == (
            wanted.display_name,
            wanted.organisation_name,
            wanted.participation_count,
        )
        assert (row.email, row.gender, row.version) == (wanted.email, wanted.gender, wanted.version)


def test_the_search_text_is_folded_and_holds_names_email_and_organisation(
    database: Database,
) -> None:
    _fill(database)
    with database.read() as s:
        rows = {row.family_name: row for row in list_people_plain(s)}
    aoyama = rows["Aoyama"]
    for typed in ("AOYAMA", "shigetoshi", "aoyama@customs", "japan customs", "mr."):
        assert all(word in aoyama.search_text for word in fold(typed).split()), typed
    assert "elodie" in rows["Dubois"].search_text
    assert "陳" in rows["陳"].search_text


def test_one_statement_for_any_number_of_people(
    database: Database, count_statements: StatementCounter
) -> None:
    _fill(database)
    with database.read() as s, count_statements:
        assert len(list_people_plain(s)) == 5
    assert count_statements.count == 1
