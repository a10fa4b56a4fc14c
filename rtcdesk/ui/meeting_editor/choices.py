"""The organisations a meeting form offers, as entries of a ``ChoiceCombo``."""

from __future__ import annotations

from typing import TYPE_CHECKING

from rtcdesk.services.organisations import organisation_choices
from rtcdesk.ui.choice_combo import Choice

if TYPE_CHECKING:
    from sqlalchemy.orm import Session


def organisation_entries(session: Session) -> list[Choice]:
    """Every organisation, found by its name, short name ("ROCB A/P") or economy."""
    return [
        Choice(c.id, c.name, f"{c.short_name} {c.economy}") for c in organisation_choices(session)
    ]
