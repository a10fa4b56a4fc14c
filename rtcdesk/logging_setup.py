"""One rotating log file per user. Log lines name records by id, never by a
person's name or e-mail address."""

from __future__ import annotations

import logging
import logging.handlers
from pathlib import Path

from rtcdesk import paths
from rtcdesk.log_redaction import RedactingFormatter

_FORMAT = "%(asctime)s %(levelname)s %(name)s: %(message)s"


def configure_logging(log_file: Path | None = None, level: int = logging.INFO) -> Path | None:
    """Send log records to a rotating file; returns its path, or None if the
    log folder cannot be written (rtcdesk then logs to stderr only at WARNING)."""
    log_file = log_file or paths.log_file_path()
    root = logging.getLogger()
    root.setLevel(level)
    for old in list(root.handlers):
        if getattr(old, "_rtcdesk", False):
            root.removeHandler(old)
            old.close()
    handler: logging.Handler
    try:
        log_file.parent.mkdir(parents=True, exist_ok=True)
        handler = logging.handlers.RotatingFileHandler(
            log_file, maxBytes=2_000_000, backupCount=5, encoding="utf-8"
        )
    except OSError:
        handler = logging.StreamHandler()
        handler.setLevel(logging.WARNING)
        log_file = None
    # Tracebacks keep types, ids and code; messages that may name people are withheld.
    handler.setFormatter(RedactingFormatter(_FORMAT))
    _mark_as_ours(handler)
    root.addHandler(handler)
    return log_file


def _mark_as_ours(handler: logging.Handler) -> None:
    """Mark the handler set here, so that setting it again replaces it."""
    handler._rtcdesk = True  # type: ignore[attr-defined]
