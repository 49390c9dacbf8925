"""The boilerplate library: reusable text blocks, as changes the workspace service applies.

A narrative links a block with ``{{text_block.KEY}}`` (:mod:`fundtracker.services.live_values`),
so the block's key is what the sections point at. Each function here returns the steps of one
change (:mod:`fundtracker.services.changes`) for :meth:`WorkspaceService.apply`, so a create, an
edit, a rename or a delete is one transaction, one audit entry per record and one undo step:

- **rename** changes the title and, when asked, the key; a new key is written into every section,
  justification and block that links the old one, in the same change, so no link breaks;
- **delete** is refused while a section or another block links the block, naming where.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterator

from fundtracker.domain.errors import InputError, NotFoundError
from fundtracker.domain.records import Application, TextBlock, Workspace
from fundtracker.domain.validation import KEY_RE
from fundtracker.services.changes import Step, create, delete, update


def link(key: str) -> str:
    """The placeholder that links block ``key``: ``{{text_block.KEY}}``."""
    return f"{{{{text_block.{key}}}}}"


def _link_pattern(key: str) -> re.Pattern[str]:
    # The markup allows spaces inside the braces ({{ text_block.KEY }}); an escaped \{{ is not a link.
    return re.compile(r"(?<!\\)\{\{\s*text_block\." + re.escape(key) + r"\s*\}\}")


def _find(workspace: Workspace, key: str) -> TextBlock:
    block: TextBlock | None = workspace.find("text_block", key)
    if block is None:
        raise NotFoundError(f"no text block with key {key!r}", "text_block")
    return block


def uses(workspace: Workspace, key: str) -> list[str]:
    """Where block ``key`` is linked: ``application bja_cvi: Abstract``, ``text block mission``."""
    pattern = _link_pattern(key)
    found = []
    for application in workspace.applications:
        for section in application.sections:
            if pattern.search(section.text):
                found.append(f"application {application.key}: {section.title}")
        for category, text in application.budget_justification:
            if pattern.search(text):
                found.append(f"application {application.key}: budget justification ({category})")
    found += [f"text block {b.key}" for b in workspace.text_blocks if b.key != key and pattern.search(b.text)]
    return found


def suggested_key(title: str, workspace: Workspace) -> str:
    """A free key made from ``title``: ``Organization history`` → ``organization_history`` (``…_2`` if taken)."""
    base = re.sub(r"[^a-z0-9]+", "_", title.lower()).strip("_")[:56] or "block"
    taken = {block.key for block in workspace.text_blocks}
    key, number = base, 2
    while key in taken:
        key, number = f"{base}_{number}", number + 1
    return key


def _checked(workspace: Workspace, key: str, title: str, *, new: bool) -> None:
    if not title.strip():
        raise InputError("is empty; give the text block a title", "text_block: title")
    if not KEY_RE.match(key):
        raise InputError(
            f"{key!r}: a key is 1–64 letters, digits, '_', '.' or '-', starting with a letter or digit",
            "text_block: key",
        )
    if new and workspace.find("text_block", key) is not None:
        raise InputError(f"{key!r} is already the key of another text block; choose another", "text_block: key")


def create_steps(workspace: Workspace, title: str, text: str = "", key: str | None = None) -> list[Step]:
    """Add a text block (its key made from the title unless given)."""
    key = key or suggested_key(title, workspace)
    _checked(workspace, key, title, new=True)
    return [create(TextBlock(key, title.strip(), text))]


def edit_steps(workspace: Workspace, key: str, text: str) -> list[Step]:
    """Replace the text of block ``key`` (no steps when it is unchanged)."""
    block = _find(workspace, key)
    return [] if block.text == text else [update(block, dataclasses.replace(block, text=text))]


def rename_steps(workspace: Workspace, key: str, title: str, new_key: str | None = None) -> list[Step]:
    """Give block ``key`` a new title and, with ``new_key``, a new key written into every link to it."""
    block = _find(workspace, key)
    new_key = new_key or key
    _checked(workspace, new_key, title, new=new_key != key)
    renamed = dataclasses.replace(block, key=new_key, title=title.strip())
    if new_key == key:
        return [] if renamed == block else [update(block, renamed)]
    steps = [create(renamed)]
    steps += list(_relinked(workspace, key, new_key))
    steps.append(delete(block))
    return steps


def _relinked(workspace: Workspace, old: str, new: str) -> Iterator[Step]:
    pattern = _link_pattern(old)
    for application in workspace.applications:
        changed = _relink_application(application, pattern, link(new))
        if changed != application:
            yield update(application, changed)
    for block in workspace.text_blocks:
        if block.key != old and pattern.search(block.text):
            yield update(block, dataclasses.replace(block, text=pattern.sub(link(new), block.text)))


def _relink_application(application: Application, pattern: re.Pattern[str], new_link: str) -> Application:
    sections = tuple(dataclasses.replace(s, text=pattern.sub(new_link, s.text)) for s in application.sections)
    justification = tuple((c, pattern.sub(new_link, t)) for c, t in application.budget_justification)
    return dataclasses.replace(application, sections=sections, budget_justification=justification)


def delete_steps(workspace: Workspace, key: str) -> list[Step]:
    """Delete block ``key``.

    Raises:
        InputError: a section, a justification or another block links it (each named).
    """
    block = _find(workspace, key)
    linked = uses(workspace, key)
    if linked:
        raise InputError(
            f"is linked from {'; '.join(linked)}; remove {link(key)} there first (or insert a copy of its text)",
            f"text_block {key!r}",
        )
    return [delete(block)]
