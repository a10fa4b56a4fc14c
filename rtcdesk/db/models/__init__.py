"""The ORM models of rtcdesk. Import from here: ``from rtcdesk.db.models import Meeting``."""

from rtcdesk.db.base import Base
from rtcdesk.db.models.history import HistoryEntry
from rtcdesk.db.models.meetings import (
    ActionItem,
    AgendaItem,
    AgendaSpeaker,
    Delegation,
    Meeting,
    Outcome,
    Participation,
    meeting_co_organisers,
)
from rtcdesk.db.models.people import Organisation, Person
from rtcdesk.db.models.surveys import Survey, SurveyAnswer, SurveyQuestion, SurveyRecipient

__all__ = [
    "ActionItem",
    "AgendaItem",
    "AgendaSpeaker",
    "Base",
    "Delegation",
    "HistoryEntry",
    "Meeting",
    "Organisation",
    "Outcome",
    "Participation",
    "Person",
    "Survey",
    "SurveyAnswer",
    "SurveyQuestion",
    "SurveyRecipient",
    "meeting_co_organisers",
]
