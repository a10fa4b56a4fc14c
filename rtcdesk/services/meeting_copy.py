"""Starting a meeting from an earlier one of the same series.

The new meeting takes the series with the next ordinal, the kind, title, host,
co-organisers, mode and venue; the agenda skeleton (titles, kinds and times,
moved to the new dates, without speakers); and the same organisations invited
as delegations. People are copied as invited participants only when asked.
Open action items are not copied here: ``outcomes.open_actions_to_carry``
lists them for the coordinator to choose.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from rtcdesk.db.models import AgendaItem, Delegation, Meeting, Participation
from rtcdesk.services.meetings import create_meeting, get_meeting, meeting_data, next_ordinal
from rtcdesk.vocabulary import MeetingStatus, ParticipationStatus


@dataclass(frozen=True)
class FollowOnOptions:
    start_date: date
    end_date: date
    copy_agenda: bool = True
    copy_delegations: bool = True
    copy_people: bool = False


def new_meeting_from(session: Session, source_id: int, options: FollowOnOptions) -> Meeting:
    source = get_meeting(session, source_id)
    data = meeting_data(source)
    data.start_date, data.end_date = options.start_date, options.end_date
    data.ordinal = next_ordinal(session, source.series) if source.series else None
    data.status = MeetingStatus.PLANNED
    data.theme = data.summary = data.notes = ""
    meeting = create_meeting(session, data)
    if options.copy_agenda:
        _copy_agenda(session, source, meeting)
    if options.copy_delegations:
        _copy_delegations(session, source, meeting, options.copy_people)
    session.flush()
    return meeting


def _copy_agenda(session: Session, source: Meeting, meeting: Meeting) -> None:
    last_day = (meeting.end_date - meeting.start_date).days
    for item in session.scalars(
        select(AgendaItem).where(AgendaItem.meeting_id == source.id).order_by(AgendaItem.position)
    ):
        day = None
        if item.day is not None:
            offset = min((item.day - source.start_date).days, last_day)
            day = date.fromordinal(meeting.start_date.toordinal() + max(offset, 0))
        session.add(
            AgendaItem(
                meeting_id=meeting.id,
                day=day,
                start_time=item.start_time,
                end_time=item.end_time,
                title=item.title,
                kind=item.kind,
                position=item.position,
            )
        )


def _copy_delegations(
    session: Session, source: Meeting, meeting: Meeting, copy_people: bool
) -> None:
    new_delegation: dict[int, Delegation] = {}
    for delegation in session.scalars(select(Delegation).where(Delegation.meeting_id == source.id)):
        copy = Delegation(
            meeting_id=meeting.id,
            organisation_id=delegation.organisation_id,
            head_person_id=delegation.head_person_id if copy_people else None,
        )
        session.add(copy)
        new_delegation[delegation.id] = copy
    session.flush()
    if not copy_people:
        return
    for participation in session.scalars(
        select(Participation).where(Participation.meeting_id == source.id)
    ):
        copied = new_delegation.get(participation.delegation_id or -1)
        session.add(
            Participation(
                meeting_id=meeting.id,
                person_id=participation.person_id,
                delegation_id=copied.id if copied else None,
                role=participation.role,
                attendance_mode=participation.attendance_mode,
                status=ParticipationStatus.INVITED,
            )
        )
