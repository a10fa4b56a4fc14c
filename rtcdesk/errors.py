"""Errors a coordinator can act on.

Every exception here carries a message in plain words that says what is wrong
and where. The GUI shows it in a message box, the command line prints it on
stderr; neither shows a traceback. Anything else that escapes is a bug and goes
to the crash dialog (GUI) or the log (command line).
"""

from __future__ import annotations

from dataclasses import dataclass


class RtcdeskError(Exception):
    """Base class: the message is written for a coordinator."""


@dataclass(frozen=True)
class FieldProblem:
    """One thing wrong with one field of one record."""

    field: str
    message: str

    def __str__(self) -> str:
        return f"{self.field}: {self.message}"


class ValidationError(RtcdeskError):
    """Input was refused; ``problems`` lists every field that is wrong."""

    def __init__(self, what: str, problems: list[FieldProblem]):
        self.what = what
        self.problems = list(problems)
        lines = "\n".join(f"  - {p}" for p in self.problems)
        super().__init__(f"{what} was not saved:\n{lines}")

    def for_field(self, field: str) -> str | None:
        """The message for ``field``, if that field has a problem."""
        for problem in self.problems:
            if problem.field == field:
                return problem.message
        return None


class NotFoundError(RtcdeskError):
    """A record named by id does not exist (any more).

    The message names it as coordinators knew it (``label``, what the history
    last called it) or by its kind, never by its id; ``typed_id_message`` names
    the id, for where the coordinator typed it (the command line)."""

    def __init__(self, what: str, ident: object, label: str = ""):
        self.what = what
        self.ident = ident
        self.label = label
        which = f"The {what} '{label}'" if label else f"This {what}"
        super().__init__(f"{which} is no longer on record; someone may have deleted it.")

    @property
    def typed_id_message(self) -> str:
        return f"No {self.what} has id {self.ident}."


class ConflictError(RtcdeskError):
    """The change would break a rule between records (a duplicate, a record still in use)."""


class StaleEditError(RtcdeskError):
    """Someone else saved the same record after it was opened here; the message
    names it by ``label`` ("21st RTC Heads Meeting") where the caller knows it."""

    def __init__(self, what: str, ident: object | None, label: str = ""):
        self.what = what
        self.ident = ident
        which = f"'{label}'" if label else f"The {what}"
        super().__init__(
            f"{which} was changed by someone else after you opened it. "
            "Your changes were not saved; reload it to see the other changes."
        )


class FileRefusedError(RtcdeskError):
    """A file cannot be read safely or at all; nothing was imported from it."""


class FileWriteError(RtcdeskError):
    """A file cannot be written (a read-only folder, a full disk, the file open
    in another program); nothing was written under its name."""


class DatabaseError(RtcdeskError):
    """The database cannot be opened or used (locked, too new, damaged, unreachable)."""


class DatabaseTooNewError(DatabaseError):
    """The database was written by a newer rtcdesk than this one."""


class DatabaseLockedError(DatabaseError):
    """Another rtcdesk process holds the database file."""


class DatabaseUnavailableError(DatabaseError):
    """The server or the disk holding the database stopped answering (the
    server was stopped, the network dropped, a disk failed) or is full."""


class DatabaseDamagedError(DatabaseError):
    """The SQLite file is damaged (or is not a database at all)."""


class ConcurrentChangeError(ConflictError):
    """A colleague saved something that clashes with this save at the same
    moment (the same new person, the same new organisation); nothing of this
    save was written, and doing it again sees theirs."""


class CancelledError(RtcdeskError):
    """The coordinator stopped a long task; whatever it was writing was undone."""

    def __init__(self, message: str = "Cancelled: nothing was written."):
        super().__init__(message)
