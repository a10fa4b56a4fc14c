"""Merging two records of the same person.

The coordinator picks, field by field, which value survives; everything that
names the duplicate moves to the survivor. Where both records appear in the
same place (the same meeting, agenda item or survey), the survivor's entry is
kept and what only the duplicate's entry held is carried over, so nothing
recorded is lost.
"""

from __future__ import annotations

from dataclasses import dataclass, fields
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from rtcdesk.db.models import (
    ActionItem,
    AgendaSpeaker,
    Delegation,
    Participation,
    Person,
    SurveyRecipient,
)
from rtcdesk.errors import ConflictError
from rtcdesk.services.people import PersonData, person_data, update_person
from rtcdesk.services.records import check_version, get_or_raise
from rtcdesk.services.wording import plural
from rtcdesk.vocabulary import Gender


@dataclass
class MergeReport:
    participations_moved: int = 0
    participations_combined: int = 0
    speaker_slots_moved: int = 0
    survey_recipients_moved: int = 0
    answers_carried: int = 0

    def __str__(self) -> str:
        return (
            f"{plural(self.participations_moved, 'participation', 'participations')} moved, "
            f"{self.participations_combined} combined with the survivor's, "
            f"{plural(self.speaker_slots_moved, 'speaker slot', 'speaker slots')} and "
            f"{plural(self.survey_recipients_moved, 'survey invitation', 'survey invitations')} "
            f"moved, {plural(self.answers_carried, 'survey answer', 'survey answers')} "
            "carried over"
        )


def merged_data(survivor: Person, duplicate: Person, take_from_duplicate: set[str]) -> PersonData:
    """The survivor's fields, with those named in ``take_from_duplicate`` from the duplicate."""
    kept, other = person_data(survivor), person_data(duplicate)
    names = {f.name for f in fields(PersonData)}
    unknown = take_from_duplicate - names
    if unknown:
        raise ValueError(f"not person fields: {sorted(unknown)}")
    values: dict[str, Any] = {
        name: getattr(other if name in take_from_duplicate else kept, name) for name in names
    }
    return PersonData(**values)


#: Values that say nothing, so the other record's value is preferred.
_EMPTY_VALUES: tuple[object, ...] = ("", None, Gender.UNSPECIFIED)


def suggested_takes(survivor: PersonData, duplicate: PersonData) -> set[str]:
    """The fields to take from the duplicate unless the coordinator says
    otherwise: those the survivor leaves empty and the duplicate fills in."""
    return {
        f.name
        for f in fields(PersonData)
        if getattr(survivor, f.name) in _EMPTY_VALUES
        and getattr(duplicate, f.name) not in _EMPTY_VALUES
    }


def merge_people(
    session: Session,
    survivor_id: int,
    duplicate_id: int,
    data: PersonData,
    *,
    survivor_version: int | None,
    duplicate_version: int | None,
) -> MergeReport:
    """Merge ``duplicate_id`` into ``survivor_id``, whose fields become ``data``."""
    if survivor_id == duplicate_id:
        raise ConflictError("A person cannot be merged with themself; choose two records.")
    survivor = get_or_raise(session, Person, survivor_id, "person")
    duplicate = get_or_raise(session, Person, duplicate_id, "person")
    check_version(survivor, survivor_version, "person")
    check_version(duplicate, duplicate_version, "person")
    report = MergeReport()
    _move_participations(session, survivor, duplicate, report)
    _move_speaker_slots(session, survivor, duplicate, report)
    _move_survey_recipients(session, survivor, duplicate, report)
    for action in session.scalars(
        select(ActionItem).where(ActionItem.owner_person_id == duplicate.id)
    ):
        action.owner_person_id = survivor.id
    session.flush()
    session.delete(duplicate)
    session.flush()
    update_person(session, survivor.id, data, None)
    return report


def _move_participations(
    session: Session, survivor: Person, duplicate: Person, report: MergeReport
) -> None:
    mine = {
        p.meeting_id: p
        for p in session.scalars(
            select(Participation).where(Participation.person_id == survivor.id)
        )
    }
    for theirs in session.scalars(
        select(Participation).where(Participation.person_id == duplicate.id)
    ).all():
        kept = mine.get(theirs.meeting_id)
        if kept is None:
            theirs.person_id = survivor.id
            report.participations_moved += 1
        else:
            if kept.delegation_id is None and theirs.delegation_id is not None:
                kept.delegation_id = theirs.delegation_id
            if theirs.notes and theirs.notes not in kept.notes:
                kept.notes = "\n".join(n for n in (kept.notes, theirs.notes) if n)
            _repoint_recipients_to(session, theirs.id, kept.id)
            session.delete(theirs)
            report.participations_combined += 1
    for delegation in session.scalars(
        select(Delegation).where(Delegation.head_person_id == duplicate.id)
    ):
        delegation.head_person_id = survivor.id
    session.flush()


def _repoint_recipients_to(
    session: Session, old_participation: int, new_participation: int
) -> None:
    for recipient in session.scalars(
        select(SurveyRecipient).where(SurveyRecipient.participation_id == old_participation)
    ):
        recipient.participation_id = new_participation


def _move_speaker_slots(
    session: Session, survivor: Person, duplicate: Person, report: MergeReport
) -> None:
    taken = set(
        session.scalars(
            select(AgendaSpeaker.agenda_item_id).where(AgendaSpeaker.person_id == survivor.id)
        )
    )
    for slot in session.scalars(
        select(AgendaSpeaker).where(AgendaSpeaker.person_id == duplicate.id)
    ).all():
        if slot.agenda_item_id in taken:
            session.delete(slot)
        else:
            slot.person_id = survivor.id
            report.speaker_slots_moved += 1
    session.flush()


def _move_survey_recipients(
    session: Session, survivor: Person, duplicate: Person, report: MergeReport
) -> None:
    mine = {
        r.survey_id: r
        for r in session.scalars(
            select(SurveyRecipient).where(SurveyRecipient.person_id == survivor.id)
        )
    }
    for theirs in session.scalars(
        select(SurveyRecipient).where(SurveyRecipient.person_id == duplicate.id)
    ).all():
        kept = mine.get(theirs.survey_id)
        if kept is None:
            theirs.person_id = survivor.id
            report.survey_recipients_moved += 1
            continue
        answered = {a.question_id for a in kept.answers}
        for answer in list(theirs.answers):
            if answer.question_id not in answered:
                theirs.answers.remove(answer)
                kept.answers.append(
                    type(answer)(question_id=answer.question_id, value=answer.value)
                )
                report.answers_carried += 1
        if kept.answers and theirs.responded_at and kept.responded_at is None:
            kept.responded_at = theirs.responded_at
            kept.status = theirs.status
        session.delete(theirs)
    session.flush()
