"""The subject and body of invitations and reminders as the coordinator last
edited them (kept in the settings), or rtcdesk's standard texts."""

from __future__ import annotations

from PySide6.QtCore import QSettings

from rtcdesk import APP_AUTHOR, APP_NAME
from rtcdesk.services.survey_mail import INVITATION, REMINDER, MailTemplate

PLACEHOLDERS = ("{name}", "{survey}", "{meeting}", "{deadline}")


def _key(reminder: bool, part: str) -> str:
    return f"survey_mail/{'reminder' if reminder else 'invitation'}/{part}"


def standard_template(reminder: bool) -> MailTemplate:
    return REMINDER if reminder else INVITATION


def load_template(reminder: bool) -> MailTemplate:
    settings = QSettings(APP_AUTHOR, APP_NAME)
    standard = standard_template(reminder)
    subject = settings.value(_key(reminder, "subject"))
    body = settings.value(_key(reminder, "body"))
    return MailTemplate(
        str(subject) if subject else standard.subject, str(body) if body else standard.body
    )


def save_template(reminder: bool, template: MailTemplate) -> None:
    settings = QSettings(APP_AUTHOR, APP_NAME)
    settings.setValue(_key(reminder, "subject"), template.subject)
    settings.setValue(_key(reminder, "body"), template.body)
