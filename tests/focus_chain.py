"""Walk a window's Tab chain as a keyboard user does, and judge it.

A coordinator found that Tab looped between Ordinal and Status in the
meeting's details and never reached the dates, venue or host. ``walk`` presses
Tab (through QtTest, as the keyboard would) from the first input and records
where focus lands until it comes back; ``chain_problems`` says what a user
would hit: inputs never reached, inputs reached twice in one round (a loop),
and form fields visited out of their top-to-bottom order.
"""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QRadioButton,
    QTabBar,
    QTextEdit,
    QWidget,
)
from pytestqt.qtbot import QtBot

#: What a keyboard user must be able to reach with Tab.
INPUT_TYPES = (
    QLineEdit,
    QComboBox,
    QAbstractSpinBox,
    QPlainTextEdit,
    QTextEdit,
    QAbstractButton,
    QAbstractItemView,
)


@dataclass
class Walk:
    visited: list[QWidget]
    came_back: bool


def _owner(widget: QWidget) -> QWidget:
    """The input a focused child belongs to (a combo's line edit, a spin box's
    line edit, a view's viewport): the widget the user thinks of as the field."""
    parent = widget.parentWidget()
    while parent is not None:
        if isinstance(parent, QComboBox | QAbstractSpinBox | QAbstractItemView):
            return parent
        parent = parent.parentWidget()
    return widget


def reachable_inputs(window: QWidget) -> list[QWidget]:
    """Visible, enabled inputs that take focus by Tab, not inside a combo,
    spin box or view (their parts are one field)."""
    found = []
    for widget in window.findChildren(QWidget):
        if not isinstance(widget, INPUT_TYPES) or isinstance(widget, QTabBar):
            continue
        if _owner(widget) is not widget:
            continue
        if not widget.isVisibleTo(window) or not widget.isEnabled():
            continue
        if not widget.focusPolicy() & Qt.FocusPolicy.TabFocus:
            continue
        if isinstance(widget, QRadioButton) and not widget.isChecked():
            continue  # Tab enters a group of radio buttons at the chosen one; arrows move
        found.append(widget)
    return found


def walk(qtbot: QtBot, window: QWidget, start: QWidget, limit: int = 200) -> Walk:
    """Press Tab from ``start`` until focus returns to it (or ``limit`` presses)."""
    window.activateWindow()
    window.raise_()
    qtbot.waitUntil(window.isActiveWindow, timeout=2000)
    start.setFocus(Qt.FocusReason.TabFocusReason)
    qtbot.waitUntil(lambda: QApplication.focusWidget() is not None, timeout=1000)
    first = _owner(QApplication.focusWidget())
    visited = [first]
    for _ in range(limit):
        focused = QApplication.focusWidget()
        assert focused is not None, "focus left the window"
        qtbot.keyClick(focused, Qt.Key.Key_Tab)
        landed = QApplication.focusWidget()
        assert landed is not None, "focus left the window"
        now = _owner(landed)
        if now is visited[-1] and landed is not focused:
            # Tab moved on inside one field: through the editors a view keeps
            # open in its cells (Qt puts them after the view in the focus chain).
            continue
        if now is first:
            return Walk(visited, came_back=True)
        visited.append(now)
        if now in visited[:-1]:
            return Walk(visited, came_back=False)  # a loop that leaves ``first`` out
    return Walk(visited, came_back=False)


def _form_row(widget: QWidget) -> tuple[QFormLayout, int] | None:
    """The form layout a field sits in, and its row (for nested rows too)."""
    child: QWidget | None = widget
    while child is not None:
        parent = child.parentWidget()
        layout = parent.layout() if parent is not None else None
        if isinstance(layout, QFormLayout):
            for row in range(layout.rowCount()):
                for role in (QFormLayout.ItemRole.FieldRole, QFormLayout.ItemRole.SpanningRole):
                    item = layout.itemAt(row, role)
                    if item is None:
                        continue
                    field = item.widget()
                    if field is not None and (field is child or field.isAncestorOf(child)):
                        return layout, row
                    inner = item.layout()
                    if inner is not None and _layout_holds(inner, child):
                        return layout, row
        child = parent
    return None


def _layout_holds(layout: object, widget: QWidget) -> bool:
    from PySide6.QtWidgets import QLayout

    assert isinstance(layout, QLayout)
    for index in range(layout.count()):
        item = layout.itemAt(index)
        if item.widget() is widget:
            return True
        if item.layout() is not None and _layout_holds(item.layout(), widget):
            return True
    return False


def _radio_group(button: QRadioButton) -> int:
    group = button.group()
    return id(group) if group is not None else id(button.parentWidget())


def name(widget: QWidget) -> str:
    text = widget.text() if isinstance(widget, QAbstractButton) else ""
    return widget.accessibleName() or text.replace("&", "") or type(widget).__name__


def _top_left_first(window: QWidget, visited: list[QWidget]) -> list[QWidget]:
    """The round as it reads: from the input nearest the window's top left."""
    if not visited:
        return visited

    def place(widget: QWidget) -> tuple[int, int]:
        corner = widget.mapTo(window, widget.rect().topLeft())
        return corner.y() // 8, corner.x()

    first = min(range(len(visited)), key=lambda i: place(visited[i]))
    return visited[first:] + visited[:first]


def chain_problems(window: QWidget, result: Walk, expected: list[QWidget]) -> list[str]:
    problems = []
    if not result.came_back:
        problems.append(
            "Tab never comes back to where it started, it loops: "
            + " -> ".join(name(w) for w in result.visited[-8:])
        )
    seen = {id(widget) for widget in result.visited}
    # A group of radio buttons is one stop: Tab enters it, the arrows choose.
    seen |= {_radio_group(widget) for widget in result.visited if isinstance(widget, QRadioButton)}
    missing = [
        w
        for w in expected
        if id(w) not in seen and not (isinstance(w, QRadioButton) and _radio_group(w) in seen)
    ]
    if missing:
        problems.append("never reached with Tab: " + ", ".join(name(w) for w in missing))
    last_row: dict[int, int] = {}
    for widget in _top_left_first(window, result.visited) if result.came_back else []:
        place = _form_row(widget)
        if place is None:
            continue
        form, row = place
        previous = last_row.get(id(form))
        if previous is not None and row < previous:
            problems.append(f"{name(widget)} (row {row}) comes after row {previous} of its form")
        last_row[id(form)] = row
    return problems


def mnemonic(text: str) -> str | None:
    """The Alt+letter of a label or button text ("&Add" -> "a"), if any."""
    index = 0
    while (index := text.find("&", index)) != -1 and index + 1 < len(text):
        if text[index + 1] != "&":
            return text[index + 1].lower()
        index += 2
    return None


def mnemonic_clashes(window: QWidget) -> list[str]:
    """Alt+letters that a button shares with another visible label, button or
    tab: pressed, they only move the focus between the two, so the button
    cannot be pressed from the keyboard by its letter."""
    owners: dict[str, list[tuple[str, bool]]] = {}
    for widget in window.findChildren(QWidget):
        if not widget.isVisibleTo(window):
            continue
        if isinstance(widget, QAbstractButton):
            entries = [(widget.text(), True)]
        elif isinstance(widget, QLabel) and widget.buddy() is not None:
            entries = [(widget.text(), False)]
        elif isinstance(widget, QTabBar):
            entries = [(widget.tabText(i), False) for i in range(widget.count())]
        else:
            continue
        for text, is_button in entries:
            letter = mnemonic(text)
            if letter is not None:
                owners.setdefault(letter, []).append((text.replace("&", ""), is_button))
    return [
        f"Alt+{letter.upper()}: " + ", ".join(text for text, _ in found)
        for letter, found in sorted(owners.items())
        if len(found) > 1 and any(is_button for _, is_button in found)
    ]


def dead_mnemonics(window: QWidget) -> list[str]:
    """Labels whose Alt+letter does nothing: Qt focuses a label's buddy only
    when the buddy itself takes focus; a row widget that merely forwards focus
    to an input (a focus proxy) is ignored, so the letter is dead."""
    return [
        f"Alt+{letter.upper()} ({label.text().replace('&', '')}) reaches no input"
        for label in window.findChildren(QLabel)
        if label.isVisibleTo(window)
        and (letter := mnemonic(label.text())) is not None
        and label.buddy() is not None
        and label.buddy().focusPolicy() == Qt.FocusPolicy.NoFocus
    ]


def assert_tab_reaches_every_input(qtbot: QtBot, window: QWidget) -> Walk:
    """Every visible input once per round, form rows top to bottom."""
    expected = reachable_inputs(window)
    assert expected, f"{type(window).__name__} shows no inputs"
    result = walk(qtbot, window, expected[0])
    problems = (
        chain_problems(window, result, expected) + mnemonic_clashes(window) + dead_mnemonics(window)
    )
    assert not problems, f"{type(window).__name__}: " + "; ".join(problems)
    return result
