"""The boilerplate library as service changes: create, edit, rename (links follow), delete; audited and undoable."""

from __future__ import annotations

import pytest

from fundtracker.domain.errors import InputError
from fundtracker.services import text_blocks
from fundtracker.services.changes import inverse


def capabilities(workspace) -> str:  # type: ignore[no-untyped-def]
    return next(s.text for s in workspace.find("application", "bja_cvi").sections if s.key == "capabilities")


def test_create_edit_and_undo_through_the_service(sample_service) -> None:  # type: ignore[no-untyped-def]
    workspace = sample_service.load()
    steps = text_blocks.create_steps(workspace, "Fiscal host", "The Health Department is our fiscal host.")
    assert [(s.action, s.key) for s in steps] == [("create", "fiscal_host")]
    workspace = sample_service.apply(steps)
    assert workspace.find("text_block", "fiscal_host").text == "The Health Department is our fiscal host."
    edit = text_blocks.edit_steps(workspace, "fiscal_host", "The City Health Department is our fiscal host.")
    workspace = sample_service.apply(edit)
    assert workspace.find("text_block", "fiscal_host").text == "The City Health Department is our fiscal host."
    entries = sample_service.audit_log(kind="text_block", key="fiscal_host")
    assert [entry.action for entry in entries] == ["update", "create"]
    workspace = sample_service.apply(inverse(edit))
    assert workspace.find("text_block", "fiscal_host").text == "The Health Department is our fiscal host."
    assert text_blocks.edit_steps(workspace, "fiscal_host", "The Health Department is our fiscal host.") == []


def test_a_new_key_is_made_from_the_title_and_never_taken() -> None:
    from fundtracker.services.sample import sample_workspace

    workspace = sample_workspace()
    assert text_blocks.suggested_key("Organization history!", workspace) == "organization_history"
    assert text_blocks.suggested_key("History", workspace) == "history_2"  # "history" is the sample's
    with pytest.raises(InputError, match="text_block: title: is empty"):
        text_blocks.create_steps(workspace, "  ")
    with pytest.raises(InputError, match="'history' is already the key of another text block"):
        text_blocks.create_steps(workspace, "Again", key="history")


def test_renaming_the_key_rewrites_every_link_in_one_undoable_change(sample_service) -> None:  # type: ignore[no-untyped-def]
    workspace = sample_service.load()
    assert "{{text_block.history}}" in capabilities(workspace)
    steps = text_blocks.rename_steps(workspace, "history", "Our history", "our_history")
    assert [(s.action, s.kind, s.key) for s in steps] == [
        ("create", "text_block", "our_history"),
        ("update", "application", "bja_cvi"),
        ("delete", "text_block", "history"),
    ]
    renamed = sample_service.apply(steps)
    assert renamed.find("text_block", "history") is None
    assert renamed.find("text_block", "our_history").title == "Our history"
    assert "{{text_block.our_history}}" in capabilities(renamed)
    assert "{{text_block.history}}" not in capabilities(renamed)
    restored = sample_service.apply(inverse(steps))
    assert sorted(restored.text_blocks, key=lambda b: b.key) == sorted(workspace.text_blocks, key=lambda b: b.key)
    assert restored.applications == workspace.applications


def test_a_title_only_rename_keeps_the_key(sample_service) -> None:  # type: ignore[no-untyped-def]
    workspace = sample_service.load()
    steps = text_blocks.rename_steps(workspace, "mission", "Our mission")
    assert [(s.action, s.key) for s in steps] == [("update", "mission")]
    assert sample_service.apply(steps).find("text_block", "mission").title == "Our mission"


def test_a_linked_block_is_not_deleted_and_says_where(sample_service) -> None:  # type: ignore[no-untyped-def]
    workspace = sample_service.load()
    with pytest.raises(InputError) as refused:
        text_blocks.delete_steps(workspace, "history")
    assert str(refused.value) == (
        "text_block 'history': is linked from application bja_cvi: Capabilities and Competencies; "
        "remove {{text_block.history}} there first (or insert a copy of its text)"
    )
    workspace = sample_service.apply(text_blocks.delete_steps(workspace, "key_staff"))
    assert workspace.find("text_block", "key_staff") is None
    assert [e.action for e in sample_service.audit_log(kind="text_block", key="key_staff")] == ["delete"]
