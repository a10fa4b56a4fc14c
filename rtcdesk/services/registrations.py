"""Importing a registration list into a meeting.

The file is read (``rtcdesk.excel.reading``), its header row found and its
columns mapped to fields (guessed from the usual names, corrected by the
coordinator); then every row is checked. People already on record are found
by e-mail, or by the same name in the same organisation; near matches are
offered as candidates, never merged silently. Names keep the case they were
typed in.

All or nothing: the import runs in one savepoint. If any row is refused,
nothing is written, unless the coordinator chose to import only the good
rows. A dry run does everything and then rolls back, so its summary is
exactly what a real import would do. A cancel (through the
``ProgressReporter``) rolls everything back too.
"""

from __future__ import annotations

from collections.abc import Sequence
from contextlib import suppress
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, cast

from sqlalchemy import Table, select
from sqlalchemy.orm import Session

from rtcdesk.db.engine import Database
from rtcdesk.db.models import Delegation, Meeting, Organisation, Participation, Person
from rtcdesk.db.numbering import numbering
from rtcdesk.db.search_text import fold
from rtcdesk.errors import FieldProblem, FileRefusedError, RtcdeskError, ValidationError
from rtcdesk.excel.reading import SheetData, SheetRow, read_table, read_tables
from rtcdesk.progress import ProgressReporter
from rtcdesk.services import organisations, participants, people
from rtcdesk.services.names import display_name
from rtcdesk.services.records import apply_fields, get_or_raise
from rtcdesk.services.registration_columns import (
    FIELDS,
    as_attendance,
    as_date,
    as_gender,
    as_role,
    as_status,
    as_text,
    field_for_header,
    header_key,
)
from rtcdesk.services.registration_matching import (
    KnownName,
    NamedPerson,
    PeopleOnRecord,
    chunks,
    named,
)
from rtcdesk.services.validation import EMAIL_PATTERN, Checker, max_length
from rtcdesk.services.wording import plural
from rtcdesk.typed_text import clean_text
from rtcdesk.vocabulary import (
    NameOrder,
    OrganisationKind,
    ParticipantRole,
    ParticipationStatus,
)

HEADER_SEARCH_ROWS = 30


@dataclass(frozen=True)
class RowProblem:
    sheet: str
    row: int
    column: str | None
    message: str

    def __str__(self) -> str:
        where = f"sheet '{self.sheet}', row {self.row}"
        if self.column:
            where += f", column '{self.column}'"
        return f"{where}: {self.message}"


@dataclass
class Layout:
    """Where the table is in the sheet and which column feeds which field."""

    sheet: SheetData
    header_index: int
    headers: list[str]
    mapping: dict[int, str]

    @property
    def header_row(self) -> int:
        return self.sheet.rows[self.header_index].number

    def column_label(self, index: int) -> str:
        """How problems name column ``index``: its header, or "column C" without one."""
        return self.headers[index] or _letter(index)

    def column_of(self, key: str) -> str | None:
        for index, mapped in self.mapping.items():
            if mapped == key:
                return self.column_label(index)
        return None


def _letter(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return f"column {letters}"


def find_layout(sheet: SheetData) -> Layout:
    """The header row (the first rows' one naming most known fields, even below
    title rows and merged cells) and the guessed mapping."""
    best, best_hits = None, 1
    for index, row in enumerate(sheet.rows[:HEADER_SEARCH_ROWS]):
        hits = len({field_for_header(v) for v in row.values if field_for_header(v)})
        if hits > best_hits:
            best, best_hits = index, hits
    if best is None:
        known = ", ".join(f.label for f in FIELDS.values())
        raise FileRefusedError(
            f"{sheet.file.name}, sheet '{sheet.sheet}': no header row found in the first "
            f"{HEADER_SEARCH_ROWS} rows. Name the columns, e.g. {known}."
        )
    headers = [as_text(v) for v in sheet.rows[best].values]
    # Rows are read without trailing blanks: a column with values but no header counts too.
    headers += [""] * (max(len(r.values) for r in sheet.rows) - len(headers))
    mapping: dict[int, str] = {}
    for index, header in enumerate(headers):
        key = field_for_header(header)
        if key is not None and key not in mapping.values():
            mapping[index] = key
    return Layout(sheet, best, headers, mapping)


def read_layout(path: Path, sheet: str | None = None) -> Layout:
    """Read ``sheet`` of a registration file and guess its layout. Without
    ``sheet``: the first sheet that has a header row (a workbook often opens
    with a sheet of instructions). ``FileRefusedError`` for a file that cannot
    be read safely or that has no header row (the first sheet's reason)."""
    data = read_table(path, sheet)
    try:
        return find_layout(data)
    except FileRefusedError as refusal:
        if sheet is not None:
            raise
        first_refusal = refusal
    others = data.sheet_names[1:]
    try:
        # One opening for all the other sheets: each opening checks the whole file.
        for other in read_tables(path, others) if others else ():
            with suppress(FileRefusedError):
                return find_layout(other)
    except FileRefusedError:
        pass  # a sheet that cannot be read ends the search
    raise first_refusal


def assign(layout: Layout, index: int, key: str | None) -> Layout:
    """Column ``index`` feeds field ``key`` (None: the column is left out).
    A field is fed by one column only, so another column mapped to ``key``
    is left out from now on."""
    mapping = {i: k for i, k in layout.mapping.items() if i != index and k != key}
    if key is not None:
        if key not in FIELDS:
            raise ValueError(f"{key!r} is not a registration field")
        mapping[index] = key
    return replace(layout, mapping=mapping)


def remap(layout: Layout, assignments: Sequence[str]) -> Layout:
    """Apply "COLUMN=field" corrections (COLUMN: a header as written, or a
    column letter; field "-" or "" leaves the column out)."""
    problems = []
    mapping = dict(layout.mapping)
    for assignment in assignments:
        column, _, key = assignment.partition("=")
        column, key = column.strip(), key.strip().lower()
        index = _column_index(layout.headers, column)
        if index is None:
            problems.append(FieldProblem("--map", f"no column '{column}' in the header row"))
            continue
        if key in ("", "-"):
            mapping.pop(index, None)
            continue
        if key not in FIELDS:
            problems.append(
                FieldProblem("--map", f"'{key}' is not a field; choose from {', '.join(FIELDS)}")
            )
            continue
        for other, mapped in list(mapping.items()):
            if mapped == key:
                del mapping[other]
        mapping[index] = key
    if problems:
        raise ValidationError("The column mapping", problems)
    return Layout(layout.sheet, layout.header_index, layout.headers, mapping)


def _column_index(headers: list[str], column: str) -> int | None:
    wanted = header_key(column)
    for index, header in enumerate(headers):
        if header and header_key(header) == wanted:
            return index
    if column.isalpha() and column.isupper() and len(column) <= 2:
        index = 0
        for letter in column:
            index = index * 26 + ord(letter) - 64
        return index - 1 if index <= len(headers) else None
    return None


# -- rows -----------------------------------------------------------------------


@dataclass
class ParsedRow:
    row: int
    values: dict[str, Any]
    problems: list[RowProblem] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.problems


_CONVERTERS = {
    "gender": as_gender,
    "attendance": as_attendance,
    "role": as_role,
    "status": as_status,
}


#: The length of the column each text field is stored in.
_LENGTHS = {
    key: max_length(column)
    for key, column in {
        "title": Person.title,
        "given_name": Person.given_name,
        "family_name": Person.family_name,
        "email": Person.email,
        "position": Person.position,
        "phone": Person.phone,
        "post_nominals": Person.post_nominals,
        "organisation": Organisation.name,
        "economy": Organisation.economy,
    }.items()
}


def parse_rows(layout: Layout) -> list[ParsedRow]:
    """Every data row below the header as field values, with its problems."""
    sheet = layout.sheet.sheet
    parsed = []
    for row in layout.sheet.rows[layout.header_index + 1 :]:
        parsed.append(_parse_row(layout, sheet, row))
    _mark_duplicates(layout, parsed)
    return parsed


def _parse_row(layout: Layout, sheet: str, row: SheetRow) -> ParsedRow:
    result = ParsedRow(row.number, {})
    for index, key in layout.mapping.items():
        raw = row.values[index] if index < len(row.values) else None
        column: str | None = layout.headers[index] or _letter(index)
        text = clean_text(as_text(raw), multiline=key == "notes")
        limit = _LENGTHS.get(key)
        if limit is not None and len(text) > limit:
            # Before any search: a database refuses a search for a very long text.
            message = f"is {len(text)} characters long; at most {limit} fit"
            result.problems.append(RowProblem(sheet, row.number, column, message))
            continue
        if index in row.formulas:
            # Its result is whatever the sheet last computed; text as typed is
            # taken ("-", "+81 3 …", "=" inside text): exports keep it text.
            result.problems.append(RowProblem(sheet, row.number, column, "a formula in a cell"))
            continue
        try:
            if key in ("arrival_date", "departure_date"):
                value: Any = as_date(raw)
            elif key in _CONVERTERS:
                value = _CONVERTERS[key](text) if text else None
            else:
                value = text
        except ValueError as exc:
            result.problems.append(RowProblem(sheet, row.number, column, str(exc)))
            continue
        result.values[key] = value
    if not result.values.get("family_name"):
        column = layout.column_of("family_name")
        result.problems.append(RowProblem(sheet, row.number, column, "missing family name"))
    email = result.values.get("email", "")
    if email and not EMAIL_PATTERN.match(email):
        result.problems.append(
            RowProblem(
                sheet, row.number, layout.column_of("email"), f"'{email}' is not an e-mail address"
            )
        )
    arrival, departure = result.values.get("arrival_date"), result.values.get("departure_date")
    if arrival and departure and departure < arrival:
        result.problems.append(
            RowProblem(
                sheet, row.number, layout.column_of("departure_date"), "is before the arrival"
            )
        )
    return result


def _identity(row: ParsedRow) -> tuple[str, ...]:
    email = row.values.get("email", "").casefold()
    if email:
        return ("email", email)
    return (
        "name",
        fold(row.values.get("family_name", "")),
        fold(row.values.get("given_name", "")),
        fold(row.values.get("organisation", "")),
    )


def _mark_duplicates(layout: Layout, rows: list[ParsedRow]) -> None:
    seen: dict[tuple[str, ...], int] = {}
    for row in rows:
        if not row.values.get("family_name"):
            continue
        identity = _identity(row)
        if identity in seen:
            column = layout.column_of("email") if identity[0] == "email" else None
            row.problems.append(
                RowProblem(
                    layout.sheet.sheet, row.row, column, f"the same person as row {seen[identity]}"
                )
            )
        else:
            seen[identity] = row.row


# -- import ---------------------------------------------------------------------


@dataclass(frozen=True)
class Candidate:
    """A person on record who may be the one a row names."""

    row: int
    row_name: str
    person_id: int
    name: str
    organisation: str | None
    score: float

    def __str__(self) -> str:
        where = f" ({self.organisation})" if self.organisation else ""
        return (
            f"row {self.row}: {self.row_name} may be {self.name}{where} "
            f"(similarity {self.score:.0f}%)"
        )


@dataclass(frozen=True)
class KeptValue:
    """A detail a row gives that differs from the matched person's record,
    which keeps its own: an import fills empty fields, never overwrites. It is
    reported so that no value of the file is dropped unsaid."""

    row: int
    name: str
    field: str
    on_record: str
    in_file: str

    def __str__(self) -> str:
        return (
            f"row {self.row}: {self.name} keeps {self.field.lower()} '{self.on_record}' "
            f"(the file says '{self.in_file}')"
        )


@dataclass
class ImportResult:
    rows: int = 0
    created: int = 0
    matched: int = 0
    updated: int = 0
    skipped: int = 0
    organisations_created: list[str] = field(default_factory=list)
    unknown_organisations: list[str] = field(default_factory=list)
    candidates: list[Candidate] = field(default_factory=list)
    problems: list[RowProblem] = field(default_factory=list)
    kept: list[KeptValue] = field(default_factory=list)
    dry_run: bool = False

    def summary(self) -> str:
        verb = "would be" if self.dry_run else "were"
        text = (
            f"{plural(self.rows, 'row', 'rows')}: "
            f"{plural(self.created, 'person', 'people')} created, {self.matched} matched, "
            f"{self.updated} updated, {self.skipped} skipped"
        )
        if self.organisations_created:
            text += f"; organisations that {verb} created: " + ", ".join(self.organisations_created)
        return text + (" (dry run: nothing was written)" if self.dry_run else "")


#: Lines of each kind a report shows before "and N more": a list of 10,000
#: rows may bring thousands, which belong in a file or a table, not a screen.
SHOWN_PER_KIND = 5
REFUSALS_SHOWN = 20


@dataclass(frozen=True)
class ReportSection:
    """The rows of one kind a coordinator should look at after an import."""

    one: str
    many: str
    lines: list[str]

    @property
    def heading(self) -> str:
        return plural(len(self.lines), self.one, self.many) + ":"

    def summary(self, shown: int = SHOWN_PER_KIND) -> list[str]:
        """The heading with the count, the first ``shown`` lines, and how many more."""
        rest = len(self.lines) - shown
        return [
            self.heading,
            *(f"  {line}" for line in self.lines[:shown]),
            *([f"  … and {rest} more"] if rest > 0 else []),
        ]


def report_sections(result: ImportResult) -> list[ReportSection]:
    """What to look at after an import, by kind; empty kinds left out."""
    what = (
        "of a row with someone on record (imported as a new person: merge in the People "
        "workspace those who are the same)"
    )
    sections = [
        ReportSection(
            f"near match {what}", f"near matches {what}", [str(c) for c in result.candidates]
        ),
        ReportSection(
            "value differs from the record, which was not changed",
            "values differ from the record, which was not changed",
            [str(k) for k in result.kept],
        ),
        ReportSection("row skipped", "rows skipped", [str(p) for p in result.problems]),
    ]
    return [s for s in sections if s.lines]


def write_report(result: ImportResult, path: Path) -> None:
    """Every line of every section, in a UTF-8 text file."""
    text = "".join(
        s.heading + "\n" + "".join(f"  {line}\n" for line in s.lines) + "\n"
        for s in report_sections(result)
    )
    path.write_text(text or "Nothing to report.\n", encoding="utf-8")


class ImportRefusedError(RtcdeskError):
    """Rows were refused; nothing was written. ``result.problems`` lists them
    (the message, the first ``REFUSALS_SHOWN``)."""

    def __init__(self, result: ImportResult):
        self.result = result
        shown = result.problems[:REFUSALS_SHOWN]
        lines = "\n".join(f"  - {p}" for p in shown)
        rest = len(result.problems) - len(shown)
        more = f"\n  … and {rest} more" if rest > 0 else ""
        super().__init__(
            f"Nothing was imported: {plural(len(result.problems), 'problem', 'problems')} "
            f"in the file.\n{lines}{more}"
        )


@dataclass(frozen=True)
class ImportOptions:
    create_organisations: bool = True
    #: Unknown organisations (named as in the file) the coordinator chose not
    #: to create although ``create_organisations`` is on: their rows are refused.
    declined_organisations: frozenset[str] = frozenset()
    #: Row number -> the person the coordinator confirmed (None: a new person).
    confirmed_matches: dict[int, int | None] = field(default_factory=dict)
    skip_invalid: bool = False
    dry_run: bool = False
    default_status: ParticipationStatus = ParticipationStatus.REGISTERED


def import_registrations(
    session: Session,
    meeting_id: int,
    layout: Layout,
    options: ImportOptions = ImportOptions(),
    progress: ProgressReporter | None = None,
) -> ImportResult:
    """Import the rows of ``layout`` into the meeting; see the module docstring.
    ``progress`` counts the rows imported and can cancel (nothing is written)."""
    progress = progress or ProgressReporter()
    meeting = get_or_raise(session, Meeting, meeting_id, "meeting")
    if layout.column_of("family_name") is None:
        raise ValidationError(
            "The column mapping", [FieldProblem("Family name", "no column is mapped to it")]
        )
    rows = parse_rows(layout)
    result = ImportResult(rows=len(rows), dry_run=options.dry_run)
    result.problems = [p for r in rows for p in r.problems]
    if result.problems and not options.skip_invalid:
        raise ImportRefusedError(result)
    result.skipped = sum(1 for r in rows if not r.ok)
    progress.start(len(rows) - result.skipped)

    outer = session.begin_nested()
    try:
        importer = _Importer(session, meeting, layout, options, result, rows)
        for row in rows:
            if row.ok:
                importer.import_row(row)
                progress.advance()
        # One flush writes the new people and participants, and their history.
        session.flush()
        # Rows go fast now: a cancel asked during the flush is still honoured.
        progress.check()
        result.candidates = importer.candidates()
        if result.problems and not options.skip_invalid:
            raise ImportRefusedError(result)
        result.skipped = len({p.row for p in result.problems})
    except BaseException:
        outer.rollback()
        raise
    if options.dry_run:
        outer.rollback()
    else:
        outer.commit()
    return result


def import_into(
    database: Database,
    meeting_id: int,
    layout: Layout,
    options: ImportOptions = ImportOptions(),
    progress: ProgressReporter | None = None,
) -> ImportResult:
    """``import_registrations`` in a write transaction of its own, done again
    when a colleague's import created the same people or organisations at
    the same moment (team mode): the next attempt matches theirs."""
    return database.write_retrying(
        lambda session: import_registrations(session, meeting_id, layout, options, progress)
    )


class _Importer:
    """Imports rows one by one into the session without flushing each: the
    people they may name were fetched once (``PeopleOnRecord``), and the new
    people and participants are written, with their history, by one flush
    at the end. A row is checked in full before anything of it is added, so
    that a refused row leaves nothing behind without a savepoint of its own."""

    def __init__(
        self,
        session: Session,
        meeting: Meeting,
        layout: Layout,
        options: ImportOptions,
        result: ImportResult,
        rows: list[ParsedRow],
    ):
        self.session = session
        # Held while the rows are imported: the history of each new participant
        # names the meeting, and the session keeps only what is referenced.
        self.meeting = meeting
        meeting_id = self.meeting_id = meeting.id
        self.layout = layout
        self.options = options
        self.result = result
        self._row = 0
        #: Organisations by folded name (found or created); those whose
        #: economy a row may have filled in.
        self._organisations: dict[str, int] = {}
        self._economy_checked: set[int] = set()
        self.delegations = {
            d.organisation_id: d.id
            for d in session.scalars(select(Delegation).where(Delegation.meeting_id == meeting_id))
        }
        ok = [r for r in rows if r.ok]
        for name in dict.fromkeys(r.values.get("organisation", "") for r in ok):
            found = organisations.find_organisation(session, name) if name else None
            if found is not None:
                self._organisations[fold(name)] = found.id
        self.on_record = PeopleOnRecord(
            session, (_named(r, self._known_organisation(r)) for r in ok)
        )
        confirmed = {i for i in options.confirmed_matches.values() if i is not None}
        self.confirmed = {
            p.id: p
            for chunk in chunks(sorted(confirmed))
            for p in session.scalars(select(Person).where(Person.id.in_(chunk)))
        }
        #: The meeting's participants among the people the rows may name,
        #: by person id; and those this import adds, by person object.
        ids = sorted(self.on_record.person_ids() | set(self.confirmed))
        self.participations: dict[int, Participation] = {}
        for chunk in chunks(ids):
            for participation in session.scalars(
                select(Participation).where(
                    Participation.meeting_id == meeting_id, Participation.person_id.in_(chunk)
                )
            ):
                self.participations[participation.person_id] = participation
        self.added: dict[int, Participation] = {}
        connection = session.connection()
        self._person_ids = numbering(connection, cast(Table, Person.__table__))
        self._participation_ids = numbering(connection, cast(Table, Participation.__table__))
        #: The people this import created (``id()``: ``session.new`` is
        #: rebuilt on every access, which made 10,000 rows quadratic).
        self.created: set[int] = set()
        #: Near matches: (row, score, person), made candidates after the flush.
        self.near: list[tuple[int, float, KnownName | Person]] = []
        self.rows = rows

    def import_row(self, row: ParsedRow) -> None:
        self._row = row.row
        kept = len(self.result.kept)
        try:
            self._check(row)
            org_id = self._organisation(row)
        except ValidationError as exc:
            del self.result.kept[kept:]
            for problem in exc.problems:
                self._problem(row, problem.field, problem.message)
            return
        except _RowRefusedError as exc:
            del self.result.kept[kept:]
            self._problem(row, exc.column, exc.message)
            return
        # From here on the row writes: a refusal now refuses the whole import.
        try:
            person, matched, refreshed = self._person(row, org_id)
            updated = self._participation(row, person, org_id) or refreshed
        except ValidationError as exc:
            for problem in exc.problems:
                self._problem(row, problem.field, problem.message)
            raise ImportRefusedError(self.result) from exc
        if matched:
            self.result.matched += 1
        else:
            self.result.created += 1
        if updated:
            self.result.updated += 1

    def _check(self, row: ParsedRow) -> None:
        """What can refuse the row, checked before anything of it is written."""
        people.person_values(self._person_data(row.values, None))
        chosen = self.options.confirmed_matches.get(row.row, 0)
        if chosen is None:
            holder = self.on_record.holder_of(row.values.get("email", ""))
            if holder is not None:
                raise _RowRefusedError(
                    self.layout.column_of("email"),
                    f"{row.values['email']} belongs to {display_name(holder)}, who is already "
                    "on record: one address is one person",
                )
        elif chosen and chosen not in self.confirmed:
            raise _RowRefusedError(None, "the person chosen for this row is no longer on record")
        check = Checker("The participant")
        check.text("Notes", row.values.get("notes", ""), Participation.notes)
        check.check()

    def _problem(self, row: ParsedRow, column: str | None, message: str) -> None:
        label_to_key = {f.label: f.key for f in FIELDS.values()}
        key = label_to_key.get(column or "")
        where = self.layout.column_of(key) if key else column
        self.result.problems.append(RowProblem(self.layout.sheet.sheet, row.row, where, message))

    def _known_organisation(self, row: ParsedRow) -> int | None:
        """The row's organisation if it was on record before the import."""
        return self._organisations.get(fold(row.values.get("organisation", "")))

    def _organisation(self, row: ParsedRow) -> int | None:
        name = row.values.get("organisation", "")
        if not name:
            return None
        known = self._organisations.get(fold(name))
        if known is not None:
            economy = row.values.get("economy", "")
            if economy and known not in self._economy_checked:
                self._economy_checked.add(known)
                found = organisations.get_organisation(self.session, known)
                if not found.economy:
                    data = replace(organisations.organisation_data(found), economy=economy)
                    organisations.update_organisation(self.session, found.id, data, None)
            return known
        if not self.options.create_organisations or name in self.options.declined_organisations:
            if name not in self.result.unknown_organisations:
                self.result.unknown_organisations.append(name)
            raise _RowRefusedError(
                self.layout.column_of("organisation"),
                f"'{name}' is not a known organisation (confirm creating it)",
            )
        economy = row.values.get("economy", "")
        created = organisations.create_organisation(
            self.session,
            organisations.OrganisationData(
                name=name,
                kind=OrganisationKind.MEMBER_ADMINISTRATION if economy else OrganisationKind.OTHER,
                economy=economy,
                notes="Created by a registration import.",
            ),
        )
        self.result.organisations_created.append(name)
        self._organisations[fold(name)] = created.id
        return created.id

    def _person(self, row: ParsedRow, org_id: int | None) -> tuple[Person, bool, bool]:
        """The row's person, whether they were on record, and whether their
        record was filled in."""
        values = row.values
        if row.row in self.options.confirmed_matches:
            chosen = self.options.confirmed_matches[row.row]
            if chosen is not None:
                return (
                    self.confirmed[chosen],
                    True,
                    self._refresh(self.confirmed[chosen], values, org_id),
                )
            return self._create(values, org_id), False, False
        named = _named(row, org_id)
        found = self.on_record.by_email(named) or self.on_record.same_name(named)
        if found is not None:
            return found, True, self._refresh(found, values, org_id)
        self.near.extend((row.row, score, p) for score, p in self.on_record.near(named))
        return self._create(values, org_id), False, False

    def candidates(self) -> list[Candidate]:
        """The near matches, once the flush gave every person an id."""
        rows = {r.row: r for r in self.rows}
        return [
            Candidate(
                row, _row_name(rows[row].values), person.id, display_name(person),
                self.on_record.organisation_name(person), score,
            )
            for row, score, person in self.near
        ]  # fmt: skip

    def _create(self, values: dict[str, Any], org_id: int | None) -> Person:
        person = Person(**people.person_values(self._person_data(values, org_id)))
        if self._person_ids is not None:
            person.id = next(self._person_ids)
        self.session.add(person)
        self.created.add(id(person))
        self.on_record.add(person)
        return person

    def _person_data(self, values: dict[str, Any], org_id: int | None) -> people.PersonData:
        data = people.PersonData(
            family_name=values.get("family_name", ""),
            given_name=values.get("given_name", ""),
            title=values.get("title", ""),
            name_order=NameOrder.GIVEN_FIRST,
            post_nominals=values.get("post_nominals", ""),
            position=values.get("position", ""),
            organisation_id=org_id,
            email=values.get("email", ""),
            phone=values.get("phone", ""),
        )
        if values.get("gender") is not None:
            data.gender = values["gender"]
        return data

    def _refresh(self, person: Person, values: dict[str, Any], org_id: int | None) -> bool:
        """Fill the matched person's empty fields from the row; never overwrite.
        Whether anything was filled in."""
        current = people.person_data(person)
        incoming = self._person_data(values, org_id)
        changed = False
        for name in ("title", "given_name", "post_nominals", "position", "email", "phone"):
            if not getattr(current, name) and getattr(incoming, name):
                setattr(current, name, getattr(incoming, name))
                changed = True
        if current.organisation_id is None and org_id is not None:
            current.organisation_id, changed = org_id, True
        if current.gender.value == "unspecified" and incoming.gender.value != "unspecified":
            current.gender, changed = incoming.gender, True
        self._report_kept(person, current, incoming)
        if not changed:
            return False
        holder = self.on_record.holder_of(current.email)
        if holder is not None and holder is not person:
            raise ValidationError(
                "The person",
                [
                    FieldProblem(
                        "E-mail",
                        f"{current.email} belongs to {display_name(holder)}, who is already on "
                        "record: one address is one person",
                    )
                ],
            )
        apply_fields(person, people.person_values(current))
        if holder is None:
            self.on_record.add_address(person)
        return True

    def _report_kept(
        self, person: Person, current: people.PersonData, incoming: people.PersonData
    ) -> None:
        name = display_name(person)
        for key in ("title", "given_name", "post_nominals", "position", "email", "phone"):
            mine, theirs = getattr(current, key), getattr(incoming, key)
            if mine and theirs and fold(mine) != fold(theirs):
                label = FIELDS[key].label
                self.result.kept.append(KeptValue(self._row, name, label, mine, theirs))
        if (
            current.organisation_id is not None
            and incoming.organisation_id is not None
            and current.organisation_id != incoming.organisation_id
        ):
            mine_org = self.session.get(Organisation, current.organisation_id)
            theirs_org = self.session.get(Organisation, incoming.organisation_id)
            if mine_org is not None and theirs_org is not None:
                self.result.kept.append(
                    KeptValue(self._row, name, "Organisation", mine_org.name, theirs_org.name)
                )

    def _participation(self, row: ParsedRow, person: Person, org_id: int | None) -> bool:
        """Add the person to the meeting, or bring their participation up to
        date with the row; whether an existing participation changed."""
        values = row.values
        existing = self.added.get(id(person))
        if existing is None and person.id is not None:
            existing = self.participations.get(person.id)
        if existing is None:
            data = participants.ParticipationData(
                person_id=person.id or 0,
                delegation_id=self._delegation(org_id),
                status=values.get("status") or self.options.default_status,
                notes=values.get("notes", ""),
            )
        else:
            data = participants.ParticipationData(
                person_id=existing.person_id,
                delegation_id=existing.delegation_id,
                role=existing.role,
                attendance_mode=existing.attendance_mode,
                status=existing.status,
                notes=_with_note(existing.notes, values.get("notes", "")),
                arrival_date=existing.arrival_date,
                departure_date=existing.departure_date,
            )
            if values.get("status") is not None:
                data.status = values["status"]
        if values.get("role") is not None:
            data.role = values["role"]
        if values.get("attendance") is not None:
            data.attendance_mode = values["attendance"]
        for key in ("arrival_date", "departure_date"):
            if values.get(key) is not None:
                setattr(data, key, values[key])
        heads = data.role is ParticipantRole.HEAD_OF_DELEGATION or (
            existing is not None and existing.role is ParticipantRole.HEAD_OF_DELEGATION
        )
        if heads:
            # The delegation's head follows the role: the service keeps them in step.
            return self._participation_by_service(person, existing, data)
        fields = {
            "delegation_id": data.delegation_id,
            "role": data.role,
            "attendance_mode": data.attendance_mode,
            "status": data.status,
            "notes": clean_text(data.notes, multiline=True),
            "arrival_date": data.arrival_date,
            "departure_date": data.departure_date,
        }
        if existing is None:
            participation = Participation(meeting_id=self.meeting_id, **fields)
            if self._participation_ids is not None:
                participation.id = next(self._participation_ids)
            if id(person) in self.created:
                participation.person = person
            else:
                participation.person_id = person.id
            self.session.add(participation)
            self.added[id(person)] = participation
            return False
        changed = any(getattr(existing, k) != v for k, v in fields.items())
        apply_fields(existing, fields)
        return changed

    def _participation_by_service(
        self,
        person: Person,
        existing: Participation | None,
        data: participants.ParticipationData,
    ) -> bool:
        self.session.flush()
        data.person_id = person.id
        if existing is None:
            self.added[id(person)] = participants.add_participant(
                self.session, self.meeting_id, data
            )
            return False
        before = existing.version
        participants.update_participant(self.session, existing.id, data, None)
        return existing.version != before

    def _delegation(self, org_id: int | None) -> int | None:
        if org_id is None:
            return None
        if org_id not in self.delegations:
            delegation = participants.add_delegation(self.session, self.meeting_id, org_id)
            self.delegations[org_id] = delegation.id
        return self.delegations[org_id]


def _named(row: ParsedRow, org_id: int | None) -> NamedPerson:
    values = row.values
    return named(
        values.get("family_name", ""), values.get("given_name", ""), values.get("email", ""), org_id
    )


def _with_note(notes: str, note: str) -> str:
    """The participation's notes with the file's note added below them (a
    second import of the same list adds nothing)."""
    if not note or note in notes.split("\n"):
        return notes
    return f"{notes}\n{note}" if notes else note


def _row_name(values: dict[str, Any]) -> str:
    return " ".join(p for p in (values.get("given_name"), values.get("family_name")) if p)


class _RowRefusedError(Exception):
    def __init__(self, column: str | None, message: str):
        super().__init__(message)
        self.column = column
        self.message = message
