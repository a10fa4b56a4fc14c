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
