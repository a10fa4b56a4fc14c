"""The meeting editor: one window with a tab for each part of a meeting."""

from rtcdesk.ui.meeting_editor.editor import MeetingEditor

__all__ = ["MeetingEditor"]
