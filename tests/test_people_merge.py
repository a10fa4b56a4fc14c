"""Merging duplicate people keeps everything recorded about both."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from rtcdesk.db.engine import Database
from rtcdesk.db.models import (
    AgendaSpeaker,
    Participation,
    Person,
    SurveyAnswer,
    SurveyRecipient,
)
from rtcdesk.errors import ConflictError, StaleEditError
from rtcdesk.services import agenda, meetings, participants, people, surveys
from rtcdesk.services.people_merge import merge_people, merged_data
from rtcdesk.vocabulary import RecipientStatus


def person_named(s, family: str) -> Person:  # type: ignore[no-untyped-def]
    return s.scalars(select(Person).where(Person.family_name == family)).one()


def test_duplicate_typed_at_import_is_merged_with_its_participations(demo: Database) -> None:
    with demo.write() as s:
        tanaka = person_named(s, "Tanaka")
        duplicate = people.create_person(
            s,
            people.PersonData(
                family_name="TANAKA",
                given_name="Hiroshi",
                email="h-tanaka@customs.example",
                phone="+81 3 1234 5678",
            ),
        )
        m22 = meetings.find_meeting(s, "RTC Heads Meeting", 22)
        assert m22 is not None
        participants.add_participant(s, m22.id, participants.ParticipationData(duplicate.id))
        survivor_id, duplicate_id = tanaka.id, duplicate.id
        data = merged_data(tanaka, duplicate, {"phone"})

    with demo.write() as s:
        report = merge_people(
            s, survivor_id, duplicate_id, data, survivor_version=None, duplicate_version=None
        )
    assert report.participations_moved == 1

    with demo.read() as s:
        assert s.get(Person, duplicate_id) is None
        survivor = s.get(Person, survivor_id)
        assert survivor is not None
        assert survivor.phone == "+81 3 1234 5678"
        assert survivor.email == "hiroshi.tanaka@rtc-japan.example"
        history = [h.meeting_title for h in people.participation_history(s, survivor_id)]
    assert history == ["22nd RTC Heads Meeting", "21st RTC Heads Meeting"]


def test_same_meeting_and_survey_on_both_records_are_combined(demo: Database) -> None:
    with demo.write() as s:
        park = person_named(s, "Park")
        m21 = meetings.find_meeting(s, "RTC Heads Meeting", 21)
        assert m21 is not None
        twin = people.create_person(s, people.PersonData(family_name="Park", given_name="Jin-ho"))
        participants.add_participant(
            s, m21.id, participants.ParticipationData(twin.id, notes="registered twice")
        )
        opening = agenda.list_agenda(s, m21.id)[0]
        opening.speakers.append(AgendaSpeaker(person_id=twin.id, position=9))
        (survey_row,) = surveys.list_surveys(s)
        twin_recipient = surveys.add_recipient(s, survey_row.id, twin.id)
        questions = {q.code: q.id for q in surveys.list_questions(s, survey_row.id)}
        # Park answered; the twin's record holds one answer Park left empty.
        twin_recipient.answers.append(
            SurveyAnswer(question_id=questions["modernisation_which"], value="Risk engine")
        )
        twin_recipient.status = RecipientStatus.RESPONDED
        ids = (park.id, twin.id)
        data = merged_data(park, twin, set())
        answers_before = len(
            s.scalars(select(SurveyRecipient).where(SurveyRecipient.person_id == park.id))
            .one()
            .answers
        )

    with demo.write() as s:
        report = merge_people(s, *ids, data, survivor_version=None, duplicate_version=None)
    assert report.participations_combined == 1
    assert report.speaker_slots_moved == 1
    assert report.answers_carried == 1

    with demo.read() as s:
        (participation,) = s.scalars(
            select(Participation).where(
                Participation.person_id == ids[0], Participation.meeting_id == m21.id
            )
        ).all()
        assert "registered twice" in participation.notes
        recipient = s.scalars(
            select(SurveyRecipient).where(SurveyRecipient.person_id == ids[0])
        ).one()
        assert len(recipient.answers) == answers_before + 1
        assert recipient.status is RecipientStatus.RESPONDED
        assert s.scalar(select(func.count()).where(Person.id == ids[1])) == 0


def test_merging_a_person_with_themself_is_refused(demo: Database) -> None:
    with demo.write() as s:
        park = person_named(s, "Park")
        with pytest.raises(ConflictError):
            merge_people(
                s,
                park.id,
                park.id,
                people.person_data(park),
                survivor_version=None,
                duplicate_version=None,
            )


def test_stale_merge_is_refused(demo: Database) -> None:
    with demo.write() as s:
        a = people.create_person(s, people.PersonData(family_name="Lim"))
        b = people.create_person(s, people.PersonData(family_name="Lim"))
        ids, versions = (a.id, b.id), (a.version, b.version)
    with demo.write() as s:
        people.update_person(s, ids[1], people.PersonData(family_name="Lim", phone="1"), None)
    with demo.write() as s, pytest.raises(StaleEditError):
        merge_people(
            s,
            *ids,
            people.PersonData(family_name="Lim"),
            survivor_version=versions[0],
            duplicate_version=versions[1],
        )
    with demo.read() as s:
        assert s.get(Person, ids[1]) is not None
