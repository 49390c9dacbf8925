"""The text block library window: create, edit, rename and delete blocks; saved, audited, undoable."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QInputDialog, QMessageBox

from fundtracker.ui.text_block_library import RenameDialog, TextBlockLibrary

pytestmark = pytest.mark.gui


@pytest.fixture
def library(qtbot, session):  # type: ignore[no-untyped-def]
    widget = TextBlockLibrary(session)
    qtbot.addWidget(widget)
    widget.show()
    return widget


def titles(library: TextBlockLibrary) -> list[str]:
    model = library.model
    return [model.index(row, 0).data() for row in range(model.rowCount())]


def capabilities(workspace) -> str:  # type: ignore[no-untyped-def]
    return next(s.text for s in workspace.find("application", "bja_cvi").sections if s.key == "capabilities")


def test_the_library_lists_the_blocks_and_where_each_is_linked(library) -> None:  # type: ignore[no-untyped-def]
    assert titles(library) == ["Key staff", "Mission", "Organization history"]
    library.select("history")
    assert library.key.text() == "{{text_block.history}}"
    assert library.used.text() == "application bja_cvi: Capabilities and Competencies"
    assert library.text.toPlainText().startswith("The Community Safety Partnership succeeded KC NoVA")


def test_new_block_from_the_button_and_its_text_saved_then_undone(qtbot, library, session, stored, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(QInputDialog, "getText", lambda *args, **kw: ("Fiscal host", True))
    qtbot.mouseClick(library.new_button, Qt.MouseButton.LeftButton)
    assert library.current_key() == "fiscal_host"
    assert stored().find("text_block", "fiscal_host").title == "Fiscal host"
    library.text.setPlainText("The Health Department is our fiscal host.")
    assert library.save_button.isEnabled()
    qtbot.mouseClick(library.save_button, Qt.MouseButton.LeftButton)
    assert stored().find("text_block", "fiscal_host").text == "The Health Department is our fiscal host."
    assert not library.save_button.isEnabled()
    assert session.undo_stack.undoText() == "Edit text block Fiscal host"
    entries = session.service.audit_log(kind="text_block", key="fiscal_host")
    assert [entry.action for entry in entries] == ["update", "create"]
    session.undo_stack.undo()
    assert stored().find("text_block", "fiscal_host").text == ""
    assert library.text.toPlainText() == ""  # the window follows the undo
    session.undo_stack.undo()
    assert stored().find("text_block", "fiscal_host") is None
    assert "Fiscal host" not in titles(library)


def test_rename_with_a_new_key_keeps_the_link_working(qtbot, library, session, stored, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    library.select("history")

    def answer(dialog: RenameDialog) -> int:
        dialog.title.setText("Our history")
        dialog.key.setText("our_history")
        return 1

    monkeypatch.setattr(RenameDialog, "exec", answer)
    qtbot.mouseClick(library.rename_button, Qt.MouseButton.LeftButton)
    saved = stored()
    assert saved.find("text_block", "history") is None
    assert saved.find("text_block", "our_history").title == "Our history"
    assert "{{text_block.our_history}}" in capabilities(saved)
    assert library.current_key() == "our_history"
    assert "Our history" in titles(library)
    assert session.undo_stack.undoText() == "Rename text block Organization history"
    session.undo_stack.undo()
    assert "{{text_block.history}}" in capabilities(stored())
    assert stored().find("text_block", "our_history") is None


def test_a_linked_block_is_refused_an_unlinked_one_deleted(qtbot, library, stored, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(QMessageBox, "question", lambda *args, **kw: QMessageBox.StandardButton.Yes)
    library.select("history")
    qtbot.mouseClick(library.delete_button, Qt.MouseButton.LeftButton)
    assert library.problem.isVisible()
    assert "is linked from application bja_cvi: Capabilities and Competencies" in library.problem.text()
    assert stored().find("text_block", "history") is not None
    library.select("key_staff")
    qtbot.mouseClick(library.delete_button, Qt.MouseButton.LeftButton)
    assert stored().find("text_block", "key_staff") is None
    assert titles(library) == ["Mission", "Organization history"]


def test_an_empty_title_is_refused_and_nothing_saved(qtbot, library, stored, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(QInputDialog, "getText", lambda *args, **kw: ("   ", True))
    qtbot.mouseClick(library.new_button, Qt.MouseButton.LeftButton)
    assert library.problem.text() == "Not saved: text_block: title: is empty; give the text block a title"
    assert len(stored().text_blocks) == 3
