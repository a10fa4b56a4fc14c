"""The ``rtcdesk`` command: no sub-command opens the GUI; sub-commands do the
same jobs from a terminal or a script.

Exit status: 0 done; 1 the input or request was refused (nothing written, the
reason on stderr); 2 usage error; 3 an internal error (a bug: the details are
in the log file). Errors are plain words on stderr, never a traceback.

A command imports what it needs when it runs (``from ... import`` inside
each ``cmd_``), so that ``rtcdesk meetings list`` starts without Qt,
openpyxl or Alembic; help texts that name what a heavy module knows (the
export's columns, the paper sizes) are filled in only when shown
(``_Later``). ``tests/test_cli_start.py`` checks it.
"""

from __future__ import annotations

import argparse
import getpass
import json
import logging
import os
import sys
from collections.abc import Callable, Iterator, Sequence
from contextlib import AbstractContextManager, contextmanager
from datetime import date
from functools import partial
from pathlib import Path
from typing import TYPE_CHECKING

from rtcdesk import __version__
from rtcdesk.errors import NotFoundError, RtcdeskError
from rtcdesk.leftovers import claim_temp_folder
from rtcdesk.log_redaction import exception_summary
from rtcdesk.logging_setup import configure_logging
from rtcdesk.paths import ENV_DATABASE
from rtcdesk.services.local_settings import HISTORY_USER_NAME, read_setting
from rtcdesk.services.wording import plural
from rtcdesk.vocabulary import ParticipationStatus

if TYPE_CHECKING:
    from rtcdesk.services.server_login import AskPassword, PasswordAnswer, PasswordRequest
    from rtcdesk.services.startup import OpenedDatabase

log = logging.getLogger(__name__)

EXIT_OK, EXIT_REFUSED, EXIT_USAGE, EXIT_INTERNAL = 0, 1, 2, 3


class _Later:
    """Text computed when first shown: argparse puts an action's attributes
    into its help with ``%``, which calls ``str``. Lets a help text name what
    a heavy module knows without importing it for every command."""

    def __init__(self, text: Callable[[], str]):
        self._text = text

    def __str__(self) -> str:
        return self._text()


class _LaterChoices(Sequence[str]):
    """Choices of an option, loaded when the option is used or shown."""

    def __init__(self, load: Callable[[], Sequence[str]]):
        self._load = load

    def __getitem__(self, index: int) -> str:  # type: ignore[override]
        return self._load()[index]

    def __len__(self) -> int:
        return len(self._load())

    def __contains__(self, value: object) -> bool:
        return value in self._load()


def _participant_columns_help() -> str:
    from rtcdesk.services.exports import DEFAULT_PARTICIPANT_COLUMNS, PARTICIPANT_FIELDS

    others = sorted(set(PARTICIPANT_FIELDS) - set(DEFAULT_PARTICIPANT_COLUMNS))
    return (
        f"columns in order (default: {','.join(DEFAULT_PARTICIPANT_COLUMNS)}; "
        f"also: {','.join(others)})"
    )


def _import_fields_help() -> str:
    from rtcdesk.services.registration_columns import FIELDS

    return (
        "correct the guessed columns: a header as written (or a column letter) = a "
        "field; field '-' leaves a column out. Fields: " + ", ".join(FIELDS)
    )


def _paper_choices() -> Sequence[str]:
    from rtcdesk.services.print_settings import PAPER_CHOICES

    return PAPER_CHOICES


def _later_help(action: argparse.Action, text: Callable[[], str]) -> None:
    action.later = _Later(text)  # type: ignore[attr-defined]
    action.help = "%(later)s"


def _database_option(parser: argparse.ArgumentParser, *, top_level: bool) -> None:
    parser.add_argument(
        "--database",
        metavar="PATH_OR_URL",
        # Sub-commands must not reset a value given before the sub-command.
        default=None if top_level else argparse.SUPPRESS,
        help=f"SQLite file or postgresql+psycopg:// URL (default: ${ENV_DATABASE}, "
        "else the file in your user data folder)",
    )


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="rtcdesk",
        description="Meetings, participant lists and follow-up action surveys for the "
        "WCO Asia/Pacific RTCs. Without a command, opens the desktop app.",
    )
    parser.add_argument("--version", action="version", version=f"rtcdesk {__version__}")
    _database_option(parser, top_level=True)
    commands = parser.add_subparsers(dest="command", metavar="COMMAND")

    def command(
        name: str,
        help_text: str,
        parent: argparse._SubParsersAction[argparse.ArgumentParser] = commands,
    ) -> argparse.ArgumentParser:
        sub = parent.add_parser(name, help=help_text, description=help_text)
        _database_option(sub, top_level=False)
        return sub

    command("demo", "load the demo data set (the RTC Heads Meetings, a survey)").set_defaults(
        run=cmd_demo, writes=True
    )

    meetings = command("meetings", "list meetings")
    meeting_commands = meetings.add_subparsers(dest="meetings_command", metavar="COMMAND")
    meetings.set_defaults(run=_usage(meetings))
    listing = command("list", "list the meetings, newest first", meeting_commands)
    listing.add_argument("--json", action="store_true", help="print JSON instead of a table")
    listing.set_defaults(run=cmd_meetings_list)

    export = command("export", "write an Excel workbook")
    exports = export.add_subparsers(dest="export_command", metavar="WHAT")
    export.set_defaults(run=_usage(export))
    participants = command(
        "participants", "the participant list of a meeting, ready to print", exports
    )
    participants.add_argument("--meeting", required=True, type=int, metavar="ID")
    columns = participants.add_argument("--columns", type=_columns, metavar="a,b,...")
    _later_help(columns, _participant_columns_help)
    signin = command("signin", "a sign-in sheet for a meeting", exports)
    signin.add_argument("--meeting", required=True, type=int, metavar="ID")
    signin.add_argument(
        "--include-virtual",
        action="store_true",
        help="list the participants who join virtually too (default: left out)",
    )
    for sub in (participants, signin):
        sub.add_argument(
            "--status",
            type=_statuses,
            metavar="s,t,...",
            help="only these statuses, e.g. confirmed,attended (default: all)",
        )
    contacts = command("contacts", "the contact list of people", exports)
    contacts.add_argument("--search", default="", help="only people matching these words")
    command("meetings", "the list of meetings", exports)
    actions = command("actions", "action items of one meeting or of all", exports)
    actions.add_argument("--meeting", type=int, metavar="ID")
    for sub in (participants, signin, contacts, exports.choices["meetings"], actions):
        sub.add_argument("-o", "--output", required=True, type=Path, metavar="FILE.xlsx")
        sub.set_defaults(run=cmd_export)

    importing = command("import", "read a file into the database")
    imports = importing.add_subparsers(dest="import_command", metavar="WHAT")
    importing.set_defaults(run=_usage(importing))
    registrations = command(
        "registrations", "a registration list (.xlsx or .csv) into a meeting", imports
    )
    registrations.add_argument("file", type=Path, metavar="FILE")
    registrations.add_argument("--meeting", required=True, type=int, metavar="ID")
    registrations.add_argument("--sheet", metavar="NAME", help="the sheet (default: the first)")
    mapping = registrations.add_argument(
        "--map", action="append", default=[], metavar="COLUMN=field,..."
    )
    _later_help(mapping, _import_fields_help)
    registrations.add_argument(
        "--dry-run", action="store_true", help="check and report, write nothing"
    )
    registrations.add_argument(
        "--skip-invalid",
        action="store_true",
        help="import the good rows even if others are refused (default: all or nothing)",
    )
    registrations.add_argument(
        "--report",
        type=Path,
        metavar="FILE",
        help="write every row to look at (near matches, kept values, problems) to this "
        "text file; the screen shows the first few of each kind",
    )
    registrations.set_defaults(run=cmd_import_registrations, writes=True)

    survey = command("survey", "follow-up action surveys")
    surveys = survey.add_subparsers(dest="survey_command", metavar="WHAT")
    survey.set_defaults(run=_usage(survey))
    survey_list = command("list", "surveys with their deadlines and responses", surveys)
    survey_list.add_argument("--json", action="store_true", help="print JSON instead of a table")
    survey_list.set_defaults(run=cmd_survey_list)
    forms = command("forms", "one pre-filled Excel form per recipient", surveys)
    forms.add_argument("survey_id", type=int, metavar="SURVEY_ID")
    forms.add_argument("-o", "--output", required=True, type=Path, metavar="DIR")
    forms.set_defaults(run=cmd_survey_forms)
    collect = command("collect", "import returned forms", surveys)
    collect.add_argument("paths", nargs="+", type=Path, metavar="FILE_OR_DIR")
    collect.add_argument(
        "--partial",
        action="store_true",
        help="keep what can be read even if some files or answers are refused "
        "(default: all or nothing)",
    )
    collect.add_argument("--dry-run", action="store_true", help="review only, write nothing")
    collect.add_argument(
        "--reopen",
        action="store_true",
        help="reopen a closed survey to take these returns (default: refused)",
    )
    collect.add_argument(
        "--take-older",
        action="store_true",
        help="let an older copy of a form replace the answers stored since (default: not)",
    )
    collect.set_defaults(run=cmd_survey_collect, writes=True)
    survey_export = command("export", "the results workbook of a survey", surveys)
    survey_export.add_argument("survey_id", type=int, metavar="SURVEY_ID")
    survey_export.add_argument("-o", "--output", required=True, type=Path, metavar="FILE.xlsx")
    survey_export.add_argument(
        "--headers", choices=["labels", "codes"], default="labels",
        help="question texts or codes as the Responses sheet's column headers",
    )  # fmt: skip
    survey_export.set_defaults(run=cmd_survey_export)

    person = command("person", "personal data: everything about one person, or erase them")
    people = person.add_subparsers(dest="person_command", metavar="WHAT")
    person.set_defaults(run=_usage(person))
    person_find = command("find", "people whose name, e-mail or organisation match", people)
    person_find.add_argument("words", nargs="+", metavar="WORD")
    person_find.set_defaults(run=cmd_person_find)
    person_export = command(
        "export", "everything held about one person, as an Excel workbook", people
    )
    person_export.add_argument("person_id", type=int, metavar="PERSON_ID")
    person_export.add_argument("-o", "--output", required=True, type=Path, metavar="FILE.xlsx")
    person_export.set_defaults(run=cmd_person_export)
    person_erase = command(
        "erase", "erase one person and everything that names them (lists it first)", people
    )
    person_erase.add_argument("person_id", type=int, metavar="PERSON_ID")
    person_erase.add_argument(
        "--yes", action="store_true", help="erase for good (without it: only list what goes)"
    )
    person_erase.set_defaults(run=cmd_person_erase, writes=True)

    backup = command("backup", "write a consistent copy of the database to FILE")
    backup.add_argument("-o", "--output", required=True, type=Path, metavar="FILE")
    backup.set_defaults(run=cmd_backup)

    command("check", "check the database (integrity, references, schema)").set_defaults(
        run=cmd_check
    )

    settings = commands.add_parser(
        "settings",
        help="show or change this computer's preferences for what rtcdesk prints",
        description="Show or change this computer's preferences for what rtcdesk prints "
        "(shared with the app's Preferences).",
    )
    paper = settings.add_argument("--paper", choices=_LaterChoices(_paper_choices), metavar="SIZE")
    _later_help(paper, lambda: f"paper size of workbooks: {' or '.join(_paper_choices())}")
    settings.add_argument(
        "--return-email",
        metavar="ADDRESS",
        help="the address survey forms tell respondents to send them back to ('' removes it)",
    )
    settings.set_defaults(run=cmd_settings, needs_database=False)
    return parser


def _usage(parser: argparse.ArgumentParser) -> Callable[..., int]:
    """What a command group without its command runs: a usage error, before
    any database is opened (none is needed to say so)."""

    def usage(_args: argparse.Namespace, _opened: OpenedDatabase | None) -> int:
        parser.print_usage(sys.stderr)
        print(f"{parser.prog}: a command is required", file=sys.stderr)
        return EXIT_USAGE

    usage.needs_no_database = True  # type: ignore[attr-defined]
    return usage


def cmd_demo(_args: argparse.Namespace, opened: OpenedDatabase) -> int:
    from rtcdesk.services.demo import load_demo

    with opened.database.write() as session:
        result = load_demo(session)
    print(result)
    return EXIT_OK


def cmd_meetings_list(args: argparse.Namespace, opened: OpenedDatabase) -> int:
    from rtcdesk.services.meetings import list_meetings
    from rtcdesk.services.names import day_month_year

    with opened.database.read() as session:
        rows = list_meetings(session)
    if args.json:
        payload = [
            {
                "id": r.id,
                "title": r.title,
                "display_title": r.display_title,
                "ordinal": r.ordinal,
                "series": r.series,
                "kind": r.kind.value,
                "start": r.start_date.isoformat(),
                "end": r.end_date.isoformat(),
                "host": r.host_name,
                "city": r.city,
                "country": r.country,
                "mode": r.mode.value,
                "status": r.status.value,
                "participants": r.participant_count,
            }
            for r in rows
        ]
        print(json.dumps(payload, ensure_ascii=False, indent=2))
        return EXIT_OK
    if not rows:
        print("No meetings yet. Load the demo data with: rtcdesk demo")
        return EXIT_OK
    table = [
        (
            str(r.id),
            r.display_title,
            day_month_year(r.start_date),
            r.host_label,
            r.place,
            str(r.participant_count),
        )
        for r in rows
    ]
    header = ("ID", "Meeting", "Starts", "Host", "Place", "Participants")
    widths = [max(len(row[i]) for row in [header, *table]) for i in range(len(header))]
    for row in [header, *table]:
        print(
            "  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)).rstrip()
        )
    return EXIT_OK


def _columns(text: str) -> list[str]:
    from rtcdesk.errors import ValidationError
    from rtcdesk.services.exports import parse_columns

    try:
        return parse_columns(text)
    except ValidationError as exc:
        raise argparse.ArgumentTypeError("; ".join(p.message for p in exc.problems)) from None


def _statuses(text: str) -> list[ParticipationStatus]:
    chosen: list[ParticipationStatus] = []
    for word in (w for w in text.split(",") if w.strip()):
        try:
            status = ParticipationStatus.from_text(word)
            assert isinstance(status, ParticipationStatus)
            chosen.append(status)
        except ValueError:
            known = ", ".join(s.value for s in ParticipationStatus)
            raise argparse.ArgumentTypeError(
                f"'{word.strip()}' is not a status; choose from {known}"
            ) from None
    return chosen


def cmd_export(args: argparse.Namespace, opened: OpenedDatabase) -> int:
    from rtcdesk.services import exports

    with opened.database.read() as session:
        what = args.export_command
        if what == "participants":
            sheet = exports.participant_list_sheet(session, args.meeting, args.columns, args.status)
        elif what == "signin":
            sheet = exports.sign_in_sheet(
                session, args.meeting, args.status, include_virtual=args.include_virtual
            )
        elif what == "contacts":
            sheet = exports.contacts_sheet(session, args.search)
        elif what == "meetings":
            sheet = exports.meetings_sheet(session)
        else:
            sheet = exports.action_items_sheet(session, args.meeting)
        target = exports.export(args.output, sheet)
    print(f"Wrote {target}")
    return EXIT_OK


def cmd_import_registrations(args: argparse.Namespace, opened: OpenedDatabase) -> int:
    from rtcdesk.excel.reading import read_table
    from rtcdesk.services.registrations import (
        SHOWN_PER_KIND,
        ImportOptions,
        ImportRefusedError,
        find_layout,
        import_into,
        remap,
        report_sections,
        write_report,
    )

    sheet = read_table(args.file, args.sheet)
    layout = find_layout(sheet)
    assignments = [a for text in args.map for a in text.split(",") if a.strip()]
    if assignments:
        layout = remap(layout, assignments)
    mapped = ", ".join(
        f"{layout.headers[i] or '?'} -> {key}" for i, key in sorted(layout.mapping.items())
    )
    print(f"{args.file.name}, sheet '{sheet.sheet}', header on row {layout.header_row}: {mapped}")
    options = ImportOptions(dry_run=args.dry_run, skip_invalid=args.skip_invalid)
    try:
        result = import_into(opened.database, args.meeting, layout, options)
    except ImportRefusedError as refused:
        print(f"rtcdesk: {refused}", file=sys.stderr)
        if args.report:
            write_report(refused.result, args.report)
            print(f"Every problem is listed in {args.report}", file=sys.stderr)
        return EXIT_REFUSED
    print(result.summary())
    sections = report_sections(result)
    for section in sections:
        print("\n".join(section.summary()))
    if args.report:
        write_report(result, args.report)
        print(f"Every row to look at is listed in {args.report}")
    elif any(len(s.lines) > SHOWN_PER_KIND for s in sections):
        print("(--report FILE lists them all)")
    return EXIT_OK


def cmd_survey_list(args: argparse.Namespace, opened: OpenedDatabase) -> int:
    from rtcdesk.services.surveys import list_surveys

    with opened.database.read() as session:
        rows = list_surveys(session)
    if args.json:
        payload = [
            {
                "id": r.id,
                "title": r.title,
                "meeting": r.meeting_title,
                "meeting_id": r.meeting_id,
                "status": r.status.value,
                "deadline": r.closes_on.isoformat() if r.closes_on else None,
                "recipients": r.recipients,
                "responses": r.responses,
            }
            for r in rows
        ]
        print(json.dumps(payload, ensure_ascii=False, indent=2))
        return EXIT_OK
    if not rows:
        print("No surveys yet.")
    for r in rows:
        deadline = r.closes_on.isoformat() if r.closes_on else "no deadline"
        print(
            f"{r.id}  {r.title}  [{r.status.label}, {deadline}]  "
            f"{r.responses}/{r.recipients} responded  ({r.meeting_title or 'no meeting'})"
        )
    return EXIT_OK


def cmd_survey_forms(args: argparse.Namespace, opened: OpenedDatabase) -> int:
    from rtcdesk.services.survey_forms import write_forms

    with opened.database.read() as session:
        written = write_forms(session, args.survey_id, args.output)
    print(f"Wrote {plural(len(written), 'form', 'forms')} to {args.output}")
    return EXIT_OK


def cmd_survey_collect(args: argparse.Namespace, opened: OpenedDatabase) -> int:
    from rtcdesk.services.survey_export import answer_words
    from rtcdesk.services.survey_forms import (
        closed_surveys,
        commit_returns,
        reopen,
        review_returns,
    )
    from rtcdesk.services.survey_responses import returned_files
    from rtcdesk.services.surveys import close_overdue

    files = returned_files(args.paths)
    if not files:
        print("rtcdesk: no .xlsx files found in what was given.", file=sys.stderr)
        return EXIT_REFUSED
    with opened.database.write() as session:
        for title in close_overdue(session, date.today()):
            print(f"Closed '{title}': its closing date has passed.")
        reviews = review_returns(session, files)
        refused = [r for r in reviews if r.status == "refused" or r.invalid]
        for review in reviews:
            print(review.describe())
            for change in review.changes if review.status == "changed" else []:
                old, new = answer_words(change.old), answer_words(change.new)
                print(f"    {change.name}: {old} -> {new}")
            for note in review.notes:
                print(f"    note: {note}")
            for bad in review.invalid:
                print(f"    cannot read {bad.name}: {bad.reason}", file=sys.stderr)
        if args.take_older:
            for review in reviews:
                review.chosen = None
        closed = closed_surveys(session, reviews)
        if closed and not args.dry_run and not args.reopen:
            titles = ", ".join(f"'{s.title}'" for s in closed)
            print(
                f"rtcdesk: nothing was written: {titles} is closed. Collect with --reopen "
                "to reopen it and take these returns.",
                file=sys.stderr,
            )
            session.rollback()
            return EXIT_REFUSED
        if args.dry_run:
            print("Dry run: nothing was written.")
            session.rollback()
            return EXIT_REFUSED if refused else EXIT_OK
        if refused and not args.partial:
            print(
                f"rtcdesk: nothing was written: {plural(len(refused), 'file', 'files')} refused "
                "or with answers that cannot be read (listed above). Fix them, or collect "
                "with --partial.",
                file=sys.stderr,
            )
            session.rollback()
            return EXIT_REFUSED
        reopened = ", ".join(f"'{s.title}'" for s in closed)
        reopen(closed)
        result = commit_returns(session, reviews)
    if reopened:
        print(f"Reopened {reopened}.")
    print(result.summary())
    return EXIT_REFUSED if refused else EXIT_OK


def cmd_survey_export(args: argparse.Namespace, opened: OpenedDatabase) -> int:
    from rtcdesk.services.survey_export import export_survey

    with opened.database.read() as session:
        target = export_survey(session, args.survey_id, args.output, args.headers)
    print(f"Wrote {target}")
    return EXIT_OK


def cmd_person_find(args: argparse.Namespace, opened: OpenedDatabase) -> int:
    from rtcdesk.services.people import search_people

    with opened.database.read() as session:
        found = search_people(session, " ".join(args.words), limit=50)
    if not found:
        print("Nobody on record matches.")
    for match in found:
        details = ", ".join(p for p in (match.organisation_name, match.email) if p)
        print(f"{match.id}  {match.display_name}" + (f"  ({details})" if details else ""))
    return EXIT_OK


def cmd_person_export(args: argparse.Namespace, opened: OpenedDatabase) -> int:
    from rtcdesk.services.personal_data import export_person

    with opened.database.read() as session:
        target = export_person(session, args.person_id, args.output)
    print(f"Wrote {target}")
    return EXIT_OK


def cmd_person_erase(args: argparse.Namespace, opened: OpenedDatabase) -> int:
    from rtcdesk.services.personal_data import describe_plan, erase_person, erasure_plan

    with opened.database.write() as session:
        plan = erasure_plan(session, args.person_id)
        print("\n".join(describe_plan(plan)))
        if not args.yes:
            session.rollback()
            print(
                f"rtcdesk: nothing was erased. To erase {plan.name}, run the same command "
                "with --yes.",
                file=sys.stderr,
            )
            return EXIT_REFUSED
        erase_person(session, args.person_id, plan.version, confirmed=plan)
    print(f"Erased {plan.name} (person id {plan.person_id}).")
    return EXIT_OK


def cmd_backup(args: argparse.Namespace, opened: OpenedDatabase) -> int:
    from rtcdesk.services.maintenance import backup

    target = backup(opened.database, args.output)
    print(f"Backed up {opened.database.describe()} to {target}")
    return EXIT_OK


def cmd_settings(args: argparse.Namespace, _opened: OpenedDatabase | None) -> int:
    from rtcdesk.services import print_settings

    if args.return_email is not None:
        problem = print_settings.return_email_problem(args.return_email)
        if problem:
            print(f"rtcdesk: --return-email: {problem} Nothing was changed.", file=sys.stderr)
            return EXIT_REFUSED
    if args.paper is not None:
        print_settings.set_paper_size(args.paper)
    if args.return_email is not None:
        print_settings.set_return_email(args.return_email)
    print(f"Paper: {print_settings.paper_size()}")
    address = print_settings.return_email() or "not set (forms say: reply to the e-mail)"
    print(f"Survey forms returned to: {address}")
    return EXIT_OK


def cmd_check(_args: argparse.Namespace, opened: OpenedDatabase) -> int:
    from rtcdesk.services.maintenance import check

    report = check(opened.database)
    if report.ok:
        print(f"{report.location}: ok (schema {report.revision})")
        return EXIT_OK
    problems = plural(len(report.problems), "problem", "problems")
    print(f"{report.location}: {problems} found:", file=sys.stderr)
    for problem in report.problems[:50]:
        print(f"  - {problem}", file=sys.stderr)
    return EXIT_REFUSED


def _ask_password_at_terminal(request: PasswordRequest) -> PasswordAnswer | None:
    """The server password typed at the terminal (not shown), after saying why
    the one before was refused; never stored. Without a terminal (a script),
    nothing is asked: use the keyring, PGPASSWORD or ~/.pgpass."""
    from rtcdesk.services.server_login import PasswordAnswer

    if not sys.stdin.isatty():
        return None
    if request.refused:
        print(request.refusal(), file=sys.stderr)
    try:
        typed = getpass.getpass(f"Password of {request.login}: ")
    except (EOFError, KeyboardInterrupt):
        return None
    return PasswordAnswer(typed)


@contextmanager
def _opened(location: str | None, *, ask_password: AskPassword | None) -> Iterator[OpenedDatabase]:
    from rtcdesk.services.startup import open_database

    opened = open_database(location, ask_password=ask_password, create=False)
    try:
        yield opened
    finally:
        opened.database.dispose()


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    # A command's function; those that need no database are given None.
    run: Callable[..., int] | None = getattr(args, "run", None)
    if args.command is None:
        from rtcdesk.ui.app import run_gui

        return run_gui(args.database)
    assert run is not None
    if not getattr(args, "needs_database", True) or getattr(run, "needs_no_database", False):
        return run(args, None)
    log_file = configure_logging()
    claim_temp_folder()
    try:
        from rtcdesk.instance_lock import open_locked, reading_needs_lock
        from rtcdesk.services.history import set_user_name

        # Changes made here carry the name set in the app's preferences.
        set_user_name(read_setting(HISTORY_USER_NAME))
        # A command that writes holds the instance lock, like the app; reading
        # alongside an open window is safe (SQLite's WAL lets readers in),
        # except on a network drive. Only a command that writes creates a database.
        writes = getattr(args, "writes", False)
        opener: Callable[..., AbstractContextManager[OpenedDatabase]]
        if writes:
            opener = open_locked
        elif reading_needs_lock(args.database):
            opener = partial(open_locked, create=False)
        else:
            opener = _opened
        with opener(args.database, ask_password=_ask_password_at_terminal) as opened:
            status = run(args, opened)
            sys.stdout.flush()  # a closed pipe is found here, not at exit
            return status
    except BrokenPipeError:
        # The reader stopped reading (`rtcdesk meetings list | head`): nothing
        # to report, and nothing more may be written to the closed pipe.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_REFUSED
    except RtcdeskError as exc:
        # The message may name people; the log holds its type and ids only.
        log.warning("command %s refused: %s", args.command, exception_summary(exc))
        # A record named on the command line is named by the id typed there.
        message = exc.typed_id_message if isinstance(exc, NotFoundError) else exc
        print(f"rtcdesk: {message}", file=sys.stderr)
        return EXIT_REFUSED
    except KeyboardInterrupt:
        print("rtcdesk: interrupted; nothing more was written.", file=sys.stderr)
        return EXIT_REFUSED
    except Exception:
        log.exception("internal error in command %s", args.command)
        where = f" Details are in {log_file}." if log_file else ""
        print(
            "rtcdesk: an internal error stopped the command; nothing was half-written."
            f"{where} Please report it.",
            file=sys.stderr,
        )
        return EXIT_INTERNAL
