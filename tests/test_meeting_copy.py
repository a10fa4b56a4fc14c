"""A new meeting from an earlier one of the same series."""

from __future__ import annotations

from datetime import date

from rtcdesk.db.engine import Database
from rtcdesk.services import agenda, meetings, participants
from rtcdesk.services.meeting_copy import FollowOnOptions, new_meeting_from
from rtcdesk.services.outcomes import carry_over, open_actions_to_carry
from rtcdesk.vocabulary import MeetingKind, ParticipationStatus


def test_new_meeting_from_an_earlier_one(demo: Database) -> None:
    with demo.write() as s:
        m21 = meetings.find_meeting(s, "RTC Heads Meeting", 21)
        assert m21 is not None
        # The 22nd exists in the demo; the next of the series is the 23rd.
        new = new_meeting_from(s, m21.id, FollowOnOptions(date(2025, 10, 7), date(2025, 10, 9)))
        new_id = new.id
    with demo.read() as s:
        row = next(r for r in meetings.list_meetings(s) if r.id == new_id)
        assert row.display_title == "23rd RTC Heads Meeting"
        assert row.kind is MeetingKind.RTC_HEADS_MEETING
        assert row.host_name == "RTC Japan"
        assert row.participant_count == 0
        items = agenda.list_agenda(s, new_id)
        assert len(items) == 10
        assert {i.day for i in items} == {date(2025, 10, 7), date(2025, 10, 8), date(2025, 10, 9)}
        assert all(not i.speakers for i in items)
        delegations = participants.list_delegations(s, new_id)
        assert len(delegations) == 13
        carry = open_actions_to_carry(s, new_id)
        # Open and in-progress items of the 21st; done ones stay behind.
        assert {a.status.value for a in carry} == {"open", "in_progress"}
        assert len(carry) == 2


def test_people_copied_only_when_asked_and_carry_over_happens_once(demo: Database) -> None:
    with demo.write() as s:
        m21 = meetings.find_meeting(s, "RTC Heads Meeting", 21)
        assert m21 is not None
        new = new_meeting_from(
            s,
            m21.id,
            FollowOnOptions(date(2025, 10, 7), date(2025, 10, 8), copy_people=True),
        )
        new_id = new.id
        carry = open_actions_to_carry(s, new_id)
        carry_over(s, new_id, [a.id for a in carry])
    with demo.read() as s:
        rows = participants.list_participants(s, new_id)
        assert len(rows) == 22
        assert {r.status for r in rows} == {ParticipationStatus.INVITED}
        heads = [r.display_name for r in rows if r.is_head]
        assert "Dr. Taeil KANG" in heads
        # Items on the 21st's third day land on the new meeting's last day.
        assert max(i.day for i in agenda.list_agenda(s, new_id) if i.day) == date(2025, 10, 8)
        assert open_actions_to_carry(s, new_id) == []
