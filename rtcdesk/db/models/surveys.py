"""Follow-up action surveys: questions, recipients (each with a token) and answers.

A survey cannot lose its meeting by accident (RESTRICT); a survey's questions,
recipients and answers go with it. Answers go with their recipient or question.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    CheckConstraint,
    Date,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
    false,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from rtcdesk.db.base import Base, Editable, UTCDateTime, enum_column_type
from rtcdesk.db.models.meetings import Meeting, Participation
from rtcdesk.db.models.people import Person
from rtcdesk.vocabulary import QuestionKind, RecipientStatus, SurveyStatus


class Survey(Editable, Base):
    __tablename__ = "surveys"

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int | None] = mapped_column(
        ForeignKey("meetings.id", ondelete="RESTRICT"), index=True
    )
    title: Mapped[str] = mapped_column(String(300))
    introduction: Mapped[str] = mapped_column(Text, default="")
    opens_on: Mapped[date | None] = mapped_column(Date)
    closes_on: Mapped[date | None] = mapped_column(Date)
    status: Mapped[SurveyStatus] = mapped_column(
        enum_column_type(SurveyStatus), default=SurveyStatus.DRAFT
    )

    meeting: Mapped[Meeting | None] = relationship(back_populates="surveys")
    questions: Mapped[list[SurveyQuestion]] = relationship(
        back_populates="survey",
        cascade="all, delete-orphan",
        passive_deletes=True,
        order_by="SurveyQuestion.position",
    )
    recipients: Mapped[list[SurveyRecipient]] = relationship(
        back_populates="survey", cascade="all, delete-orphan", passive_deletes=True
    )

    __table_args__ = (
        CheckConstraint(
            "opens_on IS NULL OR closes_on IS NULL OR closes_on >= opens_on",
            name="closes_not_before_opens",
        ),
    )


class SurveyQuestion(Editable, Base):
    """One question. ``choices`` holds the options of choice questions;
    rating questions use the scale columns; ``section`` groups questions
    under a heading (several rating statements sharing one scale form a grid)."""

    __tablename__ = "survey_questions"

    id: Mapped[int] = mapped_column(primary_key=True)
    survey_id: Mapped[int] = mapped_column(ForeignKey("surveys.id", ondelete="CASCADE"))
    position: Mapped[int] = mapped_column(Integer, default=0)
    code: Mapped[str] = mapped_column(String(40))
    kind: Mapped[QuestionKind] = mapped_column(enum_column_type(QuestionKind))
    text: Mapped[str] = mapped_column(Text)
    help_text: Mapped[str] = mapped_column(Text, default="")
    section: Mapped[str] = mapped_column(String(200), default="")
    required: Mapped[bool] = mapped_column(Boolean, default=False)
    choices: Mapped[list[str]] = mapped_column(JSON, default=list)
    scale_min: Mapped[int | None] = mapped_column(Integer)
    scale_max: Mapped[int | None] = mapped_column(Integer)
    scale_min_label: Mapped[str] = mapped_column(String(100), default="")
    scale_max_label: Mapped[str] = mapped_column(String(100), default="")
    #: A number question's answers may have decimals (else whole numbers only).
    decimals: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())

    survey: Mapped[Survey] = relationship(back_populates="questions")

    __table_args__ = (
        UniqueConstraint("survey_id", "code"),
        CheckConstraint(
            "scale_min IS NULL OR scale_max IS NULL OR scale_max > scale_min",
            name="scale_ordered",
        ),
    )


class SurveyRecipient(Editable, Base):
    """A person asked to answer a survey, with the token printed in their form."""

    __tablename__ = "survey_recipients"

    id: Mapped[int] = mapped_column(primary_key=True)
    survey_id: Mapped[int] = mapped_column(ForeignKey("surveys.id", ondelete="CASCADE"))
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), index=True)
    participation_id: Mapped[int | None] = mapped_column(
        ForeignKey("participations.id", ondelete="SET NULL"), index=True
    )
    token: Mapped[str] = mapped_column(String(64), unique=True)
    status: Mapped[RecipientStatus] = mapped_column(
        enum_column_type(RecipientStatus), default=RecipientStatus.NOT_INVITED
    )
    invited_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    reminder_count: Mapped[int] = mapped_column(Integer, default=0)
    last_reminded_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    responded_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    #: When the stored answers last changed: a returned copy saved before it
    #: is an older copy, whose answers must not silently replace these.
    answers_changed_at: Mapped[datetime | None] = mapped_column(UTCDateTime())
    status_note: Mapped[str] = mapped_column(Text, default="")

    survey: Mapped[Survey] = relationship(back_populates="recipients")
    person: Mapped[Person] = relationship()
    participation: Mapped[Participation | None] = relationship()
    answers: Mapped[list[SurveyAnswer]] = relationship(
        back_populates="recipient", cascade="all, delete-orphan", passive_deletes=True
    )

    __table_args__ = (
        UniqueConstraint("survey_id", "person_id"),
        CheckConstraint("reminder_count >= 0", name="reminder_count_not_negative"),
    )


class SurveyAnswer(Editable, Base):
    """One recipient's answer to one question, as JSON: true/false, a choice,
    a list of choices, a number, an ISO date or text."""

    __tablename__ = "survey_answers"

    id: Mapped[int] = mapped_column(primary_key=True)
    recipient_id: Mapped[int] = mapped_column(
        ForeignKey("survey_recipients.id", ondelete="CASCADE")
    )
    question_id: Mapped[int] = mapped_column(
        ForeignKey("survey_questions.id", ondelete="CASCADE"), index=True
    )
    value: Mapped[Any] = mapped_column(JSON(none_as_null=True))

    recipient: Mapped[SurveyRecipient] = relationship(back_populates="answers")
    question: Mapped[SurveyQuestion] = relationship()

    __table_args__ = (UniqueConstraint("recipient_id", "question_id"),)
