"""The demo data reproduces the public record of the 21st RTC Heads Meeting."""

from __future__ import annotations

from datetime import date, time

from sqlalchemy import func, select

from rtcdesk.db.engine import Database
from rtcdesk.db.models import Base, Person
from rtcdesk.services import agenda, meetings, outcomes, participants, surveys
from rtcdesk.services.demo import load_demo
from rtcdesk.services.names import display_name
from rtcdesk.vocabulary import (
    AgendaItemKind,
    AttendanceMode,
    MeetingStatus,
    RecipientStatus,
)


def test_the_21st_meeting_as_the_news_tells_it(demo: Database) -> None:
    with demo.read() as s:
        meeting = meetings.find_meeting(s, "RTC Heads Meeting", 21)
        assert meeting is not None
        assert (meeting.start_date, meeting.end_date) == (date(2023, 11, 14), date(2023, 11, 16))
        assert meeting.host is not None
        assert meeting.host.name == "RTC Japan"
        assert meeting.city == "Kashiwa"
        assert sorted(o.short_name or o.name for o in meeting.co_organisers) == [
            "Japan Customs",
            "ROCB A/P",
        ]
        assert meeting.theme.startswith("Nurturing the next generation")
        assert meeting.status is MeetingStatus.HELD


def test_delegations_of_eight_rtcs_and_the_regional_bodies(demo: Database) -> None:
    with demo.read() as s:
        meeting = meetings.find_meeting(s, "RTC Heads Meeting", 21)
        assert meeting is not None
        names = [d.organisation_name for d in participants.list_delegations(s, meeting.id)]
    assert names[:4] == [
        "WCO Secretariat",
        "Asia/Pacific Vice-Chair's Office",
        "Regional Office for Capacity Building Asia/Pacific",
        "Regional Intelligence Liaison Office for Asia and the Pacific",
    ]
    assert names[4:12] == [
        "RTC China",
        "RTC Hong Kong China",
        "RTC India",
        "RTC Indonesia",
        "RTC Japan",
        "RTC Korea",
        "RTC Malaysia",
        "RTC Thailand",
    ]
    assert "RTC Fiji" not in names
    assert "RTC Iran" not in names


def test_opening_remarks_with_the_virtual_one(demo: Database) -> None:
    with demo.read() as s:
        meeting = meetings.find_meeting(s, "RTC Heads Meeting", 21)
        assert meeting is not None
        items = agenda.list_agenda(s, meeting.id)
        opening = items[0]
        assert opening.kind is AgendaItemKind.OPENING_REMARKS
        assert (opening.day, opening.start_time) == (date(2023, 11, 14), time(9, 30))
        speakers = [(display_name(sp.person), sp.attendance_mode) for sp in opening.speakers]
        site_visits = [i.title for i in items if i.kind is AgendaItemKind.SITE_VISIT]
    assert speakers == [
        ("Mr. Norikazu KURAMOTO", AttendanceMode.IN_PERSON),
        ("Mr. AOYAMA Shigetoshi", AttendanceMode.IN_PERSON),
        ("Dr. Taeil KANG", AttendanceMode.IN_PERSON),
        ("Mr. Michael OUTRAM APM", AttendanceMode.VIRTUAL),
    ]
    assert len(site_visits) == 2
    assert "Customs Learning Centre" in site_visits[0]
    assert "Yokohama Customs" in site_visits[1]


def test_outcomes_and_action_items(demo: Database) -> None:
    with demo.read() as s:
        meeting = meetings.find_meeting(s, "RTC Heads Meeting", 21)
        assert meeting is not None
        assert len(outcomes.list_outcomes(s, meeting.id)) == 3
        actions = outcomes.list_action_items(s, meeting.id)
    assert len(actions) == 4
    assert {a.status.value for a in actions} == {"done", "in_progress", "open"}
    assert all(a.owner for a in actions)


def test_the_series_from_the_domain_table(demo: Database) -> None:
    with demo.read() as s:
        rows = meetings.list_meetings(s)
    by_ordinal = {r.ordinal: r for r in rows}
    assert sorted(by_ordinal) == [13, 17, 18, 19, 20, 21, 22]
    assert by_ordinal[13].start_date == date(2015, 11, 3)
    assert by_ordinal[13].city == "Malacca"
    assert by_ordinal[18].mode.value == "virtual"
    assert by_ordinal[20].mode.value == "hybrid"
    assert by_ordinal[22].host_name == "RTC India"
    assert by_ordinal[22].start_date == date(2024, 9, 24)


def test_the_follow_up_survey(demo: Database) -> None:
    with demo.read() as s:
        (row,) = surveys.list_surveys(s)
        assert row.meeting_title == "21st RTC Heads Meeting"
        assert (row.recipients, row.responses) == (8, 6)
        survey = surveys.get_survey(s, row.id)
        statuses = sorted(r.status.value for r in survey.recipients)
        tokens = {r.token for r in survey.recipients}
    assert statuses.count(RecipientStatus.DECLINED.value) == 1
    assert len(tokens) == 8


def test_invented_people_say_so(demo: Database) -> None:
    with demo.read() as s:
        notes = s.scalars(select(Person.notes)).all()
    assert notes
    assert all(n.startswith("Demo data") for n in notes)


def test_loading_twice_adds_nothing(demo: Database) -> None:
    def table_counts() -> dict[str, int]:
        with demo.read() as s:
            return {
                t.name: s.scalar(select(func.count()).select_from(t)) or 0
                for t in Base.metadata.sorted_tables
            }

    before = table_counts()
    with demo.write() as s:
        result = load_demo(s)
    assert "already loaded" in str(result)
    assert table_counts() == before
