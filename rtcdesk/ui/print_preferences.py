"""What rtcdesk prints: the paper size of every workbook, and the address
survey forms ask respondents to send them back to. Its part of the
preferences dialog; kept for the app and the command line alike."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QFormLayout, QGroupBox, QLabel, QLineEdit, QWidget

from rtcdesk.errors import RtcdeskError
from rtcdesk.services import print_settings


class PrintPreferences(QGroupBox):
    """ "Printed documents": paper size and the forms' return address."""

    def __init__(self, parent: QWidget | None = None):
        super().__init__(parent)
        self.setTitle(self.tr("Printed documents"))
        self.paper = QComboBox()
        self.paper.addItem(self.tr("A4"), "A4")
        self.paper.addItem(self.tr("US Letter"), "Letter")
        self.paper.setCurrentIndex(max(self.paper.findData(print_settings.paper_size()), 0))
        self.paper.setAccessibleName(self.tr("Paper size"))
        self.return_email = QLineEdit(print_settings.return_email())
        self.return_email.setPlaceholderText(self.tr("e.g. your e-mail address"))
        self.return_email.setAccessibleName(self.tr("Survey forms returned to"))
        paper_caption = QLabel(self.tr("Paper si&ze:"))
        paper_caption.setBuddy(self.paper)
        return_caption = QLabel(self.tr("&Forms returned to:"))
        return_caption.setBuddy(self.return_email)
        note = QLabel(
            self.tr(
                "Participant lists, sign-in sheets, survey forms and results print on this "
                "paper. Each survey form asks its respondent to send it back to this "
                "address by the deadline; left empty, it asks them to reply to the e-mail "
                "it came with."
            )
        )
        note.setWordWrap(True)
        form = QFormLayout(self)
        form.addRow(paper_caption, self.paper)
        form.addRow(return_caption, self.return_email)
        form.addRow("", note)

    def check(self) -> None:
        """Refuse an address that cannot be printed, before anything is saved."""
        problem = print_settings.return_email_problem(self.return_email.text())
        if problem:
            raise RtcdeskError(self.tr("Forms returned to: {problem}").format(problem=problem))

    def save(self) -> None:
        print_settings.set_paper_size(self.paper.currentData())
        print_settings.set_return_email(self.return_email.text())
