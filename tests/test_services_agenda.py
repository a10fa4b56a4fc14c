"""The agenda of a meeting: days, times, speakers and running order."""

from __future__ import annotations

from datetime import date, time

import pytest
from factories import count_rows, make_meeting, make_person

from rtcdesk.db.engine import Database
from rtcdesk.db.models import AgendaItem, AgendaSpeaker
from rtcdesk.errors import ConflictError, FieldProblem, ValidationError
from rtcdesk.services.agenda import (
    AgendaItemData,
    SpeakerData,
    add_agenda_item,
    agenda_rows,
    check_agenda_item_fields,
    delete_agenda_item,
    list_agenda,
    reorder_agenda,
    save_agenda_item,
    update_agenda_item,
)
from rtcdesk.services.names import display_name
from rtcdesk.vocabulary import AgendaItemKind, AttendanceMode, NameOrder

DAY1, DAY2, DAY3 = date(2023, 11, 14), date(2023, 11, 15), date(2023, 11, 16)
IN_PERSON, VIRTUAL = AttendanceMode.IN_PERSON, AttendanceMode.VIRTUAL


@pytest.fixture
def meeting(database: Database) -> int:
    with database.write() as s:
        return make_meeting(s, start=DAY1, days=3).id


@pytest.fixture
def speakers(database: Database) -> dict[str, int]:
    with database.write() as s:
        return {
            "aoyama": make_person(
                s, "Aoyama", "Shigetoshi", title="Mr.", name_order=NameOrder.FAMILY_FIRST
            ).id,
            "outram": make_person(s, "Outram", "Michael", title="Mr.", post_nominals="APM").id,
            "kang": make_person(s, "Kang", "Taeil", title="Dr.").id,
        }


@pytest.mark.parametrize("day", [date(2023, 11, 13), date(2023, 11, 17), date(2024, 11, 14)])
def test_a_day_outside_the_meeting_is_refused(database: Database, meeting: int, day: date) -> None:
    with database.write() as s, pytest.raises(ValidationError) as refused:
        add_agenda_item(s, meeting, AgendaItemData("Site visit", day=day))
    assert refused.value.for_field("Day") == (
        f"{day:%d %b %Y} is outside the meeting (14 Nov 2023 to 16 Nov 2023)"
    )
    with database.read() as s:
        assert count_rows(s, AgendaItem) == 0


@pytest.mark.parametrize("day", [DAY1, DAY3])
def test_first_and_last_day_are_inside_the_meeting(
    database: Database, meeting: int, day: date
) -> None:
    with database.write() as s:
        add_agenda_item(s, meeting, AgendaItemData("Item", day=day))
    with database.read() as s:
        assert [i.day for i in list_agenda(s, meeting)] == [day]


def test_an_end_time_before_the_start_time_is_refused(database: Database, meeting: int) -> None:
    with database.write() as s, pytest.raises(ValidationError) as refused:
        add_agenda_item(
            s,
            meeting,
            AgendaItemData("Opening", day=DAY1, start_time=time(10, 0), end_time=time(9, 30)),
        )
    assert refused.value.for_field("End time") == "is before the start time"


def test_title_is_required(database: Database, meeting: int) -> None:
    with database.write() as s, pytest.raises(ValidationError) as refused:
        add_agenda_item(s, meeting, AgendaItemData("  "))
    assert refused.value.for_field("Title") == "is required"


def test_speakers_must_exist_and_be_named_once(
    database: Database, meeting: int, speakers: dict[str, int]
) -> None:
    twice = [SpeakerData(speakers["kang"]), SpeakerData(speakers["kang"], VIRTUAL)]
    with database.write() as s:
        with pytest.raises(ValidationError) as refused:
            add_agenda_item(s, meeting, AgendaItemData("Panel", speakers=twice))
        assert refused.value.for_field("Speakers") == "the same person is named twice"
        with pytest.raises(ValidationError) as refused:
            add_agenda_item(s, meeting, AgendaItemData("Panel", speakers=[SpeakerData(999)]))
        assert refused.value.for_field("Speakers") == "the chosen person is no longer on record"


def test_speakers_in_person_and_virtual_are_kept_in_order(
    database: Database, meeting: int, speakers: dict[str, int]
) -> None:
    with database.write() as s:
        add_agenda_item(
            s,
            meeting,
            AgendaItemData(
                "Opening remarks",
                kind=AgendaItemKind.OPENING_REMARKS,
                day=DAY1,
                start_time=time(9, 0),
                end_time=time(9, 30),
                speakers=[
                    SpeakerData(speakers["aoyama"], IN_PERSON),
                    SpeakerData(speakers["outram"], VIRTUAL),
                ],
            ),
        )
    with database.read() as s:
        [item] = list_agenda(s, meeting)
        assert (item.title, item.kind, item.start_time, item.end_time) == (
            "Opening remarks",
            AgendaItemKind.OPENING_REMARKS,
            time(9, 0),
            time(9, 30),
        )
        assert [(display_name(sp.person), sp.attendance_mode) for sp in item.speakers] == [
            ("Mr. AOYAMA Shigetoshi", IN_PERSON),
            ("Mr. Michael OUTRAM APM", VIRTUAL),
        ]
        [row] = agenda_rows(s, meeting)
        assert (row.id, row.version, row.title, row.day) == (item.id, 1, "Opening remarks", DAY1)
        assert [(sp.name, sp.attendance_mode) for sp in row.speakers] == [
            ("Mr. AOYAMA Shigetoshi", IN_PERSON),
            ("Mr. Michael OUTRAM APM", VIRTUAL),
        ]


def test_updating_speakers_replaces_them_without_leftovers(
    database: Database, meeting: int, speakers: dict[str, int]
) -> None:
    with database.write() as s:
        item = add_agenda_item(
            s,
            meeting,
            AgendaItemData(
                "Panel",
                speakers=[SpeakerData(speakers["aoyama"]), SpeakerData(speakers["outram"])],
            ),
        ).id
    with database.write() as s:
        update_agenda_item(
            s,
            item,
            AgendaItemData(
                "Panel discussion",
                kind=AgendaItemKind.PANEL,
                speakers=[
                    SpeakerData(speakers["kang"], VIRTUAL),
                    SpeakerData(speakers["outram"], VIRTUAL),
                ],
            ),
            expected_version=1,
        )
    with database.read() as s:
        [stored] = list_agenda(s, meeting)
        assert (stored.title, stored.kind) == ("Panel discussion", AgendaItemKind.PANEL)
        assert [(sp.person_id, sp.attendance_mode) for sp in stored.speakers] == [
            (speakers["kang"], VIRTUAL),
            (speakers["outram"], VIRTUAL),
        ]
        assert count_rows(s, AgendaSpeaker) == 2


def test_items_get_positions_and_are_listed_by_day_then_position(
    database: Database, meeting: int
) -> None:
    with database.write() as s:
        for title, day in [
            ("Site visit", DAY2),
            ("Opening", DAY1),
            ("Undated social event", None),
            ("Information sharing", DAY1),
        ]:
            add_agenda_item(s, meeting, AgendaItemData(title, day=day))
    with database.read() as s:
        assert [(i.title, i.position) for i in list_agenda(s, meeting)] == [
            ("Opening", 2),
            ("Information sharing", 4),
            ("Site visit", 1),
            ("Undated social event", 3),
        ]


def test_reorder_sets_the_running_order(database: Database, meeting: int) -> None:
    with database.write() as s:
        ids = [
            add_agenda_item(s, meeting, AgendaItemData(title, day=DAY1)).id
            for title in ("Opening", "RTC presentations", "Wrap-up")
        ]
    with database.write() as s:
        reorder_agenda(s, meeting, [ids[2], ids[0], ids[1]])
    with database.read() as s:
        assert [i.title for i in list_agenda(s, meeting)] == [
            "Wrap-up",
            "Opening",
            "RTC presentations",
        ]


def timed(title: str, start: time, end: time | None, day: date = DAY1) -> AgendaItemData:
    return AgendaItemData(title, day=day, start_time=start, end_time=end)


def running_order(database: Database, meeting: int) -> list[tuple[str, time | None, time | None]]:
    with database.read() as s:
        return [(i.title, i.start_time, i.end_time) for i in list_agenda(s, meeting)]


def test_moving_a_timed_item_down_trades_time_slots(database: Database, meeting: int) -> None:
    """Move down on 09:00 past 10:30 put 09:00 below 10:30, times unchanged.
    The two now trade slots: each keeps its length, the pair its span and gap."""
    with database.write() as s:
        opening = add_agenda_item(s, meeting, timed("Opening", time(9), time(9, 30))).id
        sharing = add_agenda_item(s, meeting, timed("Sharing", time(10, 30), time(11, 30))).id
        lunch = add_agenda_item(s, meeting, timed("Lunch", time(12), time(13))).id
    with database.write() as s:
        reorder_agenda(s, meeting, [sharing, opening, lunch])
    assert running_order(database, meeting) == [
        ("Sharing", time(9), time(10)),
        ("Opening", time(11), time(11, 30)),
        ("Lunch", time(12), time(13)),
    ]
    with database.write() as s:  # and back again: where it started
        reorder_agenda(s, meeting, [opening, sharing, lunch])
    assert running_order(database, meeting) == [
        ("Opening", time(9), time(9, 30)),
        ("Sharing", time(10, 30), time(11, 30)),
        ("Lunch", time(12), time(13)),
    ]


def test_moving_past_an_item_without_an_end_keeps_time_order(
    database: Database, meeting: int
) -> None:
    with database.write() as s:
        first = add_agenda_item(s, meeting, timed("Photo", time(9), None)).id
        second = add_agenda_item(s, meeting, timed("Remarks", time(9, 15), time(9, 45))).id
    with database.write() as s:
        reorder_agenda(s, meeting, [second, first])
    order = running_order(database, meeting)
    assert [title for title, *_ in order] == ["Remarks", "Photo"]
    starts = [start for _, start, _ in order]
    assert starts == sorted(starts), order
    assert order[0][1:] == (time(9), time(9, 30))


def test_moving_an_untimed_item_changes_no_time(database: Database, meeting: int) -> None:
    with database.write() as s:
        timed_id = add_agenda_item(s, meeting, timed("Opening", time(9), time(9, 30))).id
        free = add_agenda_item(s, meeting, AgendaItemData("Group photo", day=DAY1)).id
    with database.write() as s:
        reorder_agenda(s, meeting, [free, timed_id])
    assert running_order(database, meeting) == [
        ("Group photo", None, None),
        ("Opening", time(9), time(9, 30)),
    ]


def test_reorder_with_a_missing_or_foreign_item_changes_nothing(
    database: Database, meeting: int
) -> None:
    with database.write() as s:
        other = make_meeting(s, "Another meeting").id
        foreign = add_agenda_item(s, other, AgendaItemData("Elsewhere")).id
        ids = [add_agenda_item(s, meeting, AgendaItemData(t)).id for t in ("A", "B", "C")]
    for wrong in ([ids[1], ids[0]], [ids[2], ids[1], ids[0], foreign], [ids[0], ids[0], ids[1]]):
        with database.write() as s, pytest.raises(ConflictError, match="reload the meeting"):
            reorder_agenda(s, meeting, wrong)
    with database.read() as s:
        assert [i.title for i in list_agenda(s, meeting)] == ["A", "B", "C"]


def test_delete_removes_the_item_and_its_speakers(
    database: Database, meeting: int, speakers: dict[str, int]
) -> None:
    with database.write() as s:
        item = add_agenda_item(
            s, meeting, AgendaItemData("Keynote", speakers=[SpeakerData(speakers["kang"])])
        ).id
        add_agenda_item(s, meeting, AgendaItemData("Lunch", kind=AgendaItemKind.BREAK))
    with database.write() as s:
        delete_agenda_item(s, item, expected_version=1)
    with database.read() as s:
        assert [i.title for i in list_agenda(s, meeting)] == ["Lunch"]
        assert count_rows(s, AgendaSpeaker) == 0


def test_a_new_item_goes_into_its_time_slot_of_its_day(database: Database, meeting: int) -> None:
    """Only the later items of that day move down; other days keep their positions."""
    with database.write() as s:
        for title, day, start in [
            ("Site visit", DAY2, time(14, 0)),
            ("Opening", DAY1, time(9, 0)),
            ("RTC presentations", DAY1, time(14, 0)),
            ("Undated social event", None, None),
        ]:
            add_agenda_item(s, meeting, AgendaItemData(title, day=day, start_time=start))
        before = {i.title: (i.position, i.version) for i in list_agenda(s, meeting)}
        add_agenda_item(
            s, meeting, AgendaItemData("ROCB A/P report", day=DAY1, start_time=time(11))
        )
        add_agenda_item(s, meeting, AgendaItemData("Untimed note", day=DAY1))
    with database.read() as s:
        items = list_agenda(s, meeting)
    assert [i.title for i in items] == [
        "Opening",
        "ROCB A/P report",
        "RTC presentations",
        "Untimed note",
        "Site visit",
        "Undated social event",
    ]
    after = {i.title: (i.position, i.version) for i in items}
    moved = {t for t in before if after[t] != before[t]}
    assert moved == {"RTC presentations"}


def test_a_new_start_time_moves_an_item_to_its_new_slot(database: Database, meeting: int) -> None:
    with database.write() as s:
        ids = {
            title: add_agenda_item(s, meeting, AgendaItemData(title, day=DAY1, start_time=start)).id
            for title, start in [("Opening", time(9)), ("Report", time(10)), ("Panel", time(11))]
        }
    with database.write() as s:
        update_agenda_item(
            s, ids["Panel"], AgendaItemData("Panel", day=DAY1, start_time=time(9, 30)), 1
        )
        update_agenda_item(
            s, ids["Opening"], AgendaItemData("Opening remarks", day=DAY1, start_time=time(9)), 1
        )
    with database.read() as s:
        assert [i.title for i in list_agenda(s, meeting)] == ["Opening remarks", "Panel", "Report"]


def test_the_rules_of_an_item_without_the_database(database: Database, meeting: int) -> None:
    data = AgendaItemData(
        "", start_time=time(10), end_time=time(9), speakers=[SpeakerData(7), SpeakerData(7)]
    )
    assert check_agenda_item_fields(data) == [
        FieldProblem("Title", "is required"),
        FieldProblem("End time", "is before the start time"),
        FieldProblem("Speakers", "the same person is named twice"),
    ]
    with database.write() as s, pytest.raises(ValidationError) as refused:
        add_agenda_item(s, meeting, data)
    assert refused.value.problems[:3] == check_agenda_item_fields(data)


def test_save_adds_then_updates_an_item_and_gives_it_back_as_a_row(
    database: Database, meeting: int, speakers: dict[str, int]
) -> None:
    data = AgendaItemData("Opening", day=DAY1, speakers=[SpeakerData(speakers["outram"], VIRTUAL)])
    with database.write() as s:
        added = save_agenda_item(s, meeting, None, data, None)
    assert (added.title, added.version) == ("Opening", 1)
    assert [(sp.name, sp.attendance_mode) for sp in added.speakers] == [
        ("Mr. Michael OUTRAM APM", VIRTUAL)
    ]
    data.title = "Opening remarks"
    with database.write() as s:
        saved = save_agenda_item(s, meeting, added.id, data, added.version)
    assert (saved.id, saved.title, saved.version) == (added.id, "Opening remarks", 2)
