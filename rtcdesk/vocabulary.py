"""The fixed vocabularies of the domain, shared by every layer. Values are
stored; labels are the English words shown to a coordinator (the GUI
translates them)."""

from __future__ import annotations

import enum


class LabelledEnum(enum.Enum):
    """An enum whose members carry the English label shown to people."""

    def __new__(cls, value: str, label: str) -> LabelledEnum:
        member = object.__new__(cls)
        member._value_ = value
        member.label = label
        return member

    label: str

    @classmethod
    def from_text(cls, text: str) -> LabelledEnum:
        """The member whose value or label is ``text`` (case and spaces ignored)."""
        wanted = " ".join(text.replace("_", " ").replace("-", " ").split()).casefold()
        for member in cls:
            for form in (member.value, member.label):
                if " ".join(form.replace("_", " ").replace("-", " ").split()).casefold() == wanted:
                    return member
        raise ValueError(text)


class OrganisationKind(LabelledEnum):
    WCO_SECRETARIAT = ("wco_secretariat", "WCO Secretariat")
    VICE_CHAIR_OFFICE = ("vice_chair_office", "Vice-Chair office")
    ROCB = ("rocb", "ROCB")
    RILO = ("rilo", "RILO")
    RTC = ("rtc", "RTC")
    MEMBER_ADMINISTRATION = ("member_administration", "Member administration")
    PARTNER = ("partner", "Partner")
    OTHER = ("other", "Other")


class NameOrder(LabelledEnum):
    FAMILY_FIRST = ("family_first", "Family name first")
    GIVEN_FIRST = ("given_first", "Given name first")


class Gender(LabelledEnum):
    FEMALE = ("female", "Female")
    MALE = ("male", "Male")
    OTHER = ("other", "Other")
    UNSPECIFIED = ("unspecified", "Not stated")


class MeetingKind(LabelledEnum):
    RTC_HEADS_MEETING = ("rtc_heads_meeting", "RTC Heads Meeting")
    REGIONAL_WORKSHOP = ("regional_workshop", "Regional workshop")
    TRAINING_COURSE = ("training_course", "Training course")
    CONFERENCE = ("conference", "Conference")
    WEBINAR = ("webinar", "Webinar")
    OTHER = ("other", "Other")


class MeetingMode(LabelledEnum):
    IN_PERSON = ("in_person", "In person")
    VIRTUAL = ("virtual", "Virtual")
    HYBRID = ("hybrid", "Hybrid")


class MeetingStatus(LabelledEnum):
    PLANNED = ("planned", "Planned")
    HELD = ("held", "Held")
    CANCELLED = ("cancelled", "Cancelled")


class AgendaItemKind(LabelledEnum):
    OPENING_REMARKS = ("opening_remarks", "Opening remarks")
    PRESENTATION = ("presentation", "Presentation")
    REPORT = ("report", "Report")
    PANEL = ("panel", "Panel")
    DISCUSSION = ("discussion", "Discussion")
    BREAKOUT = ("breakout", "Breakout session")
    SITE_VISIT = ("site_visit", "Site visit")
    BREAK = ("break", "Break")
    SOCIAL = ("social", "Social event")
    CLOSING = ("closing", "Wrap-up and closing")
    OTHER = ("other", "Other")


class AttendanceMode(LabelledEnum):
    IN_PERSON = ("in_person", "In person")
    VIRTUAL = ("virtual", "Virtual")


class ParticipantRole(LabelledEnum):
    HEAD_OF_DELEGATION = ("head_of_delegation", "Head of delegation")
    DELEGATE = ("delegate", "Delegate")
    SPEAKER = ("speaker", "Speaker")
    MODERATOR = ("moderator", "Moderator")
    OBSERVER = ("observer", "Observer")
    ORGANISER = ("organiser", "Organiser")
    SECRETARIAT = ("secretariat", "Secretariat")
    GUEST = ("guest", "Guest")


class ParticipationStatus(LabelledEnum):
    INVITED = ("invited", "Invited")
    REGISTERED = ("registered", "Registered")
    CONFIRMED = ("confirmed", "Confirmed")
    ATTENDED = ("attended", "Attended")
    NO_SHOW = ("no_show", "No-show")
    CANCELLED = ("cancelled", "Cancelled")


class OutcomeKind(LabelledEnum):
    CONCLUSION = ("conclusion", "Conclusion")
    DECISION = ("decision", "Decision")
    RECOMMENDATION = ("recommendation", "Recommendation")


class ActionStatus(LabelledEnum):
    OPEN = ("open", "Open")
    IN_PROGRESS = ("in_progress", "In progress")
    DONE = ("done", "Done")
    DROPPED = ("dropped", "Dropped")


class SurveyStatus(LabelledEnum):
    DRAFT = ("draft", "Draft")
    OPEN = ("open", "Open")
    CLOSED = ("closed", "Closed")


class QuestionKind(LabelledEnum):
    YES_NO = ("yes_no", "Yes / no")
    SINGLE_CHOICE = ("single_choice", "Single choice")
    MULTIPLE_CHOICE = ("multiple_choice", "Multiple choice")
    RATING = ("rating", "Rating scale")
    NUMBER = ("number", "Number")
    DATE = ("date", "Date")
    TEXT = ("text", "Text")


class RecipientStatus(LabelledEnum):
    NOT_INVITED = ("not_invited", "Not invited yet")
    #: An invitation written as a draft for the coordinator's mail program:
    #: not sent yet, as far as rtcdesk knows.
    DRAFTED = ("drafted", "Draft written")
    INVITED = ("invited", "Invited")
    RESPONDED = ("responded", "Responded")
    #: A return with required answers missing or unreadable: still to chase.
    INCOMPLETE = ("incomplete", "Returned, incomplete")
    DECLINED = ("declined", "Declined")
    UNDELIVERABLE = ("undeliverable", "Undeliverable")


#: Recipients who sent answers back, complete or not (the response rate counts them).
RETURNED = frozenset({RecipientStatus.RESPONDED, RecipientStatus.INCOMPLETE})
#: Recipients still to chase: not asked, asked, or whose return is incomplete.
TO_CHASE = frozenset(
    {
        RecipientStatus.NOT_INVITED,
        RecipientStatus.DRAFTED,
        RecipientStatus.INVITED,
        RecipientStatus.INCOMPLETE,
    }
)


class HistoryAction(LabelledEnum):
    CREATED = ("created", "Created")
    CHANGED = ("changed", "Changed")
    DELETED = ("deleted", "Deleted")
