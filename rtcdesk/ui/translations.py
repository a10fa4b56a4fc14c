"""rtcdesk's translations: the ``.qm`` files in ``rtcdesk/resources/i18n``
(how to add or update one: ``docs/TRANSLATIONS.md``).

English needs one too: a count goes through Qt's plural forms
(``self.tr("%n draft(s) written", "", n)``), and without a loaded translation
Qt only puts the number in ("1 draft(s) written"). The English file says
"1 draft written" and "13 drafts written". The user's language is chosen
when there is a translation for it; English otherwise.
"""

from __future__ import annotations

from importlib.resources import files
from typing import TYPE_CHECKING

from PySide6.QtCore import QCoreApplication, QLocale, QTranslator

FOLDER = files("rtcdesk") / "resources" / "i18n"
FILE_PREFIX = "rtcdesk"
FALLBACK_LANGUAGE = "en"
_TRANSLATOR_NAME = "rtcdesk-translations"


def install_translations(app: QCoreApplication) -> QTranslator:
    """Load the translation for the user's language (else English) into
    ``app``, once: a second call returns the translator already installed."""
    installed = app.findChild(QTranslator, _TRANSLATOR_NAME)
    if isinstance(installed, QTranslator):
        return installed
    translator = QTranslator(app)
    translator.setObjectName(_TRANSLATOR_NAME)
    folder = str(FOLDER)
    if not translator.load(QLocale(), FILE_PREFIX, "_", folder) and not translator.load(
        f"{FILE_PREFIX}_{FALLBACK_LANGUAGE}", folder
    ):
        raise FileNotFoundError(f"No {FILE_PREFIX}_{FALLBACK_LANGUAGE}.qm in {folder}")
    app.installTranslator(translator)
    return translator


def QT_TRANSLATE_NOOP(context: str, text: str) -> str:
    """Mark ``text`` for ``pyside6-lupdate`` under ``context`` and return it
    unchanged, to be translated where it is shown. PySide6's own does the same
    but is typed as taking and returning ``object``; lupdate finds this one by
    its name just the same."""
    return text


class TrOnClass:
    """A base for the widgets whose texts with a count are translated in module
    functions, by naming the class: ``SendTab.tr("%n draft(s) written", "", n)``
    (docs/TRANSLATIONS.md). Qt's ``tr`` works on the class, but PySide6's stubs
    declare it for instances only; this tells the type checker, and does nothing
    at run time."""

    if TYPE_CHECKING:

        @classmethod
        def tr(cls, source: str, disambiguation: str | None = None, n: int = -1, /) -> str: ...
