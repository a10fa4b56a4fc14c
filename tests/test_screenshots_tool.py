"""The screenshot tool renders every workspace and editor tab from the demo data."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QImage

from rtcdesk.tools.screenshots import render


def test_every_workspace_and_editor_tab_is_rendered(tmp_path: Path, qapp) -> None:  # type: ignore[no-untyped-def]
    written = render(tmp_path / "shots")
    names = {p.stem for p in written}
    assert {
        "01-meetings",
        "02-people",
        "03-organisations",
        "04-surveys",
        "05-action-items",
    } <= names
    assert sum(n.startswith("10-meeting-editor-") for n in names) == 5
    assert sum(n.startswith("40-survey-editor-") for n in names) == 5
    for path in written:
        image = QImage(str(path))
        assert image.width() >= 800, path.name
        # A blank picture would compress to almost nothing.
        assert path.stat().st_size > 10_000, path.name
