"""The region's organisations, loaded into every new database."""

from __future__ import annotations

import json
from importlib import resources
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from rtcdesk.db.models import Organisation
from rtcdesk.vocabulary import OrganisationKind


def reference_organisations() -> list[dict[str, Any]]:
    text = resources.files("rtcdesk.reference").joinpath("organisations.json").read_text("utf-8")
    return json.loads(text)["organisations"]


def load_reference_data(session: Session) -> int:
    """Add the reference organisations that are missing (by name); returns how
    many were added. Existing rows, possibly edited by a coordinator, are kept."""
    entries = reference_organisations()
    known = {
        org.name: org
        for org in session.scalars(
            select(Organisation).where(Organisation.name.in_([e["name"] for e in entries]))
        )
    }
    new: list[tuple[Organisation, str | None]] = []
    for entry in entries:
        if entry["name"] in known:
            continue
        org = Organisation(
            name=entry["name"],
            short_name=entry["short_name"],
            # a lookup by value; mypy checks it against the __new__ that builds members
            kind=OrganisationKind(entry["kind"]),  # type: ignore[call-arg]
            economy=entry["economy"],
            sub_region=entry["sub_region"],
            notes=entry["notes"],
        )
        session.add(org)
        known[org.name] = org
        new.append((org, entry.get("parent")))
    for org, parent in new:
        if parent:
            org.parent = known[parent]
    session.flush()
    return len(new)
