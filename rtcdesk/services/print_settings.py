"""The preferences for what rtcdesk prints, shared by the app and the command
line on this computer: the paper size of every workbook, and the address
survey forms tell respondents to send them back to."""

from __future__ import annotations

from rtcdesk.services.local_settings import read_setting, write_setting
from rtcdesk.services.validation import EMAIL_PATTERN

#: "A4" or "Letter".
PAPER = "paper_size"
#: The paper sizes ``excel.print_layout.PAPER_SIZES`` prints on, named here
#: without loading openpyxl (a window that prints nothing yet needs the names).
PAPER_CHOICES = ("A4", "Letter")
DEFAULT_PAPER = "A4"
#: Where respondents send their survey forms back (the coordinator's e-mail).
RETURN_EMAIL = "survey_return_email"


def paper_size() -> str:
    """The paper chosen in the preferences; A4 unless it says Letter."""
    chosen = read_setting(PAPER)
    return chosen if chosen in PAPER_CHOICES else DEFAULT_PAPER


def set_paper_size(paper: str) -> None:
    if paper not in PAPER_CHOICES:
        raise ValueError(f"unknown paper size {paper!r}")
    write_setting(PAPER, paper)


def return_email() -> str:
    """The address printed on survey forms ("" when none is set)."""
    return read_setting(RETURN_EMAIL)


def set_return_email(address: str) -> None:
    write_setting(RETURN_EMAIL, address)


def return_email_problem(address: str) -> str:
    """Why ``address`` cannot be printed as the return address ("" if it can)."""
    address = address.strip()
    if address and not EMAIL_PATTERN.fullmatch(address):
        return f"“{address}” is not an e-mail address (name@example.org)."
    return ""
