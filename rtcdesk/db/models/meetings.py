"""Meetings and what is recorded about them: co-organisers, agenda, delegations,
participants, outcomes and action items.

ON DELETE rules, chosen deliberately:
- everything that only makes sense inside a meeting (agenda, delegations,
  participations, outcomes, action items) goes with the meeting (CASCADE);
- an organisation still named as host, co-organiser or delegation cannot be
  deleted (RESTRICT): the services say so in plain words;
- a person named as head of delegation or action owner is unlinked (SET NULL);
  a deleted person's own participations and speaker slots go with them.
"""

from __future__ import annotations

from datetime import date, time
from typing import TYPE_CHECKING

from sqlalchemy import (
    CheckConstraint,
    Column,
    Date,
    ForeignKey,
    Integer,
    String,
    Table,
    Text,
    Time,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from rtcdesk.db.base import Base, Editable, enum_column_type
from rtcdesk.db.models.people import Organisation, Person
from rtcdesk.db.search_text import Searchable
from rtcdesk.vocabulary import (
    ActionStatus,
    AgendaItemKind,
    AttendanceMode,
    MeetingKind,
    MeetingMode,
    MeetingStatus,
    OutcomeKind,
    ParticipantRole,
    ParticipationStatus,
)

if TYPE_CHECKING:
    from rtcdesk.db.models.surveys import Survey

meeting_co_organisers = Table(
    "meeting_co_organisers",
    Base.metadata,
    Column("meeting_id", ForeignKey("meetings.id", ondelete="CASCADE"), primary_key=True),
    Column(
        "organisation_id",
        ForeignKey("organisations.id", ondelete="RESTRICT"),
        primary_key=True,
        index=True,
    ),
    #: The order the coordinator listed them in (0 first).
    Column("position", Integer, nullable=False, default=0, server_default="0"),
)


class Meeting(Searchable, Editable, Base):
    __tablename__ = "meetings"
    search_columns = ("title", "series", "venue", "city", "country")

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[MeetingKind] = mapped_column(enum_column_type(MeetingKind))
    series: Mapped[str] = mapped_column(String(120), default="")
    ordinal: Mapped[int | None] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(String(300))
    start_date: Mapped[date] = mapped_column(Date, index=True)
    end_date: Mapped[date] = mapped_column(Date)
    host_organisation_id: Mapped[int | None] = mapped_column(
        ForeignKey("organisations.id", ondelete="RESTRICT"), index=True
    )
    venue: Mapped[str] = mapped_column(String(200), default="")
    city: Mapped[str] = mapped_column(String(100), default="")
    country: Mapped[str] = mapped_column(String(100), default="")
    mode: Mapped[MeetingMode] = mapped_column(
        enum_column_type(MeetingMode), default=MeetingMode.IN_PERSON
    )
    theme: Mapped[str] = mapped_column(Text, default="")
    summary: Mapped[str] = mapped_column(Text, default="")
    status: Mapped[MeetingStatus] = mapped_column(
        enum_column_type(MeetingStatus), default=MeetingStatus.PLANNED
    )
    notes: Mapped[str] = mapped_column(Text, default="")

    host: Mapped[Organisation | None] = relationship(foreign_keys=[host_organisation_id])
    co_organisers: Mapped[list[Organisation]] = relationship(
        secondary=meeting_co_organisers, order_by=meeting_co_organisers.c.position
    )
    agenda_items: Mapped[list[AgendaItem]] = relationship(
        back_populates="meeting",
        cascade="all, delete-orphan",
        passive_deletes=True,
        order_by="(AgendaItem.day, AgendaItem.position)",
    )
    delegations: Mapped[list[Delegation]] = relationship(
        back_populates="meeting", cascade="all, delete-orphan", passive_deletes=True
    )
    participations: Mapped[list[Participation]] = relationship(
        back_populates="meeting", cascade="all, delete-orphan", passive_deletes=True
    )
    outcomes: Mapped[list[Outcome]] = relationship(
        back_populates="meeting",
        cascade="all, delete-orphan",
        passive_deletes=True,
        order_by="Outcome.position",
    )
    action_items: Mapped[list[ActionItem]] = relationship(
        back_populates="meeting",
        cascade="all, delete-orphan",
        passive_deletes=True,
        order_by="ActionItem.position",
        foreign_keys="ActionItem.meeting_id",
    )
    surveys: Mapped[list[Survey]] = relationship(back_populates="meeting")

    __table_args__ = (
        CheckConstraint("end_date >= start_date", name="end_not_before_start"),
        CheckConstraint("ordinal IS NULL OR ordinal > 0", name="ordinal_positive"),
        UniqueConstraint("series", "ordinal"),
    )

    def __repr__(self) -> str:
        return f"<Meeting {self.id}>"


class AgendaItem(Editable, Base):
    __tablename__ = "agenda_items"

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(
        ForeignKey("meetings.id", ondelete="CASCADE"), index=True
    )
    day: Mapped[date | None] = mapped_column(Date)
    start_time: Mapped[time | None] = mapped_column(Time)
    end_time: Mapped[time | None] = mapped_column(Time)
    title: Mapped[str] = mapped_column(String(300))
    kind: Mapped[AgendaItemKind] = mapped_column(
        enum_column_type(AgendaItemKind), default=AgendaItemKind.PRESENTATION
    )
    position: Mapped[int] = mapped_column(Integer, default=0)
    notes: Mapped[str] = mapped_column(Text, default="")

    meeting: Mapped[Meeting] = relationship(back_populates="agenda_items")
    speakers: Mapped[list[AgendaSpeaker]] = relationship(
        back_populates="agenda_item",
        cascade="all, delete-orphan",
        passive_deletes=True,
        order_by="AgendaSpeaker.position",
    )

    __table_args__ = (
        CheckConstraint(
            "start_time IS NULL OR end_time IS NULL OR end_time >= start_time",
            name="end_not_before_start",
        ),
    )


class AgendaSpeaker(Editable, Base):
    """A person speaking at an agenda item, in person or virtually."""

    __tablename__ = "agenda_speakers"

    id: Mapped[int] = mapped_column(primary_key=True)
    agenda_item_id: Mapped[int] = mapped_column(
        ForeignKey("agenda_items.id", ondelete="CASCADE"), index=True
    )
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), index=True)
    attendance_mode: Mapped[AttendanceMode] = mapped_column(
        enum_column_type(AttendanceMode), default=AttendanceMode.IN_PERSON
    )
    position: Mapped[int] = mapped_column(Integer, default=0)

    agenda_item: Mapped[AgendaItem] = relationship(back_populates="speakers")
    person: Mapped[Person] = relationship()

    __table_args__ = (UniqueConstraint("agenda_item_id", "person_id"),)


class Delegation(Editable, Base):
    """The organisation's delegation to one meeting (one per organisation)."""

    __tablename__ = "delegations"

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meetings.id", ondelete="CASCADE"))
    organisation_id: Mapped[int] = mapped_column(
        ForeignKey("organisations.id", ondelete="RESTRICT"), index=True
    )
    head_person_id: Mapped[int | None] = mapped_column(
        ForeignKey("people.id", ondelete="SET NULL"), index=True
    )
    notes: Mapped[str] = mapped_column(Text, default="")

    meeting: Mapped[Meeting] = relationship(back_populates="delegations")
    organisation: Mapped[Organisation] = relationship()
    head: Mapped[Person | None] = relationship(foreign_keys=[head_person_id])
    participations: Mapped[list[Participation]] = relationship(back_populates="delegation")

    __table_args__ = (UniqueConstraint("meeting_id", "organisation_id"),)


class Participation(Editable, Base):
    """One person at one meeting: role, how they attend, and where they stand."""

    __tablename__ = "participations"

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(ForeignKey("meetings.id", ondelete="CASCADE"))
    person_id: Mapped[int] = mapped_column(ForeignKey("people.id", ondelete="CASCADE"), index=True)
    delegation_id: Mapped[int | None] = mapped_column(
        ForeignKey("delegations.id", ondelete="SET NULL"), index=True
    )
    role: Mapped[ParticipantRole] = mapped_column(
        enum_column_type(ParticipantRole), default=ParticipantRole.DELEGATE
    )
    attendance_mode: Mapped[AttendanceMode] = mapped_column(
        enum_column_type(AttendanceMode), default=AttendanceMode.IN_PERSON
    )
    status: Mapped[ParticipationStatus] = mapped_column(
        enum_column_type(ParticipationStatus), default=ParticipationStatus.INVITED
    )
    #: Travel dates, for the host's transport and accommodation lists.
    arrival_date: Mapped[date | None] = mapped_column(Date)
    departure_date: Mapped[date | None] = mapped_column(Date)
    notes: Mapped[str] = mapped_column(Text, default="")

    meeting: Mapped[Meeting] = relationship(back_populates="participations")
    person: Mapped[Person] = relationship(back_populates="participations")
    delegation: Mapped[Delegation | None] = relationship(back_populates="participations")

    __table_args__ = (
        UniqueConstraint("meeting_id", "person_id"),
        CheckConstraint(
            "arrival_date IS NULL OR departure_date IS NULL OR departure_date >= arrival_date",
            name="departure_not_before_arrival",
        ),
    )


class Outcome(Editable, Base):
    """A conclusion, decision or recommendation of a meeting."""

    __tablename__ = "outcomes"

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(
        ForeignKey("meetings.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[OutcomeKind] = mapped_column(enum_column_type(OutcomeKind))
    text: Mapped[str] = mapped_column(Text)
    position: Mapped[int] = mapped_column(Integer, default=0)

    meeting: Mapped[Meeting] = relationship(back_populates="outcomes")


class ActionItem(Editable, Base):
    """Something someone must do after a meeting.

    Open items carry into the next meeting of the same series: the copy there
    points back through ``carried_from_id``.
    """

    __tablename__ = "action_items"

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(
        ForeignKey("meetings.id", ondelete="CASCADE"), index=True
    )
    outcome_id: Mapped[int | None] = mapped_column(
        ForeignKey("outcomes.id", ondelete="SET NULL"), index=True
    )
    description: Mapped[str] = mapped_column(Text)
    owner_organisation_id: Mapped[int | None] = mapped_column(
        ForeignKey("organisations.id", ondelete="SET NULL"), index=True
    )
    owner_person_id: Mapped[int | None] = mapped_column(
        ForeignKey("people.id", ondelete="SET NULL"), index=True
    )
    due_date: Mapped[date | None] = mapped_column(Date, index=True)
    status: Mapped[ActionStatus] = mapped_column(
        enum_column_type(ActionStatus), default=ActionStatus.OPEN, index=True
    )
    completed_on: Mapped[date | None] = mapped_column(Date)
    carried_from_id: Mapped[int | None] = mapped_column(
        ForeignKey("action_items.id", ondelete="SET NULL"), index=True
    )
    position: Mapped[int] = mapped_column(Integer, default=0)

    meeting: Mapped[Meeting] = relationship(
        back_populates="action_items", foreign_keys=[meeting_id]
    )
    outcome: Mapped[Outcome | None] = relationship()
    owner_organisation: Mapped[Organisation | None] = relationship()
    owner_person: Mapped[Person | None] = relationship()

    __table_args__ = (
        CheckConstraint("completed_on IS NULL OR status = 'done'", name="completed_only_when_done"),
    )
