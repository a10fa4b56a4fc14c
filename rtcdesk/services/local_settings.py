"""Settings that the app and the command line share on this computer, kept
in ``settings.json`` in the user's config folder: which database to open and
the name the history records. (Window layout and mail settings stay in Qt's
settings; the command line has no use for them.) Never a password."""

from __future__ import annotations

import json
import logging
from pathlib import Path

from rtcdesk import paths

log = logging.getLogger(__name__)

SETTINGS_FILE = "settings.json"

#: The database chosen in the preferences (a path or a URL without password).
DATABASE = "database"
#: The name history entries carry ("" for the login name).
HISTORY_USER_NAME = "history_user_name"


def _settings_path() -> Path:
    return paths.config_dir() / SETTINGS_FILE


def _read_all() -> dict[str, object]:
    try:
        data = json.loads(_settings_path().read_text(encoding="utf-8"))
    except FileNotFoundError:
        return {}
    except (OSError, ValueError):
        log.warning("ignored an unreadable settings file")
        return {}
    return data if isinstance(data, dict) else {}


def read_setting(key: str) -> str:
    """The text kept under ``key`` ("" when none)."""
    value = _read_all().get(key)
    return value.strip() if isinstance(value, str) else ""


def write_setting(key: str, value: str) -> None:
    """Keep ``value`` under ``key`` ("" removes it); written whole to a
    temporary file and moved into place, so a crash leaves the old file."""
    data = _read_all()
    if value.strip():
        data[key] = value.strip()
    else:
        data.pop(key, None)
    path = _settings_path()
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(".json.partial")
    partial.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    partial.replace(path)
