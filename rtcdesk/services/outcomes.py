"""What a meeting concluded, and who must act on it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session, aliased

from rtcdesk.db.models import ActionItem, Meeting, Organisation, Outcome, Person
from rtcdesk.errors import ConflictError, FieldProblem
from rtcdesk.services.names import display_name, meeting_title
from rtcdesk.services.records import apply_fields, apply_order, check_version, get_or_raise
from rtcdesk.services.validation import Checker
from rtcdesk.services.wording import plural
from rtcdesk.vocabulary import ActionStatus, OutcomeKind

OPEN_STATUSES = (ActionStatus.OPEN, ActionStatus.IN_PROGRESS)


# -- outcomes ----------------------------------------------------------------------


def check_outcome_fields(text: str) -> list[FieldProblem]:
    """The problems of an outcome's text (the outcome form shows them as the
    coordinator types; saving applies the same rule)."""
    check = Checker("The outcome")
    check.text("Text", text, Outcome.text, required=True)
    return check.problems


def _clean_outcome_text(text: str) -> str:
    check = Checker("The outcome")
    cleaned = check.text("Text", text, Outcome.text, required=True)
    check.check()
    return cleaned


def add_outcome(session: Session, meeting_id: int, kind: OutcomeKind, text: str) -> Outcome:
    get_or_raise(session, Meeting, meeting_id, "meeting")
    cleaned = _clean_outcome_text(text)
    last = session.scalar(
        select(func.max(Outcome.position)).where(Outcome.meeting_id == meeting_id)
    )
    outcome = Outcome(meeting_id=meeting_id, kind=kind, text=cleaned, position=(last or 0) + 1)
    session.add(outcome)
    session.flush()
    return outcome


def update_outcome(
    session: Session, outcome_id: int, kind: OutcomeKind, text: str, expected_version: int | None
) -> Outcome:
    outcome = get_or_raise(session, Outcome, outcome_id, "outcome")
    check_version(outcome, expected_version, "outcome")
    cleaned = _clean_outcome_text(text)
    apply_fields(outcome, {"kind": kind, "text": cleaned})
    session.flush()
    return outcome


def delete_outcome(session: Session, outcome_id: int, expected_version: int | None) -> None:
    outcome = get_or_raise(session, Outcome, outcome_id, "outcome")
    check_version(outcome, expected_version, "outcome")
    session.delete(outcome)
    session.flush()


def list_outcomes(session: Session, meeting_id: int) -> list[Outcome]:
    return list(
        session.scalars(
            select(Outcome).where(Outcome.meeting_id == meeting_id).order_by(Outcome.position)
        )
    )


@dataclass(frozen=True)
class OutcomeRow:
    """One outcome as the meeting editor shows and edits it."""

    id: int
    version: int
    kind: OutcomeKind
    text: str


def save_outcome(
    session: Session,
    meeting_id: int,
    outcome_id: int | None,
    kind: OutcomeKind,
    text: str,
    expected_version: int | None,
) -> OutcomeRow:
    """Add an outcome to the meeting (``outcome_id`` None) or update it from
    the version the editor loaded; what was stored, as a plain row."""
    if outcome_id is None:
        outcome = add_outcome(session, meeting_id, kind, text)
    else:
        outcome = update_outcome(session, outcome_id, kind, text, expected_version)
    return OutcomeRow(outcome.id, outcome.version, outcome.kind, outcome.text)


def outcome_rows(session: Session, meeting_id: int) -> list[OutcomeRow]:
    """The meeting's outcomes in order, as plain rows. One query."""
    return [
        OutcomeRow(*row)
        for row in session.execute(
            select(Outcome.id, Outcome.version, Outcome.kind, Outcome.text)
            .where(Outcome.meeting_id == meeting_id)
            .order_by(Outcome.position)
        )
    ]


def reorder_outcomes(session: Session, meeting_id: int, outcome_ids: list[int]) -> None:
    apply_order({o.id: o for o in list_outcomes(session, meeting_id)}, outcome_ids, "outcomes")
    session.flush()


# -- action items ----------------------------------------------------------------


@dataclass
class ActionItemData:
    description: str
    owner_organisation_id: int | None = None
    owner_person_id: int | None = None
    due_date: date | None = None
    status: ActionStatus = ActionStatus.OPEN
    completed_on: date | None = None
    outcome_id: int | None = None


def _checked_action_values(check: Checker, data: ActionItemData) -> dict[str, object]:
    """The cleaned column values; every rule that needs no database goes to ``check``."""
    values: dict[str, object] = {
        "description": check.text(
            "Description", data.description, ActionItem.description, required=True
        ),
        "owner_organisation_id": data.owner_organisation_id,
        "owner_person_id": data.owner_person_id,
        "due_date": data.due_date,
        "status": data.status,
        "completed_on": data.completed_on,
        "outcome_id": data.outcome_id,
    }
    if data.status is ActionStatus.DONE and data.completed_on is None:
        values["completed_on"] = date.today()
    if data.status is not ActionStatus.DONE and data.completed_on is not None:
        check.problem("Completed on", "can only be set when the status is Done")
    return values


def check_action_item_fields(data: ActionItemData) -> list[FieldProblem]:
    """The problems of ``data`` that can be seen without the database (the
    action item form shows them as the coordinator types)."""
    check = Checker("The action item")
    _checked_action_values(check, data)
    return check.problems


def _clean_action(session: Session, meeting_id: int, data: ActionItemData) -> dict[str, object]:
    check = Checker("The action item")
    values = _checked_action_values(check, data)
    if data.owner_organisation_id is not None and (
        session.get(Organisation, data.owner_organisation_id) is None
    ):
        check.problem("Owner organisation", "does not exist")
    if data.owner_person_id is not None and session.get(Person, data.owner_person_id) is None:
        check.problem("Owner person", "does not exist")
    if data.outcome_id is not None:
        outcome = session.get(Outcome, data.outcome_id)
        if outcome is None or outcome.meeting_id != meeting_id:
            check.problem("Outcome", "is not an outcome of this meeting")
    check.check()
    return values


def add_action_item(session: Session, meeting_id: int, data: ActionItemData) -> ActionItem:
    get_or_raise(session, Meeting, meeting_id, "meeting")
    values = _clean_action(session, meeting_id, data)
    last = session.scalar(
        select(func.max(ActionItem.position)).where(ActionItem.meeting_id == meeting_id)
    )
    item = ActionItem(meeting_id=meeting_id, position=(last or 0) + 1, **values)
    session.add(item)
    session.flush()
    return item


def update_action_item(
    session: Session, item_id: int, data: ActionItemData, expected_version: int | None
) -> ActionItem:
    item = get_or_raise(session, ActionItem, item_id, "action item")
    check_version(item, expected_version, "action item")
    apply_fields(item, _clean_action(session, item.meeting_id, data))
    session.flush()
    return item


def delete_action_item(session: Session, item_id: int, expected_version: int | None) -> None:
    item = get_or_raise(session, ActionItem, item_id, "action item")
    check_version(item, expected_version, "action item")
    session.delete(item)
    session.flush()


@dataclass(frozen=True)
class ActionRow:
    """An action item as listed, with its owners' names and the ids an editor needs."""

    id: int
    meeting_id: int
    meeting_title: str
    description: str
    owner_organisation: str | None
    owner_person: str | None
    due_date: date | None
    status: ActionStatus
    completed_on: date | None
    carried_from_id: int | None
    version: int
    owner_organisation_id: int | None
    owner_person_id: int | None
    outcome_id: int | None

    @property
    def owner(self) -> str:
        return " / ".join(p for p in (self.owner_organisation, self.owner_person) if p)

    def days_overdue(self, today: date | None = None) -> int:
        """Days since the due date of an item still open; 0 when not overdue."""
        if self.due_date is None or self.status not in OPEN_STATUSES:
            return 0
        return max(((today or date.today()) - self.due_date).days, 0)


def save_action_item(
    session: Session,
    meeting_id: int,
    item_id: int | None,
    data: ActionItemData,
    expected_version: int | None,
) -> ActionRow:
    """Add an action item to the meeting (``item_id`` None) or update it from
    the version the editor loaded; what was stored, as listed."""
    if item_id is None:
        item = add_action_item(session, meeting_id, data)
    else:
        item = update_action_item(session, item_id, data, expected_version)
    [row] = list_action_items(session, item_id=item.id)
    return row


def list_action_items(
    session: Session,
    meeting_id: int | None = None,
    statuses: tuple[ActionStatus, ...] | None = None,
    series: str | None = None,
    before: date | None = None,
    item_id: int | None = None,
) -> list[ActionRow]:
    """Action items of one meeting (or all, or the one ``item_id``), with
    owners and meeting, in one query."""
    owner_person = aliased(Person)
    stmt = (
        select(ActionItem, Meeting.title, Meeting.ordinal, Organisation.name, owner_person)
        .join(Meeting, ActionItem.meeting_id == Meeting.id)
        .outerjoin(Organisation, ActionItem.owner_organisation_id == Organisation.id)
        .outerjoin(owner_person, ActionItem.owner_person_id == owner_person.id)
        .order_by(Meeting.start_date, ActionItem.position, ActionItem.id)
    )
    if meeting_id is not None:
        stmt = stmt.where(ActionItem.meeting_id == meeting_id)
    if statuses is not None:
        stmt = stmt.where(ActionItem.status.in_(statuses))
    if series is not None:
        stmt = stmt.where(Meeting.series == series)
    if before is not None:
        stmt = stmt.where(Meeting.start_date < before)
    if item_id is not None:
        stmt = stmt.where(ActionItem.id == item_id)
    return [
        ActionRow(
            id=a.id,
            meeting_id=a.meeting_id,
            meeting_title=meeting_title(title, ordinal),
            description=a.description,
            owner_organisation=org,
            owner_person=display_name(person) if person else None,
            due_date=a.due_date,
            status=a.status,
            completed_on=a.completed_on,
            carried_from_id=a.carried_from_id,
            version=a.version,
            owner_organisation_id=a.owner_organisation_id,
            owner_person_id=a.owner_person_id,
            outcome_id=a.outcome_id,
        )
        for a, title, ordinal, org, person in session.execute(stmt)
    ]


def open_actions_to_carry(session: Session, meeting_id: int) -> list[ActionRow]:
    """Open items of earlier meetings of the same series, not yet carried into this one."""
    meeting = get_or_raise(session, Meeting, meeting_id, "meeting")
    if not meeting.series:
        return []
    carried = set(
        session.scalars(
            select(ActionItem.carried_from_id).where(
                ActionItem.meeting_id == meeting_id, ActionItem.carried_from_id.is_not(None)
            )
        )
    )
    already_forward = set(
        session.scalars(
            select(ActionItem.carried_from_id).where(ActionItem.carried_from_id.is_not(None))
        )
    )
    return [
        row
        for row in list_action_items(
            session, statuses=OPEN_STATUSES, series=meeting.series, before=meeting.start_date
        )
        if row.id not in carried and row.id not in already_forward
    ]


def carry_over(session: Session, meeting_id: int, action_ids: list[int]) -> list[ActionItem]:
    """Copy open items of earlier meetings into this one, linked to their origin.
    Refused when an item was carried forward already or is no longer open."""
    get_or_raise(session, Meeting, meeting_id, "meeting")
    sources = list(
        session.scalars(
            select(ActionItem)
            .where(ActionItem.id.in_(action_ids))
            .order_by(ActionItem.position, ActionItem.id)  # without it, PostgreSQL's disk order
        )
    )
    carried = set(
        session.scalars(
            select(ActionItem.carried_from_id).where(ActionItem.carried_from_id.in_(action_ids))
        )
    )
    stale = [s for s in sources if s.id in carried or s.status not in OPEN_STATUSES]
    if stale:
        was = plural(
            len(stale), "of the chosen action items was", "of the chosen action items were"
        )
        raise ConflictError(f"{was} already carried forward or no longer open; reload the list.")
    created = []
    for source in sources:
        created.append(
            add_action_item(
                session,
                meeting_id,
                ActionItemData(
                    description=source.description,
                    owner_organisation_id=source.owner_organisation_id,
                    owner_person_id=source.owner_person_id,
                    due_date=source.due_date,
                    status=source.status,
                ),
            )
        )
        created[-1].carried_from_id = source.id
    session.flush()
    return created
