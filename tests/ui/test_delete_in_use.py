"""Deleting a record that others use: the app says what goes with it, and it is one undo step (issue 11)."""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from decimal import Decimal

import pytest
from PySide6.QtCore import Qt

from fundtracker.domain.records import AllocationOverride, Dependence, Scenario
from fundtracker.services.record_uses import uses_of, uses_text
from fundtracker.ui.pages import record_panel
from fundtracker.ui.pages.record_panel import RecordPanel
from fundtracker.ui.pages.record_specs import POSITION, STREAM

pytestmark = [pytest.mark.gui, pytest.mark.qt_log_level_fail("WARNING")]

COMBAT = "COMBAT anti-crime tax allocation"


@pytest.fixture
def asked(monkeypatch):
    """Answers the confirmation (no modal box is shown); records what it was asked."""
    questions: list[tuple[str, str]] = []
    answer = {"delete": True}

    def confirm(parent, title, text):  # type: ignore[no-untyped-def]
        questions.append((title, text))
        return answer["delete"]

    monkeypatch.setattr(record_panel, "confirm_deletion", confirm)
    return questions, answer


def same(one, other) -> bool:  # type: ignore[no-untyped-def]
    """The same records of every kind (an undo may put a record back at the end of its list)."""
    return one.organization == other.organization and all(
        sorted(map(repr, getattr(one, name))) == sorted(map(repr, getattr(other, name)))
        for name in (
            "streams",
            "positions",
            "expenses",
            "allocations",
            "scenarios",
            "applications",
            "deadlines",
            "text_blocks",
            "actuals",
        )
    )


def panel_for(qtbot, session, spec):  # type: ignore[no-untyped-def]
    panel = RecordPanel(session, spec)
    qtbot.addWidget(panel)
    panel.show()
    return panel


def test_deleting_a_stream_in_use_says_what_goes_with_it_and_undo_restores_all(qtbot, session, stored, asked):
    questions, _ = asked
    before = stored()
    panel = panel_for(qtbot, session, STREAM)
    steps = session.undo_stack.count()
    assert panel.select_key("combat")
    qtbot.mouseClick(panel.delete_button, Qt.MouseButton.LeftButton)

    assert len(questions) == 1
    title, text = questions[0]
    assert title == f"Delete funding stream {COMBAT}?"
    assert text.startswith(f"{COMBAT} is used by 4 allocations and 2 deadlines.")
    assert "• A. Okafor (Client Advocate): 100% from COMBAT anti-crime tax allocation" in text
    assert "• deadline COMBAT quarterly report (2022-04-30)" in text
    assert "'combat'" not in text  # names, not keys
    assert not panel.message.isVisible()  # no refusal: it was deleted

    after = stored()
    assert after.find("stream", "combat") is None
    assert not [a for a in after.allocations if a.stream == "combat"]
    assert not [d for d in after.deadlines if d.stream == "combat"]
    assert session.undo_stack.count() == steps + 1  # one step for all of it
    assert session.undo_stack.undoText() == f"Delete funding stream {COMBAT} and 6 records using it"
    entries = session.service.audit_log(limit=7)
    assert len({entry.change for entry in entries}) == 1  # one change in the audit log

    session.undo_stack.undo()
    assert same(stored(), before)
    session.undo_stack.redo()
    assert stored().find("stream", "combat") is None


def test_cancel_deletes_nothing(qtbot, session, stored, asked):
    questions, answer = asked
    answer["delete"] = False
    before = stored()
    panel = panel_for(qtbot, session, STREAM)
    steps = session.undo_stack.count()
    assert panel.select_key("federal")
    qtbot.mouseClick(panel.delete_button, Qt.MouseButton.LeftButton)
    assert len(questions) == 1
    assert stored() == before
    assert session.undo_stack.count() == steps


def test_a_stream_named_by_others_keeps_them_without_the_reference(qtbot, session, stored, asked):
    questions, _ = asked
    donors = stored().stream("donors")
    session.update("stream", "donors", replace(donors, depend_on=Dependence("federal", Decimal("0.8"), Decimal("0.2"))))
    before = stored()
    panel = panel_for(qtbot, session, STREAM)
    assert panel.select_key("federal")
    qtbot.mouseClick(panel.delete_button, Qt.MouseButton.LeftButton)
    text = questions[0][1]
    assert "Deleting it also deletes 4 allocations and 1 deadline:" not in text  # the letters stay with the application
    assert "These stay, without it:" in text
    assert "• application Client Advocates for Community Violence Intervention (no longer names a stream)" in text
    assert "• funding stream Private community donors (no longer depends on it)" in text
    assert "• scenario Federal grant denied (its changes to this funding stream go)" in text
    after = stored()
    assert after.find("stream", "federal") is None
    assert after.find("application", "bja_cvi").stream is None
    assert after.stream("donors").depend_on is None
    letters = next(d for d in after.deadlines if d.key == "bja_letters")
    assert letters.stream is None and letters.application == "bja_cvi"
    assert all(getattr(o, "stream", None) != "federal" for s in after.scenarios for o in s.overrides)
    session.undo_stack.undo()
    assert same(stored(), before)


def test_deleting_a_position_says_which_allocations_go_and_undo_restores_them(qtbot, session, stored, asked):
    questions, _ = asked
    session.create(Scenario("raise", "More for Maria", "", (AllocationOverride("adv1", "health", Decimal(50)),)))
    before = stored()
    adv = next(p for p in before.positions if p.name == "Maria Peña")
    panel = panel_for(qtbot, session, POSITION)
    assert panel.select_key(adv.key)
    qtbot.mouseClick(panel.delete_button, Qt.MouseButton.LeftButton)
    title, text = questions[0]
    assert title == "Delete position Maria Peña (Client Advocate)?"
    assert "is used by 2 allocations and 1 scenario." in text
    assert "• scenario More for Maria (its changes to this position go)" in text
    assert "• Maria Peña (Client Advocate): 100% from COMBAT anti-crime tax allocation" in text
    after = stored()
    assert after.find("position", adv.key) is None
    assert not [a for a in after.allocations if a.cost == adv.key]
    session.undo_stack.undo()
    assert same(stored(), before)


def test_a_record_nobody_uses_is_deleted_without_a_question(qtbot, session, stored, asked):
    questions, _ = asked
    from fundtracker.domain.records import FundingStream

    session.create(FundingStream(key="spare", name="Spare change", amount=100, start=date(2022, 1, 1)))
    panel = panel_for(qtbot, session, STREAM)
    assert panel.select_key("spare")
    qtbot.mouseClick(panel.delete_button, Qt.MouseButton.LeftButton)
    assert questions == []
    assert stored().find("stream", "spare") is None


def test_uses_are_counted_and_long_lists_shortened(session) -> None:
    workspace = session.workspace
    uses = uses_of(workspace, "stream", "combat")
    assert sorted(kind for kind, _ in uses.deleted) == ["allocation"] * 4 + ["deadline"] * 2
    text = uses_text(workspace, "stream", "combat", uses, shown=2)
    assert text.count("• ") == 3 and "• … and 4 more" in text
