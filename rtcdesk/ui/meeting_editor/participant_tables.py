"""The columns of the delegations and participants tables.

Both tables open in the services' listing order (WCO first, the head of each
delegation first), with no sort indicator: the order of the printed lists.
A click on a header sorts by what that column shows: delegations by the name
shown, people by family name; the Delegation column of the participants keeps
each delegation together, its head first. Delegations go by their short name
where they have one ("ROCB A/P"); the full name is the tooltip.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import (
    QCoreApplication,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QFont

from rtcdesk.services.participants import DelegationRow, ParticipantRow
from rtcdesk.services.search import fold
from rtcdesk.ui.tables import Column, RowTableModel, enum_label
from rtcdesk.ui.translations import QT_TRANSLATE_NOOP
from rtcdesk.vocabulary import (
    AttendanceMode,
    Gender,
    LabelledEnum,
    ParticipantRole,
    ParticipationStatus,
)

#: The Delegation and Name columns of the participants table (the tests and the tab use them).
PARTICIPANT_DELEGATION = 0
PARTICIPANT_NAME = 1
#: The participants columns that show a vocabulary: each is made wide enough
#: for its longest label, so that marking someone "Confirmed" never elides.
VOCABULARY_COLUMNS: dict[int, type[LabelledEnum]] = {
    2: ParticipantRole,
    3: AttendanceMode,
    4: ParticipationStatus,
    5: Gender,
}


def no_delegation() -> str:
    """What the Delegation column shows for a participant without one."""
    return QCoreApplication.translate("ParticipantsTab", "(no delegation)")


def delegation_label(row: DelegationRow) -> str:
    """A delegation by its short name where it has one ("ROCB A/P")."""
    return row.organisation_short_name or row.organisation_name


def _delegation_label(row: ParticipantRow) -> str:
    if row.delegation_name is None:
        return no_delegation()
    return row.delegation_short_name or row.delegation_name


def _by_delegation(row: ParticipantRow) -> tuple[object, ...]:
    """Delegations by the name shown (those without one last), each head first."""
    return (
        row.delegation_name is None,
        fold(_delegation_label(row)),
        not row.is_head,
        row.name_key,
    )


DELEGATION_COLUMNS: list[Column[DelegationRow]] = [
    Column(
        QT_TRANSLATE_NOOP("Columns", "Delegation"),
        delegation_label,
        tooltip=lambda r: r.organisation_name,
        stretch=True,
    ),
    Column(
        QT_TRANSLATE_NOOP("Columns", "Head"),
        lambda r: r.head_name or "",
        sort_key=lambda r: r.head_name_key,
        tooltip=lambda r: r.head_name,
    ),
    Column(
        QT_TRANSLATE_NOOP("Columns", "People"),
        lambda r: str(r.participant_count),
        sort_key=lambda r: r.participant_count,
        numeric=True,
        descending_first=True,
    ),
]

PARTICIPANT_COLUMNS: list[Column[ParticipantRow]] = [
    Column(
        QT_TRANSLATE_NOOP("Columns", "Delegation"),
        _delegation_label,
        sort_key=_by_delegation,
        tooltip=lambda r: r.delegation_name,
    ),
    Column(
        QT_TRANSLATE_NOOP("Columns", "Name"),
        lambda r: r.display_name,
        sort_key=lambda r: r.name_key,
        tooltip=lambda r: "\n".join(p for p in (r.display_name, r.position, r.email) if p),
        stretch=True,
    ),
    Column(QT_TRANSLATE_NOOP("Columns", "Role"), lambda r: enum_label(r.role)),
    Column(
        QT_TRANSLATE_NOOP("Columns", "Attendance"),
        lambda r: enum_label(r.attendance_mode),
    ),
    Column(
        QT_TRANSLATE_NOOP("Columns", "Status"),
        lambda r: enum_label(r.status),
        sort_key=lambda r: list(type(r.status)).index(r.status),
    ),
    Column(QT_TRANSLATE_NOOP("Columns", "Gender"), lambda r: enum_label(r.gender)),
]


def participant_search_text(row: ParticipantRow) -> str:
    parts = (
        row.display_name,
        row.email,
        row.delegation_name,
        row.delegation_short_name,
        row.person_organisation,
    )
    return " ".join(p for p in parts if p)


class ParticipantsModel(RowTableModel[ParticipantRow]):
    """The participants; each head of delegation in bold, so a group's head stands out."""

    def __init__(self, parent: QObject | None = None):
        super().__init__(PARTICIPANT_COLUMNS, parent)
        self._bold = QFont()
        self._bold.setBold(True)

    def data(
        self, index: QModelIndex | QPersistentModelIndex, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if (
            role == Qt.ItemDataRole.FontRole
            and index.isValid()
            and index.column() == PARTICIPANT_NAME
            and 0 <= index.row() < self.rowCount()
            and self.row(index.row()).is_head
        ):
            return self._bold
        return super().data(index, role)
