"""What changed when a save is refused because someone else saved first.

An editor keeps the data it loaded; when its save raises ``StaleEditError``
it asks here for a ``Conflict``: the stored version now, when it was saved,
and field by field how their version and the coordinator's differ. The
coordinator then reloads (theirs), keeps editing, or overwrites knowingly:
a save naming ``Conflict.version``, so that a third save made meanwhile is
refused again.

Values are given as the editor shows them (references to organisations and
meetings by name, enums and dates as such); the GUI words and translates them.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field, fields, replace
from datetime import datetime
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from sqlalchemy import select
from sqlalchemy.orm import Session

from rtcdesk.db.models import (
    ActionItem,
    AgendaItem,
    Delegation,
    Meeting,
    Organisation,
    Outcome,
    Participation,
    SurveyQuestion,
    SurveyRecipient,
)
from rtcdesk.services.history import current_user, last_changed_by, last_labels, latest_entry
from rtcdesk.services.meetings import MeetingData, get_meeting, meeting_data
from rtcdesk.services.names import meeting_title
from rtcdesk.services.organisations import OrganisationData, get_organisation, organisation_data
from rtcdesk.services.people import PersonData, get_person, person_data
from rtcdesk.services.records import get_or_raise
from rtcdesk.services.survey_design import survey_data
from rtcdesk.services.survey_responses import stored_response
from rtcdesk.services.surveys import (
    SurveyData,
    get_survey,
    list_questions,
    normalise_answer,
)
from rtcdesk.vocabulary import HistoryAction, LabelledEnum

if TYPE_CHECKING:
    from _typeshed import DataclassInstance

#: What a conflict holds: an editor's data class, or a survey response's answers.
D = TypeVar("D")
#: An editor's data class, compared field by field.
DC = TypeVar("DC", bound="DataclassInstance")

#: The label of every field of the editors' data classes, as the forms
#: caption them and the services name them in their ``FieldProblem``\ s.
FIELD_LABELS: dict[type, dict[str, str]] = {
    PersonData: {
        "title": "Title",
        "given_name": "Given name",
        "family_name": "Family name",
        "name_order": "Name order",
        "post_nominals": "Post-nominals",
        "position": "Position",
        "organisation_id": "Organisation",
        "email": "E-mail",
        "phone": "Phone",
        "gender": "Gender",
        "notes": "Notes",
    },
    OrganisationData: {
        "name": "Name",
        "short_name": "Short name",
        "kind": "Kind",
        "economy": "Economy",
        "sub_region": "Sub-region",
        "parent_id": "Part of",
        "notes": "Notes",
    },
    MeetingData: {
        "title": "Title",
        "kind": "Kind",
        "series": "Series",
        "ordinal": "Ordinal",
        "status": "Status",
        "start_date": "Start date",
        "end_date": "End date",
        "mode": "Mode",
        "venue": "Venue",
        "city": "City",
        "country": "Country",
        "host_organisation_id": "Host",
        "co_organiser_ids": "Co-organisers",
        "theme": "Theme",
        "summary": "Summary",
        "notes": "Notes",
    },
    SurveyData: {
        "title": "Title",
        "meeting_id": "Follows up",
        "introduction": "Introduction",
        "opens_on": "Opens on",
        "closes_on": "Deadline",
        "status": "Status",
    },
}

#: Fields that hold ids: shown by the name of the organisation or meeting.
_ORGANISATION_FIELDS = {"organisation_id", "parent_id", "host_organisation_id", "co_organiser_ids"}
_MEETING_FIELDS = {"meeting_id"}


def field_label(data_class: type, name: str) -> str:
    """ "Family name" for ``PersonData.family_name``."""
    return FIELD_LABELS.get(data_class, {}).get(name) or name.replace("_", " ").capitalize()


@dataclass(frozen=True)
class FieldChange:
    """One field where the stored version and the coordinator's differ.

    ``theirs`` and ``yours`` are display values: text, numbers, dates,
    ``LabelledEnum`` members, lists of those, or None for empty.
    """

    label: str
    theirs: Any
    yours: Any
    #: Changed in the stored version since the coordinator loaded the record.
    they_changed: bool
    #: Changed by the coordinator since they loaded the record.
    you_changed: bool


class MeetingPart(LabelledEnum):
    """The lists of a meeting that its editor saves row by row."""

    AGENDA = ("agenda", "Agenda")
    DELEGATIONS = ("delegations", "Delegations")
    PARTICIPANTS = ("participants", "Participants")
    OUTCOMES = ("outcomes", "Outcomes")
    ACTION_ITEMS = ("action_items", "Action items")


@dataclass(frozen=True)
class ListChange:
    """How one list of a meeting changed since the editor last showed it."""

    part: MeetingPart
    added: int
    removed: int
    changed: int


@dataclass(frozen=True)
class Conflict(Generic[D]):
    """The stored version of a record that a save found newer than the editor's copy."""

    #: What the editor names the record ("Dr. Taeil KANG").
    what: str
    #: Their version, as the editor's data.
    stored: D
    #: The stored version number: an overwrite saves naming it.
    version: int
    #: When their version was saved (UTC).
    saved_at: datetime
    #: Fields where their version and the coordinator's differ, in form order.
    changes: list[FieldChange]
    #: Who saved it, where the database knows.
    saved_by: str | None = None
    #: The meeting's lists that changed too (meetings only).
    lists: list[ListChange] = field(default_factory=list)


def field_changes(
    loaded: DC, stored: DC, yours: DC, shown: Callable[[str, Any], Any] | None = None
) -> list[FieldChange]:
    """The fields of three copies of one dataclass (as the editor loaded it,
    as stored now, as the coordinator typed it) where stored and typed differ:
    what an overwrite would change in their version. ``shown`` turns a raw
    value into a display value (ids into names); the default keeps it."""
    labels = FIELD_LABELS.get(type(yours), {})
    order = list(labels) + [f.name for f in fields(type(yours)) if f.name not in labels]
    changes = []
    for name in order:
        before, theirs, mine = (getattr(copy, name) for copy in (loaded, stored, yours))
        if _same(theirs, mine):
            continue
        changes.append(
            FieldChange(
                label=field_label(type(yours), name),
                theirs=shown(name, theirs) if shown else theirs,
                yours=shown(name, mine) if shown else mine,
                they_changed=not _same(theirs, before),
                you_changed=not _same(mine, before),
            )
        )
    return changes


def _same(a: Any, b: Any) -> bool:
    """Equal as saved: text without the spaces around it (the services strip
    them); lists (of co-organisers) in their order."""
    if isinstance(a, str) and isinstance(b, str):
        return a.strip() == b.strip()
    return bool(a == b)


def _reference_names(session: Session) -> Callable[[str, Any], Any]:
    """A ``shown`` for ``field_changes`` that names organisations and meetings."""

    def deleted(table: str, ident: int, what: str) -> str:
        """A record deleted meanwhile, as the history last called it."""
        label = last_labels(session, table, [ident]).get(ident)
        return f"{label} (deleted)" if label else f"(a deleted {what})"

    def organisation(ident: int) -> str:
        org = session.get(Organisation, ident)
        return org.name if org is not None else deleted("organisations", ident, "organisation")

    def meeting(ident: int) -> str:
        found = session.get(Meeting, ident)
        if found is None:
            return deleted("meetings", ident, "meeting")
        return meeting_title(found.title, found.ordinal)

    def shown(name: str, value: Any) -> Any:
        if value is None:
            return None
        if name in _ORGANISATION_FIELDS:
            return (
                [organisation(i) for i in value] if isinstance(value, list) else organisation(value)
            )
        if name in _MEETING_FIELDS:
            return meeting(value)
        return value

    return shown


#: How to read the stored version of each kind of record an editor saves.
_READERS: dict[type, tuple[Callable[[Session, int], Any], Callable[[Any], Any]]] = {
    PersonData: (get_person, person_data),
    OrganisationData: (get_organisation, organisation_data),
    MeetingData: (get_meeting, meeting_data),
    SurveyData: (get_survey, survey_data),
}


def record_conflict(
    session: Session, record_id: int, what: str, loaded: DC, yours: DC
) -> Conflict[DC]:
    """The conflict of a refused save of a person, organisation, meeting or
    survey; ``loaded`` and ``yours`` are the editor's data (loaded, typed).
    Raises ``NotFoundError`` if the record was deleted meanwhile."""
    read, to_data = _READERS[type(yours)]
    row = read(session, record_id)
    stored = to_data(row)
    return Conflict(
        what=what,
        stored=stored,
        version=row.version,
        saved_at=row.updated_at,
        changes=field_changes(loaded, stored, yours, _reference_names(session)),
        saved_by=_someone_else(last_changed_by(session, row.__tablename__, record_id)),
    )


def _someone_else(name: str | None) -> str | None:
    """The colleague's name; None (say "someone else") when the history names
    the coordinator themselves (another window, another computer) or nobody."""
    return name if name and name != current_user() else None


# -- deleted meanwhile ----------------------------------------------------------------


@dataclass(frozen=True)
class Deletion:
    """How a record an editor has open was deleted, as the history tells it."""

    #: What the history last called it ("21st RTC Heads Meeting").
    label: str
    #: When it was deleted (UTC).
    at: datetime
    #: Who deleted it; None (say "someone else") as for ``Conflict.saved_by``.
    user: str | None


def deletion_of(session: Session, record_type: str, record_id: int) -> Deletion | None:
    """The deletion of a record (``record_type`` as the history names tables:
    "people", "meetings") whose save found it gone; None if its history does
    not end in a deletion (still on record, or erased with its history, so
    that the editor only says it is gone)."""
    entry = latest_entry(session, record_type, record_id)
    if entry is None or entry.action is not HistoryAction.DELETED:
        return None
    return Deletion(label=entry.label, at=entry.at, user=_someone_else(entry.user_name))


# -- meetings: their lists ------------------------------------------------------------

#: A meeting's list rows: id -> version, per part.
MeetingContents = dict[MeetingPart, dict[int, int]]

_PART_MODELS: dict[MeetingPart, Any] = {
    MeetingPart.AGENDA: AgendaItem,
    MeetingPart.DELEGATIONS: Delegation,
    MeetingPart.PARTICIPANTS: Participation,
    MeetingPart.OUTCOMES: Outcome,
    MeetingPart.ACTION_ITEMS: ActionItem,
}


def meeting_contents(session: Session, meeting_id: int) -> MeetingContents:
    """Which rows each list of the meeting holds, with their versions: what
    the editor shows, to compare with later."""
    return {
        part: dict(
            session.execute(
                select(model.id, model.version).where(model.meeting_id == meeting_id)
            ).all()
        )
        for part, model in _PART_MODELS.items()
    }


def list_changes(before: MeetingContents, now: MeetingContents) -> list[ListChange]:
    """The lists whose rows were added, removed or changed between two looks."""
    found = []
    for part in MeetingPart:
        old, new = before.get(part, {}), now.get(part, {})
        added = len(new.keys() - old.keys())
        removed = len(old.keys() - new.keys())
        changed = sum(1 for ident in new.keys() & old.keys() if new[ident] != old[ident])
        if added or removed or changed:
            found.append(ListChange(part, added, removed, changed))
    return found


def meeting_conflict(
    session: Session,
    meeting_id: int,
    what: str,
    loaded: MeetingData,
    yours: MeetingData,
    shown_contents: MeetingContents,
) -> Conflict[MeetingData]:
    """``record_conflict`` for a meeting's details, with the lists that changed
    since the editor last showed them (``shown_contents``)."""
    conflict = record_conflict(session, meeting_id, what, loaded, yours)
    return replace(
        conflict, lists=list_changes(shown_contents, meeting_contents(session, meeting_id))
    )


# -- survey answers -------------------------------------------------------------------


def _as_stored(question: SurveyQuestion, value: Any) -> Any:
    """The answer as it would be stored; as typed if it would be refused
    (the save then says what is wrong with it)."""
    try:
        return normalise_answer(question, value)
    except ValueError:
        return value


def response_conflict(
    session: Session,
    recipient_id: int,
    what: str,
    loaded: dict[int, Any],
    yours: dict[int, Any],
) -> Conflict[dict[int, Any]]:
    """Question by question, the recipient's answers on record now against
    those typed; answers are compared as they would be stored ("1,500" is
    1500). The stored side holds every question (None where unanswered)."""
    recipient = get_or_raise(session, SurveyRecipient, recipient_id, "recipient")
    response = stored_response(session, recipient_id)
    questions = list_questions(session, recipient.survey_id)
    stored = {q.id: response.answers.get(q.id) for q in questions}
    changes = []
    for number, question in enumerate(questions, start=1):
        mine = _as_stored(question, yours.get(question.id))
        theirs, before = stored[question.id], loaded.get(question.id)
        if theirs == mine:
            continue
        changes.append(
            FieldChange(
                label=f"{number}. {question.text}",
                theirs=theirs,
                yours=mine,
                they_changed=theirs != before,
                you_changed=mine != before,
            )
        )
    return Conflict(
        what=what,
        stored=stored,
        version=response.version,
        saved_at=recipient.updated_at,
        changes=changes,
    )
