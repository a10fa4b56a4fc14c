"""Organisations and the people who work for them."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from sqlalchemy import ForeignKey, Index, String, Text, event, func
from sqlalchemy.orm import Mapped, Mapper, mapped_column, relationship

from rtcdesk.db.base import Base, Editable, enum_column_type
from rtcdesk.db.search_text import Searchable, fold
from rtcdesk.typed_text import email_key
from rtcdesk.vocabulary import Gender, NameOrder, OrganisationKind

if TYPE_CHECKING:
    from rtcdesk.db.models.meetings import Participation


class Organisation(Searchable, Editable, Base):
    """A WCO body, an RTC, a member administration or a partner.

    ``parent`` links an RTC to the administration that runs it (RTC Japan ->
    Japan Customs).
    """

    __tablename__ = "organisations"
    search_columns = ("name", "short_name", "economy")

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    short_name: Mapped[str] = mapped_column(String(60), default="")
    kind: Mapped[OrganisationKind] = mapped_column(enum_column_type(OrganisationKind))
    economy: Mapped[str] = mapped_column(String(100), default="")
    sub_region: Mapped[str] = mapped_column(String(60), default="")
    parent_id: Mapped[int | None] = mapped_column(
        ForeignKey("organisations.id", ondelete="SET NULL"), index=True
    )
    notes: Mapped[str] = mapped_column(Text, default="")

    parent: Mapped[Organisation | None] = relationship(remote_side=[id])
    people: Mapped[list[Person]] = relationship(back_populates="organisation", passive_deletes=True)

    #: The name is unique ignoring case, in the database itself (two colleagues
    #: on one server cannot both create "Japan Customs" and "JAPAN CUSTOMS").
    __table_args__ = (Index("uq_organisations_name_lower", func.lower(name), unique=True),)

    def __repr__(self) -> str:
        return f"<Organisation {self.id}>"


class Person(Searchable, Editable, Base):
    """A person, with the parts of the name stored apart and typed case kept.

    The display form ("Mr. AOYAMA Shigetoshi") is built on demand by
    ``rtcdesk.services.names``.
    """

    __tablename__ = "people"
    search_columns = ("title", "given_name", "family_name", "post_nominals", "email")

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(40), default="")
    given_name: Mapped[str] = mapped_column(String(120), default="")
    family_name: Mapped[str] = mapped_column(String(120))
    #: ``fold(family_name)``, kept by the ORM, indexed: matching a name looks
    #: up the people whose folded family name starts like it (migration 0007).
    family_key: Mapped[str] = mapped_column(String(120), default="", server_default="")
    name_order: Mapped[NameOrder] = mapped_column(
        enum_column_type(NameOrder), default=NameOrder.GIVEN_FIRST
    )
    post_nominals: Mapped[str] = mapped_column(String(60), default="")
    position: Mapped[str] = mapped_column(String(200), default="")
    organisation_id: Mapped[int | None] = mapped_column(
        ForeignKey("organisations.id", ondelete="SET NULL"), index=True
    )
    email: Mapped[str] = mapped_column(String(254), default="")
    #: ``email_key(email)``, kept by the ORM: one person per address, in the
    #: database itself, so that two colleagues importing at once cannot both
    #: create the same person (None for no address, and for the later of two
    #: people who already shared one when the constraint came: migration 0006).
    email_key: Mapped[str | None] = mapped_column(String(254))
    phone: Mapped[str] = mapped_column(String(60), default="")
    gender: Mapped[Gender] = mapped_column(enum_column_type(Gender), default=Gender.UNSPECIFIED)
    notes: Mapped[str] = mapped_column(Text, default="")

    organisation: Mapped[Organisation | None] = relationship(back_populates="people")
    participations: Mapped[list[Participation]] = relationship(
        back_populates="person", passive_deletes=True
    )

    __table_args__ = (
        Index("ix_people_email_lower", func.lower(email)),
        Index("uq_people_email_key", email_key, unique=True),
        Index("ix_people_family_key", family_key),
        # Finding two records of one name, in either order (likely duplicates).
        Index("ix_people_name_lower", func.lower(family_name), func.lower(given_name)),
    )

    def __repr__(self) -> str:
        return f"<Person {self.id}>"


@event.listens_for(Person, "before_insert")
@event.listens_for(Person, "before_update")
def _keep_keys(_mapper: Mapper[Any], _connection: Any, person: Person) -> None:
    person.email_key = email_key(person.email)
    person.family_key = fold(person.family_name or "")[:120]
