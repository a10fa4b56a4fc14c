"""Where rtcdesk keeps its files, from platformdirs (per user, per platform)."""

from __future__ import annotations

from pathlib import Path

from platformdirs import PlatformDirs

from rtcdesk import APP_AUTHOR, APP_NAME

_dirs = PlatformDirs(APP_NAME, APP_AUTHOR)

#: The variable that names the database to open, like ``--database``
#: (``rtcdesk.services.startup.resolve_location``).
ENV_DATABASE = "RTCDESK_DATABASE"


def data_dir() -> Path:
    """The folder of the default database and its backups."""
    return Path(_dirs.user_data_dir)


def log_dir() -> Path:
    return Path(_dirs.user_log_dir)


def config_dir() -> Path:
    """The folder of settings shared by the app and the command line."""
    return Path(_dirs.user_config_dir)


def state_dir() -> Path:
    """The folder of what rtcdesk remembers between runs that is no setting
    (which database files were last found sound: ``rtcdesk.db.checked_files``)."""
    return Path(_dirs.user_state_dir)


def temp_root() -> Path:
    """Where each running rtcdesk keeps its temporary files (``rtcdesk.leftovers``)."""
    return Path(_dirs.user_cache_dir) / "tmp"


def default_database_path() -> Path:
    return data_dir() / "rtcdesk.sqlite"


def log_file_path() -> Path:
    return log_dir() / "rtcdesk.log"
