"""The demo data set: the RTC Heads Meetings series, with the 21st meeting
(14-16 November 2023, RTC Japan, Kashiwa) as its public news item tells it,
and a follow-up action survey of that meeting.

Named people and facts come from the public record. Where the record is silent
(most delegates, e-mail addresses, outcomes, action items, survey answers)
the people and details are invented and say so in their notes. Loading twice
adds nothing: meetings are found by series and ordinal, people by e-mail or
by name and organisation, the survey by title and meeting.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, date, datetime, time

from sqlalchemy import select
from sqlalchemy.orm import Session

from rtcdesk.db.models import Organisation, Participation, Person, Survey
from rtcdesk.services import agenda, meetings, outcomes, participants, people, surveys
from rtcdesk.services.reference import load_reference_data
from rtcdesk.services.survey_templates import FOLLOW_UP_INTRODUCTION, follow_up_questions
from rtcdesk.vocabulary import (
    ActionStatus,
    AgendaItemKind,
    AttendanceMode,
    Gender,
    MeetingKind,
    MeetingMode,
    MeetingStatus,
    NameOrder,
    OutcomeKind,
    ParticipantRole,
    ParticipationStatus,
    RecipientStatus,
    SurveyStatus,
)

SERIES = "RTC Heads Meeting"
INVENTED = "Demo data: an invented person; the public record does not name them."
PUBLIC = "Demo data: named in the public news item about the 21st RTC Heads Meeting."

ROCB = "Regional Office for Capacity Building Asia/Pacific"
WCO = "WCO Secretariat"
APVC = "Asia/Pacific Vice-Chair's Office"
RILO = "Regional Intelligence Liaison Office for Asia and the Pacific"
JAPAN_CUSTOMS = "Japan Customs"


@dataclass
class DemoResult:
    meetings_added: int = 0
    people_added: int = 0
    surveys_added: int = 0

    def __str__(self) -> str:
        if not (self.meetings_added or self.people_added or self.surveys_added):
            return "The demo data was already loaded; nothing was added."
        return (
            f"Demo data loaded: {self.meetings_added} meetings, {self.people_added} people, "
            f"{self.surveys_added} survey."
        )


# (key, title, given, family, order, post-nominals, position, organisation, e-mail, gender, note)
_PEOPLE = [
    ("kuramoto", "Mr.", "Norikazu", "Kuramoto", NameOrder.GIVEN_FIRST, "", "Head of ROCB A/P",
     ROCB, "", Gender.MALE, PUBLIC),
    ("aoyama", "Mr.", "Shigetoshi", "Aoyama", NameOrder.FAMILY_FIRST, "",
     "Managing Director", JAPAN_CUSTOMS, "", Gender.MALE, PUBLIC),
    ("kang", "Dr.", "Taeil", "Kang", NameOrder.GIVEN_FIRST, "", "Director of Capacity Building",
     WCO, "", Gender.MALE, PUBLIC),
    ("outram", "Mr.", "Michael", "Outram", NameOrder.GIVEN_FIRST, "APM",
     "Commissioner, Australian Border Force, and Comptroller-General of Customs",
     "Australian Border Force", "", Gender.MALE, PUBLIC),
    ("martin", "Ms.", "Élodie", "Martin", NameOrder.GIVEN_FIRST, "",
     "Regional Development Manager", WCO, "elodie.martin@wco.example", Gender.FEMALE, INVENTED),
    ("jones", "Ms.", "Sarah", "Jones", NameOrder.GIVEN_FIRST, "", "Vice-Chair Office Liaison",
     APVC, "sarah.jones@apvc.example", Gender.FEMALE, INVENTED),
    ("srisawat", "Ms.", "Ploy", "Srisawat", NameOrder.GIVEN_FIRST, "", "Program Manager",
     ROCB, "ploy.srisawat@rocb.example", Gender.FEMALE, INVENTED),
    ("lee", "Mr.", "Daniel", "Lee", NameOrder.GIVEN_FIRST, "", "Program Manager", ROCB,
     "daniel.lee@rocb.example", Gender.MALE, INVENTED),
    ("phromma", "Ms.", "Kanya", "Phromma", NameOrder.GIVEN_FIRST, "", "Program Manager", ROCB,
     "kanya.phromma@rocb.example", Gender.FEMALE, INVENTED),
    ("kim", "Mr.", "Sungsoo", "Kim", NameOrder.FAMILY_FIRST, "", "Head of RILO A/P", RILO,
     "sungsoo.kim@rilo.example", Gender.MALE, INVENTED),
    ("suzuki", "Mr.", "Kenta", "Suzuki", NameOrder.FAMILY_FIRST, "", "Deputy Director",
     JAPAN_CUSTOMS, "kenta.suzuki@customs-japan.example", Gender.MALE, INVENTED),
    ("zhang", "Mr.", "Wei", "Zhang", NameOrder.FAMILY_FIRST, "", "Head of RTC China",
     "RTC China", "wei.zhang@rtc-china.example", Gender.MALE, INVENTED),
    ("liu", "Ms.", "Fang", "Liu", NameOrder.FAMILY_FIRST, "", "Training Officer", "RTC China",
     "fang.liu@rtc-china.example", Gender.FEMALE, INVENTED),
    ("chan", "Ms.", "Ka-yan", "Chan", NameOrder.FAMILY_FIRST, "",
     "Head of RTC Hong Kong China", "RTC Hong Kong China", "kayan.chan@rtc-hk.example",
     Gender.FEMALE, INVENTED),
    ("chen", "Mr.", "家明", "陳", NameOrder.FAMILY_FIRST, "", "Senior Inspector",
     "RTC Hong Kong China", "kaming.chen@rtc-hk.example", Gender.MALE, INVENTED),
    ("sharma", "Mr.", "Rajesh", "Sharma", NameOrder.GIVEN_FIRST, "", "Director General, NACIN",
     "RTC India", "rajesh.sharma@nacin.example", Gender.MALE, INVENTED),
    ("santoso", "Mr.", "Budi", "Santoso", NameOrder.GIVEN_FIRST, "", "Head of RTC Indonesia",
     "RTC Indonesia", "budi.santoso@rtc-indonesia.example", Gender.MALE, INVENTED),
    ("tanaka", "Mr.", "Hiroshi", "Tanaka", NameOrder.FAMILY_FIRST, "", "Head of RTC Japan",
     "RTC Japan", "hiroshi.tanaka@rtc-japan.example", Gender.MALE, INVENTED),
    ("sato", "Ms.", "Yuki", "Sato", NameOrder.FAMILY_FIRST, "", "Instructor", "RTC Japan",
     "yuki.sato@rtc-japan.example", Gender.FEMALE, INVENTED),
    ("park", "Mr.", "Jinho", "Park", NameOrder.FAMILY_FIRST, "", "Head of RTC Korea",
     "RTC Korea", "jinho.park@rtc-korea.example", Gender.MALE, INVENTED),
    ("ismail", "Ms.", "Siti Aminah", "Ismail", NameOrder.GIVEN_FIRST, "",
     "Head of RTC Malaysia", "RTC Malaysia", "siti.ismail@rtc-malaysia.example",
     Gender.FEMALE, INVENTED),
    ("wongsawat", "Mr.", "Somchai", "Wongsawat", NameOrder.GIVEN_FIRST, "",
     "Head of RTC Thailand", "RTC Thailand", "somchai.w@rtc-thailand.example", Gender.MALE,
     INVENTED),
]  # fmt: skip

# Delegations of the 21st meeting: organisation -> [(person key, role, attendance)]
_DELEGATIONS_21 = [
    (WCO, [("kang", ParticipantRole.HEAD_OF_DELEGATION, AttendanceMode.IN_PERSON),
           ("martin", ParticipantRole.SPEAKER, AttendanceMode.IN_PERSON)]),
    (APVC, [("outram", ParticipantRole.SPEAKER, AttendanceMode.VIRTUAL),
            ("jones", ParticipantRole.HEAD_OF_DELEGATION, AttendanceMode.IN_PERSON)]),
    (ROCB, [("kuramoto", ParticipantRole.HEAD_OF_DELEGATION, AttendanceMode.IN_PERSON),
            ("srisawat", ParticipantRole.ORGANISER, AttendanceMode.IN_PERSON),
            ("lee", ParticipantRole.ORGANISER, AttendanceMode.IN_PERSON),
            ("phromma", ParticipantRole.SECRETARIAT, AttendanceMode.IN_PERSON)]),
    (RILO, [("kim", ParticipantRole.HEAD_OF_DELEGATION, AttendanceMode.IN_PERSON)]),
    ("RTC China", [("zhang", ParticipantRole.HEAD_OF_DELEGATION, AttendanceMode.IN_PERSON),
                   ("liu", ParticipantRole.DELEGATE, AttendanceMode.IN_PERSON)]),
    ("RTC Hong Kong China", [
        ("chan", ParticipantRole.HEAD_OF_DELEGATION, AttendanceMode.IN_PERSON),
        ("chen", ParticipantRole.DELEGATE, AttendanceMode.IN_PERSON)]),
    ("RTC India", [("sharma", ParticipantRole.HEAD_OF_DELEGATION, AttendanceMode.IN_PERSON)]),
    ("RTC Indonesia", [
        ("santoso", ParticipantRole.HEAD_OF_DELEGATION, AttendanceMode.IN_PERSON)]),
    ("RTC Japan", [("tanaka", ParticipantRole.HEAD_OF_DELEGATION, AttendanceMode.IN_PERSON),
                   ("sato", ParticipantRole.DELEGATE, AttendanceMode.IN_PERSON)]),
    ("RTC Korea", [("park", ParticipantRole.HEAD_OF_DELEGATION, AttendanceMode.IN_PERSON)]),
    ("RTC Malaysia", [("ismail", ParticipantRole.HEAD_OF_DELEGATION, AttendanceMode.IN_PERSON)]),
    ("RTC Thailand", [
        ("wongsawat", ParticipantRole.HEAD_OF_DELEGATION, AttendanceMode.IN_PERSON)]),
    (JAPAN_CUSTOMS, [("aoyama", ParticipantRole.HEAD_OF_DELEGATION, AttendanceMode.IN_PERSON),
                     ("suzuki", ParticipantRole.ORGANISER, AttendanceMode.IN_PERSON)]),
]  # fmt: skip

_RTC_HEADS = ["zhang", "chan", "sharma", "santoso", "tanaka", "park", "ismail", "wongsawat"]

_THEME_21 = (
    "Nurturing the next generation by promoting a culture of knowledge-sharing and "
    "professional pride in Customs"
)

_SUMMARY_21 = (
    "Co-organised by ROCB A/P and Japan Customs. RTC leaders discussed strengthening Customs "
    "capacities and modernisation in the region; ROCB A/P reported on capacity building "
    "activities, publications, follow-up action surveys, training management and the WCO "
    "CLiKC! experience; RILO A/P and each RTC shared recent initiatives on Customs "
    "professionalism and training strategies, with an emphasis on induction training for "
    "younger generations. The Heads exchanged views on training after the pandemic "
    "(e-Learning, video conferencing, blended learning) and on using new technologies in "
    "in-person capacity building. Site visits: the Customs Learning Centre in Kashiwa and "
    "Yokohama Customs (AI-powered risk profiling in the mail centre)."
)


@dataclass(frozen=True)
class _SeriesMeeting:
    ordinal: int
    start: date
    end: date
    host: str
    city: str
    country: str
    mode: MeetingMode
    venue: str
    notes: str
    delegations: tuple[tuple[str, str], ...] = ()


_OTHER_MEETINGS = [
    _SeriesMeeting(13, date(2015, 11, 3), date(2015, 11, 4), "RTC Malaysia", "Malacca",
                   "Malaysia", MeetingMode.IN_PERSON, "Malaysian Customs Academy",
                   "Seven RTCs took part."),
    _SeriesMeeting(17, date(2019, 9, 25), date(2019, 9, 26), "RTC Korea", "Cheonan", "Korea",
                   MeetingMode.IN_PERSON, "Korea Customs Border Control Training Institute",
                   "Indonesia took part as an observer.",
                   (("RTC Indonesia", "Observer"),)),
    _SeriesMeeting(18, date(2020, 10, 15), date(2020, 10, 15), ROCB, "", "",
                   MeetingMode.VIRTUAL, "Online", "Held online."),
    _SeriesMeeting(19, date(2021, 10, 27), date(2021, 10, 28), ROCB, "", "",
                   MeetingMode.VIRTUAL, "Online",
                   "Held online; Iran, Thailand and RILO A/P took part as observers. "
                   "More than 50 participants.",
                   (("RTC Iran", "Observer"), ("RTC Thailand", "Observer"), (RILO, "Observer"))),
    _SeriesMeeting(20, date(2022, 11, 2), date(2022, 11, 3), ROCB, "Bangkok", "Thailand",
                   MeetingMode.HYBRID, "ROCB A/P", "Hybrid; ten RTCs. More than 50 participants.",
                   tuple((f"RTC {n}", "") for n in (
                       "China", "Fiji", "Hong Kong China", "India", "Indonesia", "Iran",
                       "Japan", "Korea", "Malaysia", "Thailand"))),
    _SeriesMeeting(22, date(2024, 9, 24), date(2024, 9, 26), "RTC India", "Palasamudram",
                   "India", MeetingMode.HYBRID, "NACIN Palasamudram",
                   "Hybrid; co-chaired by RTC India."),
]  # fmt: skip


class _Loader:
    def __init__(self, session: Session):
        self.session = session
        self.result = DemoResult()
        self.orgs = {o.name: o for o in session.scalars(select(Organisation))}
        self.people: dict[str, Person] = {}

    def org(self, name: str) -> Organisation:
        return self.orgs[name]

    def load(self) -> DemoResult:
        load_reference_data(self.session)
        self.orgs = {o.name: o for o in self.session.scalars(select(Organisation))}
        self.load_people()
        for spec in _OTHER_MEETINGS:
            self.load_series_meeting(spec)
        meeting_21 = self.load_meeting_21()
        self.load_survey(meeting_21)
        return self.result

    def load_people(self) -> None:
        for key, title, given, family, order, post, position, org, email, gender, note in _PEOPLE:
            organisation = self.org(org)
            found = people.find_person_by_email(self.session, email) if email else None
            if found is None:
                found = self.session.scalars(
                    select(Person).where(
                        Person.family_name == family,
                        Person.given_name == given,
                        Person.organisation_id == organisation.id,
                    )
                ).first()
            if found is None:
                found = people.create_person(
                    self.session,
                    people.PersonData(
                        family_name=family,
                        given_name=given,
                        title=title,
                        name_order=order,
                        post_nominals=post,
                        position=position,
                        organisation_id=organisation.id,
                        email=email,
                        gender=gender,
                        notes=note,
                    ),
                )
                self.result.people_added += 1
            self.people[key] = found

    def load_series_meeting(self, spec: _SeriesMeeting) -> None:
        if meetings.find_meeting(self.session, SERIES, spec.ordinal) is not None:
            return
        meeting = meetings.create_meeting(
            self.session,
            meetings.MeetingData(
                title=SERIES,
                kind=MeetingKind.RTC_HEADS_MEETING,
                series=SERIES,
                ordinal=spec.ordinal,
                start_date=spec.start,
                end_date=spec.end,
                host_organisation_id=self.org(spec.host).id,
                venue=spec.venue,
                city=spec.city,
                country=spec.country,
                mode=spec.mode,
                status=MeetingStatus.HELD,
                notes=f"{spec.notes} Demo data: dates and places from the public record.",
            ),
        )
        for org_name, note in spec.delegations:
            participants.add_delegation(self.session, meeting.id, self.org(org_name).id, note)
        self.result.meetings_added += 1

    def load_meeting_21(self) -> int:
        existing = meetings.find_meeting(self.session, SERIES, 21)
        if existing is not None:
            return existing.id
        meeting = meetings.create_meeting(
            self.session,
            meetings.MeetingData(
                title=SERIES,
                kind=MeetingKind.RTC_HEADS_MEETING,
                series=SERIES,
                ordinal=21,
                start_date=date(2023, 11, 14),
                end_date=date(2023, 11, 16),
                host_organisation_id=self.org("RTC Japan").id,
                co_organiser_ids=[self.org(ROCB).id, self.org(JAPAN_CUSTOMS).id],
                venue="RTC Japan (Customs Training Institute)",
                city="Kashiwa",
                country="Japan",
                mode=MeetingMode.IN_PERSON,
                theme=_THEME_21,
                summary=_SUMMARY_21,
                status=MeetingStatus.HELD,
                notes="Demo data reproducing the public news item; outcomes, action items "
                "and most delegates are invented.",
            ),
        )
        self.result.meetings_added += 1
        self.add_delegations(meeting.id)
        self.add_agenda(meeting.id)
        self.add_outcomes(meeting.id)
        return meeting.id

    def add_delegations(self, meeting_id: int) -> None:
        for org_name, members in _DELEGATIONS_21:
            delegation = participants.add_delegation(
                self.session, meeting_id, self.org(org_name).id
            )
            for key, role, mode in members:
                participants.add_participant(
                    self.session,
                    meeting_id,
                    participants.ParticipationData(
                        person_id=self.people[key].id,
                        delegation_id=delegation.id,
                        role=role,
                        attendance_mode=mode,
                        status=ParticipationStatus.ATTENDED,
                    ),
                )
                if role is ParticipantRole.HEAD_OF_DELEGATION:
                    participants.set_delegation_head(
                        self.session, delegation.id, self.people[key].id, None
                    )

    def add_agenda(self, meeting_id: int) -> None:
        day1, day2, day3 = date(2023, 11, 14), date(2023, 11, 15), date(2023, 11, 16)
        kind = AgendaItemKind
        virtual, present = AttendanceMode.VIRTUAL, AttendanceMode.IN_PERSON
        items = [
            (day1, time(9, 30), time(10, 15), "Welcoming and opening remarks", kind.OPENING_REMARKS,
             [("kuramoto", present), ("aoyama", present), ("kang", present),
              ("outram", virtual)]),
            (day1, time(10, 30), time(11, 15),
             "Report on capacity building activities in the A/P region",
             kind.REPORT, [("kuramoto", present)]),
            (day1, time(11, 15), time(12, 30),
             "ROCB A/P updates: publications, follow-up action surveys, training management "
             "and the WCO CLiKC! experience",
             kind.PRESENTATION, [("srisawat", present), ("lee", present), ("phromma", present)]),
            (day1, time(13, 30), time(14, 0), "Activities of RILO A/P", kind.PRESENTATION,
             [("kim", present)]),
            (day1, time(14, 0), time(14, 45),
             "WCO policies and initiatives: assessing the impacts of capacity building",
             kind.PRESENTATION, [("martin", present)]),
            (day1, time(15, 0), time(17, 30),
             "Presentations from the RTCs: recent initiatives, induction training for younger "
             "generations", kind.PRESENTATION,
             [(k, present) for k in _RTC_HEADS]),
            (day2, time(9, 30), time(12, 0),
             "Discussion: the evolution of Customs training after the pandemic (e-Learning, "
             "video conferencing, blended learning) and new technologies for in-person "
             "training", kind.DISCUSSION, []),
            (day2, time(14, 0), time(16, 30), "Site visit: Customs Learning Centre, Kashiwa",
             kind.SITE_VISIT, [("tanaka", present)]),
            (day3, time(9, 0), time(13, 0),
             "Site visit: Yokohama Customs (AI-powered risk profiling in the mail centre, "
             "headquarters facilities)", kind.SITE_VISIT, [("suzuki", present)]),
            (day3, time(14, 30), time(15, 30), "Wrap-up and way forward", kind.CLOSING,
             [("kuramoto", present)]),
        ]  # fmt: skip
        for day, start, end, title, item_kind, speakers in items:
            agenda.add_agenda_item(
                self.session,
                meeting_id,
                agenda.AgendaItemData(
                    title=title,
                    kind=item_kind,
                    day=day,
                    start_time=start,
                    end_time=end,
                    speakers=[agenda.SpeakerData(self.people[k].id, m) for k, m in speakers],
                ),
            )

    def add_outcomes(self, meeting_id: int) -> None:
        texts = [
            (OutcomeKind.CONCLUSION,
             "Cooperation among RTCs is key to strengthening Customs capacities in the region."),
            (OutcomeKind.RECOMMENDATION,
             "RTCs combine e-Learning, video conferencing and in-person training in blended "
             "programmes, and share their induction curricula for younger officers."),
            (OutcomeKind.DECISION,
             "The 22nd RTC Heads Meeting will be hosted by RTC India in 2024."),
        ]  # fmt: skip
        created = [outcomes.add_outcome(self.session, meeting_id, k, t) for k, t in texts]
        actions = [
            ("Circulate a compilation of the RTCs' induction training curricula.", ROCB,
             "srisawat", date(2024, 3, 31), ActionStatus.DONE, date(2024, 3, 20), created[1]),
            ("Submit good practices on knowledge-sharing for the next ROCB A/P publication.",
             "RTC Korea", "park", date(2024, 6, 30), ActionStatus.IN_PROGRESS, None, created[1]),
            ("Run the follow-up action survey of this meeting and report the results.", ROCB,
             "lee", date(2024, 4, 30), ActionStatus.OPEN, None, None),
            ("Prepare the 22nd RTC Heads Meeting.", "RTC India", "sharma", date(2024, 9, 1),
             ActionStatus.DONE, date(2024, 9, 24), created[2]),
        ]  # fmt: skip
        for description, org, person, due, status, completed, outcome in actions:
            outcomes.add_action_item(
                self.session,
                meeting_id,
                outcomes.ActionItemData(
                    description=description,
                    owner_organisation_id=self.org(org).id,
                    owner_person_id=self.people[person].id,
                    due_date=due,
                    status=status,
                    completed_on=completed,
                    outcome_id=outcome.id if outcome else None,
                ),
            )

    def load_survey(self, meeting_id: int) -> None:
        title = "Follow-up actions after the 21st RTC Heads Meeting"
        exists = self.session.scalar(
            select(Survey.id).where(Survey.title == title, Survey.meeting_id == meeting_id)
        )
        if exists is not None:
            return
        survey = surveys.create_survey(
            self.session,
            surveys.SurveyData(
                title=title,
                meeting_id=meeting_id,
                introduction=FOLLOW_UP_INTRODUCTION,
                opens_on=date(2024, 3, 1),
                closes_on=date(2024, 3, 31),
                status=SurveyStatus.CLOSED,
            ),
        )
        questions = {
            q.code: q.id
            for q in (
                surveys.add_question(self.session, survey.id, data)
                for data in follow_up_questions()
            )
        }
        head_ids = [self.people[k].id for k in _RTC_HEADS]
        participation_of: dict[int, int] = dict(
            self.session.execute(
                select(Participation.person_id, Participation.id).where(
                    Participation.meeting_id == meeting_id,
                    Participation.person_id.in_(head_ids),
                )
            ).all()
        )
        recipients = {
            person_id: surveys.add_recipient(
                self.session, survey.id, person_id, participation_of[person_id]
            )
            for person_id in head_ids
        }
        invited = datetime(2024, 3, 1, 9, 0, tzinfo=UTC)
        for recipient in recipients.values():
            recipient.status = RecipientStatus.INVITED
            recipient.invited_at = invited
        answers = {
            "zhang": (True, 25, 3, 160, 4, "Induction curriculum revised.", 4, True,
                      "e-Learning platform for new recruits", "Trainer development"),
            "chan": (True, 40, 2, 85, 5, "Blended induction course launched.", 4, False, "",
                     "AI in risk management"),
            "sharma": (True, 60, 5, 420, 4, "", 3, True, "Virtual classroom upgrade", ""),
            "tanaka": (True, 12, 1, 30, 3, "Mentoring scheme for young officers.", 3, False,
                       "", "Impact evaluation methods"),
            "park": (False, None, 0, None, 2, "", 2, False, "", "Knowledge management"),
            "ismail": (True, 18, 2, 64, 4, "", 4, True, "Digital training records", ""),
        }  # fmt: skip
        codes = [q.code for q in follow_up_questions()]
        for key, values in answers.items():
            recipient = recipients[self.people[key].id]
            surveys.record_response(
                self.session,
                recipient.id,
                {questions[code]: value for code, value in zip(codes, values, strict=True)},
                responded_at=datetime(2024, 3, 15, 10, 0, tzinfo=UTC),
            )
        declined = recipients[self.people["santoso"].id]
        declined.status = RecipientStatus.DECLINED
        declined.status_note = "Demo data: moved to another post."
        reminded = recipients[self.people["wongsawat"].id]
        reminded.reminder_count = 2
        reminded.last_reminded_at = datetime(2024, 3, 25, 9, 0, tzinfo=UTC)
        self.session.flush()
        self.result.surveys_added += 1


def load_demo(session: Session) -> DemoResult:
    """Load the demo data set into ``session`` (idempotent; see the module docstring)."""
    return _Loader(session).load()
