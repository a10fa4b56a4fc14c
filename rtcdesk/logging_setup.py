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
    for handler in list(root.handlers):
        if getattr(handler, "_rtcdesk", False):
            root.removeHandler(handler)
            handler.close()
    try:
        log_file.parent.mkdir(parents=True, exist_ok=True)
        handler: logging.Handler = logging.handlers.RotatingFileHandler(
            log_file, maxBytes=2_000_000, backupCount=5, encoding="utf-8"
        )
    except OSError:
        handler = logging.StreamHandler()
        handler.setLevel(logging.WARNING)
        log_file = None
    # Tracebacks keep types, ids and code; messages that may name people are withheld.
    handler.setFormatter(RedactingFormatter(_FORMAT))
    handler._rtcdesk = True  # type: ignore[attr-defined]
    root.addHandler(handler)
    return log_file
