"""The editor windows a workspace opened: one per record, raised again when
asked for twice, the list refreshed after each save, closed together at quit."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Generic, TypeVar

from rtcdesk.ui.workspace import ListWorkspace

E = TypeVar("E", bound=Any)  # an editor window: saved/status_message/finished, discard()


class EditorWindows(Generic[E]):
    def __init__(self, workspace: ListWorkspace[Any], record_id: Callable[[E], int | None]):
        self.workspace = workspace
        self._record_id = record_id
        self.windows: list[E] = []

    def raise_open(self, ident: int | None) -> E | None:
        """The open editor of record ``ident``, brought to the front, or None."""
        for editor in self.windows:
            if ident is not None and self._record_id(editor) == ident:
                editor.raise_()
                editor.activateWindow()
                return editor
        return None

    def track(self, editor: E) -> E:
        """Show ``editor`` and keep the workspace in step with what it saves."""
        editor.saved.connect(lambda message: self._changed(editor, message))
        editor.status_message.connect(lambda message: self._changed(editor, message))
        editor.finished.connect(lambda _result: self._closed(editor))
        self.windows.append(editor)
        editor.show()
        return editor

    def discard(self, idents: set[int]) -> None:
        """Close, without asking, the editors of records that no longer exist."""
        for editor in list(self.windows):
            if self._record_id(editor) in idents:
                editor.discard()

    def close_all(self) -> bool:
        """Close every editor, each asking about unsaved changes; False when
        the coordinator chose to keep one open (the app should not quit then)."""
        for editor in list(self.windows):
            editor.close()
            if editor.isVisible():
                return False
        return True

    def _changed(self, editor: E, message: str) -> None:
        self.workspace.refresh()
        ident = self._record_id(editor)
        self.workspace.select_where(lambda row: row.id == ident)
        self.workspace.status_message.emit(message)

    def _closed(self, editor: E) -> None:
        if editor in self.windows:
            self.windows.remove(editor)
        editor.deleteLater()
