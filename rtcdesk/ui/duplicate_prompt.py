"""Before a new person is saved: "Likely already on record" with who and why,
and the choice to save a new record anyway. And before two records are
merged whose names or e-mails differ: what differs, and the choice to go on."""

from __future__ import annotations

from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication

from rtcdesk.services.people import PersonData
from rtcdesk.services.person_duplicates import likely_duplicates
from rtcdesk.ui.prompts import ask_yes_no

if TYPE_CHECKING:
    from PySide6.QtWidgets import QWidget

    from rtcdesk.db.engine import Database


def _tr(text: str) -> str:
    return QCoreApplication.translate("DuplicatePrompt", text)


def _ask_about(parent: QWidget, title: str, heading: str, items: list[str], advice: str) -> bool:
    """Yes or No to ``heading`` over the ``items`` as a bulleted list."""
    listed = "\n".join(f"• {item}" for item in items)
    return ask_yes_no(parent, title, heading.format(listed=listed), advice)


def confirm_new_person(
    parent: QWidget, database: Database, data: PersonData, by_email: bool = True
) -> bool:
    """True when nobody on record looks like ``data``, or the coordinator
    says it is someone new all the same. ``by_email`` False where an address
    on record is refused under its field anyway."""
    with database.read() as session:
        likely = likely_duplicates(session, data, by_email=by_email)
    return not likely or _ask_about(
        parent,
        _tr("Likely already on record"),
        _tr("This person may already be on record:\n{listed}"),
        [d.describe() for d in likely],
        _tr(
            "Choose No to go back and pick them instead (a second record would have to be "
            "merged later). Choose Yes if this is someone else."
        ),
    )


def confirm_merge(parent: QWidget, differences: list[str]) -> bool:
    """True when nothing says the two records are two people, or the
    coordinator merges them all the same."""
    return not differences or _ask_about(
        parent,
        _tr("Two different people?"),
        _tr("These records may be two people:\n{listed}"),
        differences,
        _tr("Merge them only if they are one person; a merge cannot be undone."),
    )
