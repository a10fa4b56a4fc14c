"""A person's name as typed into a search box, split into its parts, to
pre-fill the form of a new person ("Michael OUTRAM" → given name Michael,
family name OUTRAM).

Regional documents write the family name in capitals, so a word typed in
capitals is taken for it: before the given names, the name is family name
first ("AOYAMA Shigetoshi"); after them, what follows it is post-nominals
("Michael OUTRAM APM"). Without such a word the last word is the family
name. A leading word ending with a dot is a title ("Mr.", "Dr."); text with
an "@" is an e-mail address. The coordinator checks the result in the form.
"""

from __future__ import annotations

from rtcdesk.services.people import PersonData
from rtcdesk.vocabulary import NameOrder


def person_from_typed(text: str) -> PersonData:
    """The parts of a new person's name (or their e-mail) found in ``text``."""
    words = text.split()
    if any("@" in word for word in words):
        return PersonData(family_name="", email=" ".join(words))
    title = words.pop(0) if len(words) > 1 and words[0].endswith(".") else ""
    family = next((n for n, word in enumerate(words) if _in_capitals(word)), None)
    if family is None:
        return PersonData(
            family_name=words[-1] if words else "", given_name=" ".join(words[:-1]), title=title
        )
    if family == 0 and len(words) > 1:
        return PersonData(
            family_name=words[0],
            given_name=" ".join(words[1:]),
            title=title,
            name_order=NameOrder.FAMILY_FIRST,
        )
    return PersonData(
        family_name=words[family],
        given_name=" ".join(words[:family]),
        title=title,
        post_nominals=" ".join(words[family + 1 :]),
    )


def _in_capitals(word: str) -> bool:
    """ "OUTRAM" is; "Outram", a lone initial "J" and "陳" (no case) are not."""
    return len(word) > 1 and word.isupper()
