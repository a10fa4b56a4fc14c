"""Saved choices of columns for the participant list: the built-in presets
and the coordinator's own, kept in QSettings as JSON (which reads back the
same on every platform, unlike lists and dicts in the native settings)."""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication, QSettings

from rtcdesk import APP_AUTHOR, APP_NAME
from rtcdesk.services.exports import DEFAULT_PARTICIPANT_COLUMNS, PARTICIPANT_FIELDS
from rtcdesk.ui.translations import QT_TRANSLATE_NOOP

CONTEXT = "ExportPresets"
OWN_PRESETS_KEY = "export/participant_presets"
LAST_COLUMNS_KEY = "export/participant_columns"

_BUILT_IN: list[tuple[str, tuple[str, ...]]] = [
    (QT_TRANSLATE_NOOP(CONTEXT, "Full list"), tuple(DEFAULT_PARTICIPANT_COLUMNS)),
    (QT_TRANSLATE_NOOP(CONTEXT, "Badges and name plates"), ("no", "name", "title", "delegation")),
    (
        QT_TRANSLATE_NOOP(CONTEXT, "Security list"),
        ("name", "family_name", "given_name", "organisation", "position", "email"),
    ),
    (
        QT_TRANSLATE_NOOP(CONTEXT, "Transport"),
        ("no", "name", "delegation", "arrival", "departure", "phone", "email", "notes"),
    ),
]


@dataclass(frozen=True)
class Preset:
    name: str
    columns: tuple[str, ...]
    built_in: bool = False


def _settings() -> QSettings:
    return QSettings(APP_AUTHOR, APP_NAME)


def _known(columns: Sequence[object]) -> tuple[str, ...]:
    """The column keys this version knows, each once (a preset saved by
    another version may name others)."""
    seen: list[str] = []
    for key in columns:
        if isinstance(key, str) and key in PARTICIPANT_FIELDS and key not in seen:
            seen.append(key)
    return tuple(seen)


def built_in_presets() -> list[Preset]:
    return [
        Preset(QCoreApplication.translate(CONTEXT, name), columns, built_in=True)
        for name, columns in _BUILT_IN
    ]


def own_presets() -> list[Preset]:
    """The coordinator's presets, by name."""
    try:
        stored = json.loads(str(_settings().value(OWN_PRESETS_KEY, "{}")))
    except json.JSONDecodeError:
        return []
    if not isinstance(stored, dict):
        return []
    presets = [
        Preset(name, _known(columns))
        for name, columns in stored.items()
        if isinstance(name, str) and isinstance(columns, list)
    ]
    return sorted((p for p in presets if p.columns), key=lambda p: p.name.casefold())


def all_presets() -> list[Preset]:
    return built_in_presets() + own_presets()


def is_built_in_name(name: str) -> bool:
    return any(p.name.casefold() == name.strip().casefold() for p in built_in_presets())


def _store(presets: list[Preset]) -> None:
    _settings().setValue(
        OWN_PRESETS_KEY, json.dumps({p.name: list(p.columns) for p in presets}, ensure_ascii=False)
    )


def save_preset(name: str, columns: Sequence[str]) -> Preset:
    """Save (or replace) the coordinator's preset ``name``."""
    preset = Preset(name.strip(), _known(columns))
    _store([p for p in own_presets() if p.name != preset.name] + [preset])
    return preset


def delete_preset(name: str) -> None:
    _store([p for p in own_presets() if p.name != name])


def last_columns() -> tuple[str, ...]:
    """The columns of the last export, or the full list the first time."""
    try:
        stored = json.loads(str(_settings().value(LAST_COLUMNS_KEY, "[]")))
    except json.JSONDecodeError:
        stored = []
    columns = _known(stored) if isinstance(stored, list) else ()
    return columns or tuple(DEFAULT_PARTICIPANT_COLUMNS)


def remember_columns(columns: Sequence[str]) -> None:
    _settings().setValue(LAST_COLUMNS_KEY, json.dumps(list(_known(columns))))
