"""Exceptions as the log file may hold them: types, ids and code, never data.

The message of an exception often carries what was being processed: a
``RtcdeskError`` says "Mr. AOYAMA Shigetoshi is already a participant", a
``KeyError`` shows the key (an e-mail address), a database error from
PostgreSQL repeats the duplicate value. The log keeps the traceback (file,
line, function and source line, which are code) and the type of every
exception in the chain; a message is kept only for the kinds of error whose
messages describe code (``AttributeError: 'NoneType' object has no
attribute 'id'``), and ids are kept for the errors that carry them. The
crash dialog, which the coordinator reads, still shows everything.
"""

from __future__ import annotations

import logging
import traceback
from types import TracebackType

from rtcdesk.errors import NotFoundError, RtcdeskError, StaleEditError

#: Errors whose messages Python writes about code (names, types), not data.
_CODE_ERRORS: tuple[type[BaseException], ...] = (
    ArithmeticError,
    AttributeError,
    ImportError,
    NameError,
    NotImplementedError,
    RecursionError,
    TypeError,
)
WITHHELD = "(message withheld from the log: it may name people)"
_CAUSE = "The above exception was the direct cause of the following exception:"
_CONTEXT = "During handling of the above exception, another exception occurred:"


def _type_name(exc: BaseException) -> str:
    kind = type(exc)
    module = kind.__module__
    return kind.__qualname__ if module == "builtins" else f"{module}.{kind.__qualname__}"


def exception_summary(exc: BaseException) -> str:
    """The type of ``exc`` and what may be logged of it: an id, an errno,
    or a message written about code."""
    name = _type_name(exc)
    if isinstance(exc, NotFoundError | StaleEditError):
        return f"{name}: {exc.what} id {exc.ident}"
    if isinstance(exc, RtcdeskError):
        return f"{name} {WITHHELD}"
    if isinstance(exc, OSError) and exc.errno is not None:
        # The file name may be a person's ("AOYAMA registration.xlsx").
        return f"{name}: [Errno {exc.errno}] {exc.strerror}"
    if isinstance(exc, _CODE_ERRORS):
        message = str(exc)
        return f"{name}: {message}" if message else name
    return f"{name} {WITHHELD}"


def redacted_traceback(exc: BaseException, tb: TracebackType | None = None) -> str:
    """Like ``traceback.format_exception`` (causes and contexts included),
    with each exception's line replaced by ``exception_summary``.
    ``tb`` is the traceback of ``exc`` if not its ``__traceback__``."""
    chain: list[tuple[BaseException, TracebackType | None, str]] = []
    seen: set[int] = set()
    current: BaseException | None = exc
    current_tb, link = tb or exc.__traceback__, ""
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        chain.append((current, current_tb, link))
        if current.__cause__ is not None:
            current, link = current.__cause__, _CAUSE
        elif current.__context__ is not None and not current.__suppress_context__:
            current, link = current.__context__, _CONTEXT
        else:
            current = None
        current_tb = current.__traceback__ if current is not None else None
    parts: list[str] = []
    for error, error_tb, error_link in reversed(chain):
        if error_tb is not None:
            parts.append("Traceback (most recent call last):\n")
            parts.extend(traceback.format_list(traceback.extract_tb(error_tb)))
        parts.append(exception_summary(error) + "\n")
        if error_link:
            parts.append(f"\n{error_link}\n\n")
    return "".join(parts)


class RedactingFormatter(logging.Formatter):
    """A formatter whose tracebacks go through ``redacted_traceback``."""

    def format(self, record: logging.LogRecord) -> str:
        # logging caches the first handler's rendering of the traceback in
        # ``exc_text``; another handler's (unredacted) one must not be reused.
        cached = record.exc_text
        record.exc_text = None
        try:
            return super().format(record)
        finally:
            record.exc_text = cached

    def formatException(self, ei: logging._SysExcInfoType) -> str:  # noqa: N802 - logging's name
        _kind, exc, tb = ei
        if exc is None:
            return super().formatException(ei)
        return redacted_traceback(exc, tb).rstrip("\n")
