"""The survey editor window and its tabs."""

from rtcdesk.ui.survey_editor.editor import SurveyEditor

__all__ = ["SurveyEditor"]
