"""Hostile and broken input against the registration importer and the survey
collector, proved with generated cases (issue 6, item 7).

Every file, generated or named, must end one of two ways: accepted, and then
what was written is what the file says; or refused with an ``RtcdeskError``
whose message names the file (and the sheet, row and column where it
applies) in plain words, with nothing written. Either way within
``TIME_LIMIT`` seconds and ``MEMORY_LIMIT`` bytes of Python memory (traced
for every named and mutated file, and in the slow run for one generated
file in ``TRACE_ONE_IN``). Any other exception fails the test: it would be
a crash dialog for a coordinator.

Each example runs in a write transaction that is rolled back at its end, so
one prepared demo database serves every example (``rolled_back``); "nothing
written" is checked inside that transaction, right after the refusal.

The default run draws a few dozen cases and the named hostile files; the
tests marked slow (run by ``.ci/run`` with the rest of the suite) draw more
than a thousand on SQLite and a fifth of that on PostgreSQL. The module
prints how many ran and how they ended.
"""

from __future__ import annotations

import csv
import hashlib
import io
import itertools
import re
import tempfile
import time
import tracemalloc
from collections import Counter
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

import fuzz_files
import pytest
from factories import GOOD_FOLLOW_UP_ANSWERS
from fuzz_files import Formula, read_back, xlsx
from hypothesis import HealthCheck, Phase, given, note, settings
from hypothesis import strategies as st
from hypothesis.configuration import set_hypothesis_home_dir
from registration_files import workbook
from sqlalchemy import select
from sqlalchemy.orm import Session

from rtcdesk.db.engine import Database
from rtcdesk.db.models import (
    Delegation,
    Organisation,
    Participation,
    Person,
    SurveyAnswer,
    SurveyQuestion,
    SurveyRecipient,
)
from rtcdesk.db.search_text import fold
from rtcdesk.errors import FileRefusedError, RtcdeskError, ValidationError
from rtcdesk.services.meetings import find_meeting
from rtcdesk.services.registration_columns import as_text
from rtcdesk.services.registrations import (
    REFUSALS_SHOWN,
    ImportOptions,
    ImportRefusedError,
    ImportResult,
    import_registrations,
    read_layout,
    remap,
)
from rtcdesk.services.survey_forms import (
    CollectResult,
    ReturnReview,
    commit_returns,
    review_returns,
    write_forms,
)
from rtcdesk.services.surveys import list_surveys
from rtcdesk.typed_text import clean_text

# openpyxl warns about what it drops from odd files; that is not what is tested.
pytestmark = pytest.mark.filterwarnings("ignore::UserWarning")
# Hypothesis keeps caches even without an example database: not in the checkout.
set_hypothesis_home_dir(Path(tempfile.gettempdir()) / "rtcdesk-hypothesis")

TIME_LIMIT = 20.0
MEMORY_LIMIT = 300_000_000
NOT_A_FORM = "not an rtcdesk survey form"
REGISTRATION_TABLES = (Person, Organisation, Participation, Delegation)
SURVEY_TABLES = (SurveyRecipient, SurveyAnswer, Person)

#: Generated cases per test: (default run, slow run on SQLite); PostgreSQL
#: runs a fifth of the slow count (reading files is the same on both).
EXAMPLES = {
    "generated lists": (10, 280),
    "mutated lists": (10, 330),
    "generated answers": (8, 180),
    "mutated forms": (8, 230),
}
POSTGRESQL_SHARE = 5

#: In the slow run, the memory of one generated file in this many is traced.
TRACE_ONE_IN = 4

CASES: Counter[str] = Counter()
#: Files whose memory was traced.
TRACED: Counter[str] = Counter()
#: How the cases ended: accepted, or refused and why (by the error's type).
ENDINGS: Counter[str] = Counter()
_NAMES = itertools.count()


@pytest.fixture(scope="module", autouse=True)
def report_count(request: pytest.FixtureRequest) -> Iterator[None]:
    """Print how many cases ran, once the module is done."""
    yield
    if not CASES:
        return
    parts = ", ".join(f"{count} {what}" for what, count in sorted(CASES.items()))
    endings = ", ".join(f"{count} {how}" for how, count in ENDINGS.most_common())
    line = (
        f"fuzz: {sum(CASES.values())} cases ({parts}), all within {TIME_LIMIT:.0f} s, the "
        f"{TRACED.total()} traced within {MEMORY_LIMIT // 1_000_000} MB: {endings}; "
        "nothing written on a refusal"
    )
    capture = request.config.pluginmanager.getplugin("capturemanager")
    with capture.global_and_fixture_disabled():  # as capsys.disabled() does
        print(f"\n{line}")
    CASES.clear()
    ENDINGS.clear()
    TRACED.clear()


def fuzz_settings(what: str, database: Database, slow: bool) -> settings:
    quick, many = EXAMPLES[what]
    count = (many if database.is_sqlite else many // POSTGRESQL_SHARE) if slow else quick
    return settings(
        max_examples=count,
        deadline=None,  # TIME_LIMIT is checked per file, generously, instead
        database=None,  # no .hypothesis folder in the checkout
        phases=[Phase.explicit, Phase.generate, Phase.shrink],
        suppress_health_check=[
            HealthCheck.too_slow,
            HealthCheck.data_too_large,
            HealthCheck.large_base_example,
            HealthCheck.filter_too_much,
        ],
    )


# -- bounds, isolation, messages ----------------------------------------------------------


@dataclass
class Outcome:
    value: Any = None
    error: RtcdeskError | None = None
    seconds: float = 0.0
    peak: int = 0


def bounded(work: Callable[[], Any], trace: bool = True) -> Outcome:
    """Run ``work``, timing it and (``trace``) tracing its memory. An
    RtcdeskError is an outcome; any other exception escapes and fails the test."""
    outcome = Outcome()
    if trace:
        tracemalloc.start()
        TRACED["files"] += 1
    started = time.monotonic()
    try:
        outcome.value = work()
    except RtcdeskError as exc:
        outcome.error = exc
    finally:
        outcome.seconds = time.monotonic() - started
        if trace:
            outcome.peak = tracemalloc.get_traced_memory()[1]
            tracemalloc.stop()
    return outcome


def traced(what: str, slow: bool) -> bool:
    """Whether this case's memory is traced: always in the default run, one
    generated case in ``TRACE_ONE_IN`` in the slow run (tracing triples the
    time a small file takes; the big and mutated files are always traced)."""
    return not slow or CASES[what] % TRACE_ONE_IN == 0


def assert_bounded(outcome: Outcome, what: str) -> None:
    assert outcome.seconds < TIME_LIMIT, f"{what}: took {outcome.seconds:.1f} s"
    assert outcome.peak < MEMORY_LIMIT, f"{what}: used {outcome.peak / 1e6:.0f} MB"


class _UndoError(Exception):
    """Ends ``rolled_back``'s transaction."""


@contextmanager
def rolled_back(database: Database) -> Iterator[Session]:
    """A write transaction whose work is undone at the end."""
    try:
        with database.write() as session:
            yield session
            raise _UndoError
    except _UndoError:
        pass


def fingerprint(session: Session, models: Sequence[type[Any]]) -> str:
    """A checksum of every row of the tables of ``models``, as the session sees them."""
    digest = hashlib.sha256()
    for model in models:
        table = model.__table__
        for row in session.execute(select(table).order_by(*table.primary_key.columns)):
            digest.update(repr(tuple(row)).encode())
    return digest.hexdigest()


_NOT_PLAIN = re.compile(
    r"Traceback|\b[A-Z]\w*(Error|Exception)\b|NoneType|object has no attribute|"
    r"\bb'|\\x[0-9a-f]{2}|openpyxl|zipfile|expat|sqlalchemy|psycopg|sqlite3"
)


def assert_plain(message: str, quoted: Sequence[str] = ()) -> None:
    """Words for a coordinator: no exception names, reprs or library names
    (in what remains once the file's own contents are taken out)."""
    assert message.strip(), "an empty message"
    skeleton = message
    for text in sorted({t for q in quoted for t in (q, q.strip()) if t}, key=len, reverse=True):
        skeleton = skeleton.replace(text, "")
    assert not _NOT_PLAIN.search(skeleton), f"not plain words: {message[:500]!r}"


def assert_refusal_names_where(error: RtcdeskError, path: Path, quoted: Sequence[str]) -> None:
    """A file refusal names the file; a row refusal names sheet and row (and
    the column where one is meant); a mapping refusal names the field."""
    message = str(error)
    assert_plain(message, [*quoted, path.name])
    if isinstance(error, FileRefusedError):
        assert path.name in message, message
    elif isinstance(error, ImportRefusedError):
        problems = error.result.problems
        assert problems
        for number, problem in enumerate(problems):
            assert problem.sheet, problem
            assert problem.row >= 1, problem
            # The message names the first ones and how many more (all are in the result).
            assert (str(problem) in message) == (number < REFUSALS_SHOWN), (number, message)
            assert problem.message.strip(), problem
        if len(problems) > REFUSALS_SHOWN:
            assert f"… and {len(problems) - REFUSALS_SHOWN} more" in message
    elif isinstance(error, ValidationError):
        assert error.problems
        assert all(p.field and p.message for p in error.problems)
    else:
        pytest.fail(f"unexpected refusal {type(error).__name__}: {message}")


def new_file(folder: Path, data: bytes, suffix: str = ".xlsx") -> Path:
    path = folder / f"case {next(_NAMES)}{suffix}"
    path.write_bytes(data)
    return path


# -- the registration importer -----------------------------------------------------------


def meeting_21(database: Database) -> int:
    with database.read() as s:
        meeting = find_meeting(s, "RTC Heads Meeting", 21)
        assert meeting is not None
        return meeting.id


def import_file(
    database: Database,
    meeting_id: int,
    path: Path,
    check_written: Callable[[Session, ImportResult], None],
    quoted: Sequence[str] = (),
    trace: bool = True,
) -> Outcome:
    """Import ``path`` as the command line does; check the outcome either way."""
    with rolled_back(database) as session:
        before = fingerprint(session, REGISTRATION_TABLES)
        outcome = bounded(
            lambda: import_registrations(session, meeting_id, read_layout(path), ImportOptions()),
            trace,
        )
        assert_bounded(outcome, path.name)
        if outcome.error is None:
            ENDINGS["lists accepted"] += 1
            check_written(session, outcome.value)
        else:
            ENDINGS[f"lists refused ({type(outcome.error).__name__})"] += 1
            assert_refusal_names_where(outcome.error, path, quoted)
            assert fingerprint(session, REGISTRATION_TABLES) == before, "written on refusal"
    return outcome


def participants_of(session: Session, meeting_id: int) -> list[Person]:
    return list(
        session.scalars(
            select(Person).join(Participation).where(Participation.meeting_id == meeting_id)
        )
    )


def expected_text(value: Any, fmt: str) -> str:
    """A cell as the importer must keep it, worked out from how the file was
    written: text as written (the XML escapes of control characters read back
    literally from .xlsx) and cleaned as every typed text is (``clean_text``,
    tested on its own in test_typed_text.py), numbers without ".0", dates in
    ISO form."""
    if value is None:
        return ""
    if fmt == "csv":
        return clean_text(str(value))
    if isinstance(value, str):
        return clean_text(read_back(value, shared=fmt == "xlsx shared"))
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime | date):
        moment = (
            value if isinstance(value, datetime) else datetime(value.year, value.month, value.day)
        )
        return moment.replace(microsecond=0).isoformat()
    return str(value)


def csv_bytes(rows: Sequence[Sequence[Any]]) -> bytes:
    buffer = io.StringIO(newline="")
    csv.writer(buffer).writerows([["" if v is None else str(v) for v in row] for row in rows])
    return buffer.getvalue().encode()


@st.composite
def registration_lists(draw: st.DrawFn) -> tuple[str, list[list[Any]]]:
    """A list with the usual header and 1-5 people: half the time plausible
    people (any script, direction and combining marks, CJK), half the time
    cells that hold anything at all."""
    fmt = draw(st.sampled_from(["xlsx shared", "xlsx inline", "csv"]))
    anything = draw(st.booleans())
    text = fuzz_files.cell_values() if anything else fuzz_files.names()
    rows: list[list[Any]] = []
    for number in range(draw(st.integers(1, 5))):
        family = draw(st.one_of(fuzz_files.names(), text))
        given_name = draw(st.one_of(fuzz_files.names(), text, st.just("")))
        email = draw(
            st.one_of(
                st.just(f"p{number}@fuzz.example"),
                st.just("p0@fuzz.example"),  # the same person twice, when number > 0
                st.just(""),
                text if anything else st.just(f"P{number}.{number}@Fuzz.Example"),
            )
        )
        organisation = draw(
            st.one_of(
                st.just(""),
                st.sampled_from(["Japan Customs", "RTC Korea", "Customs and Excise Department"]),
                text,
            )
        )
        rows.append([family, given_name, email, organisation])
    return fmt, rows


def list_file(fmt: str, rows: list[list[Any]]) -> tuple[bytes, str]:
    table = [fuzz_files.REGISTRATION_HEADER, *rows]
    if fmt == "csv":
        return csv_bytes(table), ".csv"
    return xlsx([("Registrations", table)], shared=fmt == "xlsx shared"), ".xlsx"


def check_people_written(
    meeting_id: int, fmt: str, rows: list[list[Any]]
) -> Callable[[Session, ImportResult], None]:
    """Every data row of the list is a participant of the meeting, under the
    name and e-mail address it gave (case and marks kept; a person already
    on record keeps the name on record, which folds to the same)."""

    def check(session: Session, result: ImportResult) -> None:
        data_rows = [r for r in rows if any(expected_text(v, fmt) for v in r)]
        assert result.created + result.matched == len(data_rows) == result.rows
        attending = participants_of(session, meeting_id)
        for family, given_name, email, _ in data_rows:
            family_text, given_text = expected_text(family, fmt), expected_text(given_name, fmt)
            email_text = expected_text(email, fmt)
            if result.matched == 0:  # all created: exactly as typed
                same = [
                    p
                    for p in attending
                    if (p.family_name, p.given_name) == (family_text, given_text)
                    and (not email_text or p.email == email_text)
                ]
            else:
                same = [
                    p
                    for p in attending
                    if fold(p.family_name) == fold(family_text)
                    and (not email_text or p.email.casefold() == email_text.casefold())
                ]
            assert same, (family_text, given_text, email_text)

    return check


def run_generated_lists(demo: Database, tmp_path: Path, slow: bool) -> None:
    meeting_id = meeting_21(demo)

    @fuzz_settings("generated lists", demo, slow)
    @given(registration_lists())
    def example(drawn: tuple[str, list[list[Any]]]) -> None:
        fmt, rows = drawn
        data, suffix = list_file(fmt, rows)
        path = new_file(tmp_path, data, suffix)
        quoted = [expected_text(v, fmt) for row in rows for v in row] + [
            str(v) for row in rows for v in row if v is not None
        ]
        check = check_people_written(meeting_id, fmt, rows)
        import_file(demo, meeting_id, path, check, quoted, traced("generated lists", slow))
        CASES["generated lists"] += 1
        path.unlink()

    example()


def test_generated_lists(demo: Database, tmp_path: Path) -> None:
    run_generated_lists(demo, tmp_path, slow=False)


@pytest.mark.slow
def test_generated_lists_many(demo: Database, tmp_path: Path) -> None:
    run_generated_lists(demo, tmp_path, slow=True)


def real_lists(folder: Path) -> dict[str, bytes]:
    """Registration lists as they arrive: openpyxl's (title rows, merged cells,
    inline strings, a date column) and Excel's (shared strings)."""
    openpyxl_made = workbook(
        folder / "real.xlsx",
        ["No", "Surname", "First name", "Designation", "Name of Administration", "E-mail",
         "Arrival"],
        [
            [1, "AOYAMA", "Shigetoshi", "Managing Director", "Japan Customs", "",
             date(2023, 11, 13)],
            [2, "Nguyễn", "Văn An", "Officer", "Viet Nam Customs Academy",
             "an.nguyen@customs.example", "14/11/2023"],
            [3, "陳", "大文", "Inspector", "Customs and Excise Department", "dm.chan@fuzz.example",
             None],
        ],
        title_rows=["WCO Regional Workshop — registration list", "Submitted by Japan Customs"],
    ).read_bytes()  # fmt: skip
    excel_made = xlsx(
        [
            ("Instructions", [["Fill in one row per participant."]]),
            (
                "Registrations",
                [
                    [*fuzz_files.REGISTRATION_HEADER, "Arrival", "Remarks"],
                    ["Sato", "Yuki", "y.sato@fuzz.example", "RTC Japan", date(2023, 11, 14), 1.5],
                    ["Kim", "Minji", "m.kim@fuzz.example", "RTC Korea", None, True],
                ],
            ),
        ]
    )
    return {"openpyxl": openpyxl_made, "excel": excel_made}


def check_rows_of_the_file(meeting_id: int, path: Path) -> Callable[[Session, ImportResult], None]:
    """For a mutated file nobody knows what it should say, but whatever was
    imported must be a row of it: every row counted, each family name it
    holds a participant of the meeting."""

    def check(session: Session, result: ImportResult) -> None:
        layout = read_layout(path)
        index = next(i for i, k in layout.mapping.items() if k == "family_name")
        names = {
            fold(as_text(row.values[index]))
            for row in layout.sheet.rows[layout.header_index + 1 :]
            if index < len(row.values)
        } - {""}
        assert result.created + result.matched == result.rows
        attending = {fold(p.family_name) for p in participants_of(session, meeting_id)}
        assert names <= attending

    return check


def run_mutated_lists(demo: Database, tmp_path: Path, slow: bool) -> None:
    meeting_id = meeting_21(demo)
    bases = real_lists(tmp_path)

    @fuzz_settings("mutated lists", demo, slow)
    @given(st.sampled_from(sorted(bases)).flatmap(lambda name: fuzz_files.mutations(bases[name])))
    def example(mutated: tuple[str, bytes]) -> None:
        what, data = mutated
        note(what)
        path = new_file(tmp_path, data)
        import_file(demo, meeting_id, path, check_rows_of_the_file(meeting_id, path))
        CASES["mutated lists"] += 1
        path.unlink()

    example()


def test_mutated_lists(demo: Database, tmp_path: Path) -> None:
    run_mutated_lists(demo, tmp_path, slow=False)


@pytest.mark.slow
def test_mutated_lists_many(demo: Database, tmp_path: Path) -> None:
    run_mutated_lists(demo, tmp_path, slow=True)


def test_namesakes_with_different_addresses_are_two_people(demo: Database, tmp_path: Path) -> None:
    """Found by the fuzzer: the second of two people of the same name in the
    same organisation was merged into the first, losing their own address."""
    rows = [
        fuzz_files.REGISTRATION_HEADER,
        ["Kim", "Minji", "m.kim1@fuzz.example", "RTC Korea"],
        ["Kim", "Minji", "m.kim2@fuzz.example", "RTC Korea"],
    ]
    path = new_file(tmp_path, xlsx([("Registrations", rows)]))
    meeting_id = meeting_21(demo)
    with rolled_back(demo) as s:
        result = import_registrations(s, meeting_id, read_layout(path), ImportOptions())
        assert (result.created, result.matched) == (2, 0)
        attending = participants_of(s, meeting_id)
        kims = {p.email for p in attending if (p.family_name, p.given_name) == ("Kim", "Minji")}
        assert kims == {"m.kim1@fuzz.example", "m.kim2@fuzz.example"}
        assert any(c.row == 3 for c in result.candidates)  # reported as a near match


def test_a_column_without_a_header_can_be_mapped_one_past_the_sheet_cannot(
    tmp_path: Path,
) -> None:
    rows = [["Surname", "Given name"], ["Sato", "Yuki", "Vegetarian"]]
    layout = read_layout(new_file(tmp_path, xlsx([("Registrations", rows)])))
    assert remap(layout, ["C=notes"]).mapping[2] == "notes"
    with pytest.raises(ValidationError, match="no column 'ZZ' in the header row"):
        remap(layout, ["ZZ=notes"])


# -- the survey collector -----------------------------------------------------------------


@dataclass
class DemoSurvey:
    id: int
    questions: dict[str, SurveyQuestion]
    #: Blank forms by who they are for: a recipient who has not answered, one who has.
    forms: dict[str, bytes] = field(default_factory=dict)
    recipients: dict[str, int] = field(default_factory=dict)
    tokens: dict[str, str] = field(default_factory=dict)


def demo_survey(database: Database, folder: Path) -> DemoSurvey:
    with database.read() as s:
        (row,) = list_surveys(s)
        recipients = list(
            s.scalars(select(SurveyRecipient).where(SurveyRecipient.survey_id == row.id))
        )
        answered = {a.recipient_id for a in s.scalars(select(SurveyAnswer))}
        fresh = next(r for r in recipients if r.id not in answered and r.status.value == "invited")
        responded = next(r for r in recipients if r.id in answered)
        questions = {
            q.code: q
            for q in s.scalars(select(SurveyQuestion).where(SurveyQuestion.survey_id == row.id))
        }
        survey = DemoSurvey(row.id, questions)
        for key, recipient in (("fresh", fresh), ("responded", responded)):
            (path,) = write_forms(s, row.id, folder / key, [recipient.id])
            survey.forms[key] = path.read_bytes()
            survey.recipients[key] = recipient.id
            survey.tokens[key] = recipient.token
    return survey


_ROW = re.compile(r'<row r="(\d+)"[^>]*>.*?</row>', re.S)


def fill_form(form: bytes, answers: dict[str, Any]) -> bytes:
    """The form with its answer cells (column D of the question rows) set,
    as a respondent's spreadsheet program would save them."""
    parts = fuzz_files.parts_of(form)
    name = "xl/worksheets/sheet1.xml"
    xml = parts[name].decode()

    def fill_row(match: re.Match[str]) -> str:
        row, number = match[0], match[1]
        code = re.search(rf'<c r="A{number}"[^>]*><is><t>([^<]*)</t></is></c>', row)
        if code is None or code[1] not in answers:
            return row
        ref = f"D{number}"
        old = re.search(rf'<c r="{ref}"([^>]*?)(/>|>.*?</c>)', row, re.S)
        style = re.search(r'\ss="\d+"', old[1]) if old else None
        new = fuzz_files.cell_xml(ref, answers[code[1]], None)
        if new and style:
            new = re.sub(r'\ss="\d+"', "", new).replace(
                f'<c r="{ref}"', f'<c r="{ref}"{style[0]}', 1
            )
        if old is None:
            return row.replace("</row>", new + "</row>")
        return row[: old.start()] + new + row[old.end() :]

    return fuzz_files.replace_parts(form, {name: _ROW.sub(fill_row, xml)})


def collect(
    database: Database,
    survey_id: int,
    path: Path,
    check_written: Callable[[Session, ReturnReview], None],
    quoted: Sequence[str] = (),
    trace: bool = True,
) -> ReturnReview:
    """Collect ``path`` as the command line does; check the outcome either way."""
    with rolled_back(database) as session:
        before = fingerprint(session, SURVEY_TABLES)

        def work() -> tuple[ReturnReview, CollectResult]:
            (review,) = review_returns(session, [path], survey_id)
            return review, commit_returns(session, [review])

        outcome = bounded(work, trace)
        assert_bounded(outcome, path.name)
        assert outcome.error is None, f"the collector raised: {outcome.error}"
        review, result = outcome.value
        ENDINGS[f"forms {review.status}"] += 1
        assert review.describe().startswith(f"{path.name}: ")
        for problem in review.invalid:
            assert problem.code, problem
            assert problem.reason.strip(), problem
            assert_plain(problem.reason, [str(problem.given), *quoted])
        if review.status == "refused":
            assert_plain(review.reason, [path.name, *quoted])
            assert result.refused == [review.describe()]
            assert fingerprint(session, SURVEY_TABLES) == before, "written on refusal"
        else:
            stored = {
                a.question_id: a.value
                for a in session.scalars(
                    select(SurveyAnswer).where(SurveyAnswer.recipient_id == review.recipient_id)
                )
            }
            for change in review.changes:
                assert stored[change.question_id] == change.new, change
            check_written(session, review)
    return review


def answers(survey: DemoSurvey) -> st.SearchStrategy[dict[str, Any]]:
    """Answers to some of the questions: good ones, and anything at all."""
    good = {
        "yes_no": st.sampled_from(["Yes", "No", "yes", True, False]),
        "number": st.integers(0, 10_000),
        "rating": st.integers(1, 5),
        "text": fuzz_files.names(60),
        "single_choice": st.just(None),
        "multiple_choice": st.just(None),
        "date": st.dates(date(2000, 1, 1), date(2030, 1, 1)).map(date.isoformat),
    }
    per_question = {
        code: st.one_of(good[q.kind.value], fuzz_files.cell_values(), st.just(None))
        for code, q in survey.questions.items()
    }
    return st.fixed_dictionaries({}, optional=per_question)


def check_answers_kept(
    survey: DemoSurvey, given: dict[str, Any]
) -> Callable[[Session, ReturnReview], None]:
    """Plain answers are stored as given: text trimmed, case and marks kept,
    numbers as numbers, yes and no as true and false."""

    def check(session: Session, review: ReturnReview) -> None:
        invalid = {i.code for i in review.invalid}
        stored = {
            a.question_id: a.value
            for a in session.scalars(
                select(SurveyAnswer).where(SurveyAnswer.recipient_id == review.recipient_id)
            )
        }
        for code, value in given.items():
            question = survey.questions[code]
            kind = question.kind.value
            if code in invalid or value is None:
                continue
            if kind == "text" and isinstance(value, str):
                expected: Any = read_back(value, shared=False).strip() or None
            elif kind in ("number", "rating") and type(value) is int and abs(value) < 2**53:
                expected = value  # a spreadsheet holds numbers as doubles: exact up to 2**53
            elif kind == "yes_no" and isinstance(value, str) and value.lower() in ("yes", "no"):
                expected = value.lower() == "yes"
            else:
                continue
            if expected is not None:
                assert stored[question.id] == expected, (code, value)

    return check


def run_generated_answers(demo: Database, tmp_path: Path, slow: bool) -> None:
    survey = demo_survey(demo, tmp_path)

    @fuzz_settings("generated answers", demo, slow)
    @given(st.sampled_from(sorted(survey.forms)), answers(survey))
    def example(who: str, given_answers: dict[str, Any]) -> None:
        path = new_file(tmp_path, fill_form(survey.forms[who], given_answers))
        quoted = [str(v) for v in given_answers.values()] + [
            read_back(v, shared=False) for v in given_answers.values() if isinstance(v, str)
        ]
        check = check_answers_kept(survey, given_answers)
        trace = traced("generated answers", slow)
        review = collect(demo, survey.id, path, check, quoted, trace)
        if review.status != "refused":
            assert review.recipient_id == survey.recipients[who]
        CASES["generated answers"] += 1
        path.unlink()

    example()


def test_generated_answers(demo: Database, tmp_path: Path) -> None:
    run_generated_answers(demo, tmp_path, slow=False)


@pytest.mark.slow
def test_generated_answers_many(demo: Database, tmp_path: Path) -> None:
    run_generated_answers(demo, tmp_path, slow=True)


GOOD = GOOD_FOLLOW_UP_ANSWERS


def identities(survey: DemoSurvey, filled: bytes) -> st.SearchStrategy[tuple[str, bytes]]:
    """The filled form of the fresh recipient naming another token (someone
    else's, or garbage) and another survey id (absurd ones too)."""
    token = survey.tokens["fresh"]
    new_tokens = st.one_of(
        st.sampled_from([token, survey.tokens["responded"], "", "x" * 65, "../../etc"]),
        fuzz_files.cell_text(),
    )
    new_ids = st.one_of(
        st.sampled_from([survey.id, 0, -1, 2**31, 10**30, "", "x", "1.5", "٣", "1e3"]),
        st.integers(),
        st.floats(),
    )
    return st.builds(
        lambda t, i: (
            f"token {t[:40]!r}, survey id {i!r}",
            fuzz_files.reidentified(filled, token, survey.id, t, i),
        ),
        new_tokens,
        new_ids,
    )


def run_mutated_forms(demo: Database, tmp_path: Path, slow: bool) -> None:
    survey = demo_survey(demo, tmp_path)
    filled = fill_form(survey.forms["fresh"], GOOD)
    with rolled_back(demo) as s:  # the unmutated form is collected, as a control
        (review,) = review_returns(s, [new_file(tmp_path, filled)], survey.id)
        assert review.status == "new", review.describe()
        assert len(review.changes) == len(GOOD), review.describe()

    @fuzz_settings("mutated forms", demo, slow)
    @given(st.one_of(fuzz_files.mutations(filled), identities(survey, filled)))
    def example(mutated: tuple[str, bytes]) -> None:
        what, data = mutated
        note(what)
        path = new_file(tmp_path, data)
        collect(demo, survey.id, path, lambda _s, _r: None)
        CASES["mutated forms"] += 1
        path.unlink()

    example()


def test_mutated_forms(demo: Database, tmp_path: Path) -> None:
    run_mutated_forms(demo, tmp_path, slow=False)


@pytest.mark.slow
def test_mutated_forms_many(demo: Database, tmp_path: Path) -> None:
    run_mutated_forms(demo, tmp_path, slow=True)


def test_a_form_naming_an_impossible_survey_is_refused(demo: Database, tmp_path: Path) -> None:
    """A survey id past any database's integers and a token that is no token:
    refused in words (the database is never asked for them)."""
    survey = demo_survey(demo, tmp_path)
    form = fill_form(survey.forms["fresh"], GOOD)
    data = fuzz_files.reidentified(form, survey.tokens["fresh"], survey.id, "no token!", 10**30)
    review = collect(demo, survey.id, new_file(tmp_path, data), lambda _s, _r: None)
    assert review.status == "refused"
    # The printed reference still starts like one ("...-no"): it names no form here.
    assert review.reason == "its reference is not one of rtcdesk's survey forms in this database"


# -- the named hostile files, against both ----------------------------------------------------

#: Readable workbooks that are not survey forms: the collector says so (the
#: importer reads them, and accepts them or refuses their rows).
_READABLE = {
    "an empty workbook", "a workbook without sheets", "huge declared dimensions",
    "cells at the last row and column", "rows past Excel's last row", "formulas everywhere",
    "names with direction and combining marks", "names of 40,000 characters",
    "an organisation named by an accent alone",
}  # fmt: skip
#: The cases whose rows the importer reads (and looks up in the database).
_IMPORTED = _READABLE | {"control characters in names"}
_BUILT: dict[str, bytes] = {}


def hostile_cases(demo: Database, big: bool, read: set[str]) -> list[fuzz_files.Hostile]:
    """The named cases; on PostgreSQL only those ``read`` (a file refused
    before any query is refused the same way on SQLite)."""
    return [
        case
        for case in fuzz_files.HOSTILE
        if case.slow == big and (demo.is_sqlite or case.name in read)
    ]


def hostile_file(case: fuzz_files.Hostile, folder: Path) -> Path:
    """The case's file, built once per session (the big ones take seconds)."""
    data = _BUILT.get(case.name)
    if data is None:
        data = _BUILT[case.name] = case.build()
    path = folder / f"{case.name}{case.suffix}"
    path.write_bytes(data)
    return path


def check_hostile_lists(demo: Database, folder: Path, cases: list[fuzz_files.Hostile]) -> None:
    """Each case against the importer (one database for all: each is rolled back)."""
    meeting_id = meeting_21(demo)
    for case in cases:
        path = hostile_file(case, folder)
        outcome = import_file(demo, meeting_id, path, lambda _s, _r: None)
        CASES["named hostile files"] += 1
        if case.refusal is None:
            assert outcome.error is None, f"{case.name}: {outcome.error}"
            assert outcome.value.created >= 1, case.name
        else:
            assert outcome.error is not None, f"{case.name} was accepted"
            assert case.refusal in str(outcome.error), f"{case.name}: {str(outcome.error)[:500]}"
        path.unlink()


def check_hostile_forms(demo: Database, folder: Path, cases: list[fuzz_files.Hostile]) -> None:
    """Each case against the collector: all refused, the readable ones as not forms."""
    with demo.read() as s:
        (survey,) = list_surveys(s)
    for case in cases:
        path = hostile_file(case, folder)
        review = collect(demo, survey.id, path, lambda _s, _r: None)
        CASES["named hostile files"] += 1
        assert review.status == "refused", case.name
        expected = NOT_A_FORM if case.name in _READABLE else case.refusal
        if case.suffix == ".csv":
            expected = "neither an Excel workbook"
        assert expected in review.reason, f"{case.name}: {review.reason}"
        path.unlink()


def test_hostile_registration_lists(demo: Database, tmp_path: Path) -> None:
    check_hostile_lists(demo, tmp_path, hostile_cases(demo, False, _IMPORTED))


def test_hostile_survey_forms(demo: Database, tmp_path: Path) -> None:
    check_hostile_forms(demo, tmp_path, hostile_cases(demo, False, _READABLE))


@pytest.mark.slow
def test_big_registration_lists(demo: Database, tmp_path: Path) -> None:
    check_hostile_lists(demo, tmp_path, hostile_cases(demo, True, _IMPORTED))


@pytest.mark.slow
def test_big_survey_forms(demo: Database, tmp_path: Path) -> None:
    check_hostile_forms(demo, tmp_path, hostile_cases(demo, True, _READABLE))


def test_names_with_marks_keep_their_letters_and_lose_invisible_marks(
    demo: Database, tmp_path: Path
) -> None:
    """Combining marks are letters (composed, NFC); direction marks and
    overrides are invisible, and are removed (issue 13: an override stored in a
    name makes a printed list lie)."""
    path = hostile_file(
        next(c for c in fuzz_files.HOSTILE if c.name.startswith("names with")), tmp_path
    )
    meeting_id = meeting_21(demo)
    with demo.write() as s:
        import_registrations(s, meeting_id, read_layout(path), ImportOptions())
    with demo.read() as s:
        kept = {(p.family_name, p.given_name) for p in participants_of(s, meeting_id)}
    assert ("AHMED", "محمد") in kept
    assert ("Nguyễn", "Văn An") in kept
    assert ("שרה", "Levi") in kept


def test_formulas_everywhere_are_listed_by_cell(demo: Database, tmp_path: Path) -> None:
    path = hostile_file(
        next(c for c in fuzz_files.HOSTILE if c.name == "formulas everywhere"), tmp_path
    )
    with rolled_back(demo) as s, pytest.raises(ImportRefusedError) as refused:
        import_registrations(s, meeting_21(demo), read_layout(path), ImportOptions())
    formulas = [p for p in refused.value.result.problems if p.message == "a formula in a cell"]
    assert len(formulas) == 5 * 4
    assert {p.row for p in formulas} == {2, 3, 4, 5, 6}
    # The header cells are formulas too; each column is named by what its formula says.
    for header in fuzz_files.REGISTRATION_HEADER:
        assert sum(header in (p.column or "") for p in formulas) == 5
    others = {p.message for p in refused.value.result.problems} - {"a formula in a cell"}
    assert others == {"missing family name"}


def test_a_cell_holds_text_not_a_formula_result(tmp_path: Path) -> None:
    """A formula's cached result is never taken for what the cell says."""
    from rtcdesk.excel.reading import read_table

    path = new_file(tmp_path, xlsx([("S", [["Surname"], [Formula("A1", "Smith")]])]))
    rows = read_table(path).rows
    assert rows[1].values == ("=A1",)
    assert rows[1].formulas == {0}
