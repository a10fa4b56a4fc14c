"""Counts are worded by Qt's plural forms: every ``%n`` text of the GUI has its
English forms in ``rtcdesk_en.ts``, under the context Qt will look it up in,
the shipped ``.qm`` is that file compiled, and the app loads it."""

from __future__ import annotations

import ast
import shutil
import subprocess
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QTranslator

from rtcdesk.ui.translations import FILE_PREFIX, FOLDER, install_translations

UI = Path(__file__).parent.parent / "rtcdesk" / "ui"
TS = Path(str(FOLDER)) / f"{FILE_PREFIX}_en.ts"
QM = TS.with_suffix(".qm")


@dataclass(frozen=True)
class CountedText:
    """A ``%n`` text in the GUI's code: where, and the context it is looked up in
    (None when Qt cannot tell, the problem being ``problem``)."""

    where: str
    source: str
    context: str | None
    problem: str = ""


def _counts(node: ast.AST) -> bool:
    """A string constant with a count in it for Qt (``%n`` or ``%Ln``)."""
    return (
        isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and ("%n" in node.value or "%Ln" in node.value)
    )


class _Finder(ast.NodeVisitor):
    """The counted texts of one module, and the contexts Qt will look them up in."""

    def __init__(self, where: str, subclassed: set[str]):
        self.where = where
        self.subclassed = subclassed
        self.classes: list[str] = []
        self.passed_to_tr: set[int] = set()
        self.found: list[CountedText] = []

    def visit_ClassDef(self, node: ast.ClassDef) -> None:
        self.classes.append(node.name)
        self.generic_visit(node)
        self.classes.pop()

    def visit_Call(self, node: ast.Call) -> None:
        func = node.func
        if isinstance(func, ast.Attribute) and func.attr == "tr" and node.args:
            text = node.args[0]
            self.passed_to_tr.add(id(text))
            if _counts(text):
                self.found.append(self._checked(node, func.value, str(text.value)))  # type: ignore[attr-defined]
        self.generic_visit(node)

    def _checked(self, call: ast.Call, owner: ast.expr, source: str) -> CountedText:
        where = f"{self.where}:{call.lineno}"
        if len(call.args) != 3:
            return CountedText(where, source, None, "no count passed to tr")
        if not isinstance(owner, ast.Name):
            return CountedText(where, source, None, "tr of an expression: name the class")
        if owner.id != "self":
            return CountedText(where, source, owner.id)
        if not self.classes:
            return CountedText(where, source, None, "self.tr outside a class")
        name = self.classes[-1]
        if name in self.subclassed:
            return CountedText(
                where,
                source,
                None,
                f"self.tr in {name}, which is subclassed: Qt would look the text up under "
                f"the subclass's name; write {name}.tr(...)",
            )
        return CountedText(where, source, name)


def counted_texts() -> Iterator[CountedText]:
    """Every string with ``%n`` in rtcdesk/ui, with how it reaches Qt."""
    trees = {path: ast.parse(path.read_text(encoding="utf-8")) for path in sorted(UI.rglob("*.py"))}
    subclassed = {
        base.id
        for tree in trees.values()
        for node in ast.walk(tree)
        if isinstance(node, ast.ClassDef)
        for base in node.bases
        if isinstance(base, ast.Name)
    }
    for path, tree in trees.items():
        where = str(path.relative_to(UI.parent.parent))
        finder = _Finder(where, subclassed)
        finder.visit(tree)
        yield from finder.found
        docstrings = {
            id(node.body[0].value)
            for node in ast.walk(tree)
            if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef)
            and node.body
            and isinstance(node.body[0], ast.Expr)
        }
        for node in ast.walk(tree):
            if _counts(node) and id(node) not in finder.passed_to_tr | docstrings:
                yield CountedText(
                    f"{where}:{node.lineno}",  # type: ignore[attr-defined]
                    str(node.value),  # type: ignore[attr-defined]
                    None,
                    "not passed to Class.tr(text, '', n): lupdate and Qt would not count it",
                )


def english_plurals() -> dict[tuple[str, str], list[str]]:
    """(context, source) -> the English forms, of the finished numerus messages."""
    found = {}
    for context in ET.parse(TS).getroot().iter("context"):
        name = context.findtext("name") or ""
        for message in context.iter("message"):
            translation = message.find("translation")
            if message.get("numerus") != "yes" or translation is None:
                continue
            if translation.get("type") in ("unfinished", "obsolete", "vanished"):
                continue
            forms = [form.text or "" for form in translation.iter("numerusform")]
            found[(name, message.findtext("source") or "")] = forms
    return found


def test_every_counted_text_of_the_gui_has_english_plural_forms() -> None:
    texts = list(counted_texts())
    assert len(texts) > 50  # the walk really finds them
    assert [f"{t.where}: {t.problem}" for t in texts if t.problem] == []
    plurals = english_plurals()
    missing = [
        f"{t.where}: {t.context} / {t.source!r}"
        for t in texts
        if len(plurals.get((t.context or "", t.source), [])) != 2
        or not all(plurals[(t.context or "", t.source)])
    ]
    assert missing == [], "run pyside6-lupdate and lrelease (docs/TRANSLATIONS.md)"


def test_the_shipped_qm_is_the_ts_compiled(tmp_path: Path) -> None:
    lrelease = shutil.which("pyside6-lrelease")
    assert lrelease is not None, "pyside6-lrelease comes with PySide6"
    compiled = tmp_path / "rtcdesk_en.qm"
    subprocess.run([lrelease, "-silent", str(TS), "-qm", str(compiled)], check=True)
    assert compiled.read_bytes() == QM.read_bytes(), "run lrelease (docs/TRANSLATIONS.md)"


def test_the_app_words_one_and_many(qapp: QCoreApplication) -> None:
    from rtcdesk.ui.survey_editor.send_tab import SendTab

    assert install_translations(qapp) is install_translations(qapp)  # loaded once
    assert len(qapp.findChildren(QTranslator)) >= 1
    assert SendTab.tr("%n draft(s) written", "", 1) == "1 draft written"
    assert SendTab.tr("%n draft(s) written", "", 13) == "13 drafts written"


@pytest.mark.parametrize(("count", "expected"), [(1, "1 person"), (3, "3 people")])
def test_irregular_plurals(qapp: QCoreApplication, count: int, expected: str) -> None:
    from rtcdesk.ui.people_workspace import PeopleWorkspace

    assert PeopleWorkspace.tr("%n person(s)", "", count) == expected
