"""Account → category mappings: the workspace's table of which SF-424A category each account of the
accounting files belongs to, per file layout, and the one change that edits it.

An import sorts a row by its account's category in this table (:func:`accounts_for`); an account not
in it yet is guessed from its words (:func:`fundtracker.exports.actuals_import.category_of`) and shown
as guessed, so the user can correct it; saving the table (:func:`mapping_steps`) is one audited,
undoable change through :meth:`WorkspaceService.apply`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from fundtracker.domain.errors import InputError
from fundtracker.domain.records import ACTUAL_CATEGORIES, FILE_LAYOUTS, AccountCategory, Workspace, account_key
from fundtracker.exports.actuals_import import category_of
from fundtracker.services.changes import CREATE, DELETE, UPDATE, Step
from fundtracker.services.names import key_from_name


@dataclass(frozen=True)
class AccountChoice:
    """One account of a file, with the category its rows go to.

    Attributes:
        mapped: the category is the workspace's (else it is guessed from the account's words).
    """

    account: str
    category: str
    mapped: bool
    rows: int = 0


def accounts_for(workspace: Workspace, layout: str) -> dict[str, str]:
    """The table for files of ``layout``: :func:`account_key` of each account → its category."""
    return {account_key(m.account): m.category for m in workspace.account_categories if m.layout == layout}


def choices(workspace: Workspace, layout: str, accounts: Iterable[str]) -> list[AccountChoice]:
    """Every account of a file (in order of most rows first), mapped or guessed."""
    table = accounts_for(workspace, layout)
    counts: dict[str, tuple[str, int]] = {}
    for account in accounts:
        if not account.strip():
            continue
        key = account_key(account)
        shown, count = counts.get(key, (account.strip(), 0))
        counts[key] = (shown, count + 1)
    found = []
    for key, (account, count) in counts.items():
        mapped = table.get(key)
        found.append(AccountChoice(account, mapped or category_of(account), mapped is not None, count))
    return sorted(found, key=lambda c: (-c.rows, c.account.casefold()))


def mapping_steps(workspace: Workspace, layout: str, chosen: Mapping[str, str]) -> list[Step]:
    """The steps that make ``chosen`` (account → category) the table's for ``layout``.

    Accounts already mapped so are left alone; a new account gets a new row, a changed one is
    updated; accounts not in ``chosen`` stay as they are (use :func:`removal_steps` to drop some).

    Raises:
        InputError: an unknown layout or category, or an empty account name.
    """
    if layout not in FILE_LAYOUTS:
        raise InputError(f"{layout!r} is not a file layout; use one of {', '.join(FILE_LAYOUTS)}", "layout")
    existing = {account_key(m.account): m for m in workspace.account_categories if m.layout == layout}
    taken = {m.key for m in workspace.account_categories}
    steps: list[Step] = []
    for account, category in chosen.items():
        if not account.strip():
            raise InputError("an account name is empty", "account")
        if category not in ACTUAL_CATEGORIES:
            raise InputError(
                f"{category!r} is not a category for {account!r}; use one of {', '.join(ACTUAL_CATEGORIES)}",
                "category",
            )
        before = existing.get(account_key(account))
        if before is None:
            key = key_from_name(f"{layout} {account}", taken, "account")
            taken.add(key)
            record = AccountCategory(key=key, layout=layout, account=account.strip(), category=category)
            existing[account_key(account)] = record
            steps.append(Step(CREATE, "account_category", key, None, record))
        elif before.category != category:
            after = AccountCategory(key=before.key, layout=layout, account=before.account, category=category)
            steps.append(Step(UPDATE, "account_category", before.key, before, after))
    return steps


def removal_steps(workspace: Workspace, layout: str, accounts: Iterable[str]) -> list[Step]:
    """The steps that drop ``accounts`` from ``layout``'s table (their rows are guessed again)."""
    wanted = {account_key(a) for a in accounts}
    return [
        Step(DELETE, "account_category", m.key, m, None)
        for m in workspace.account_categories
        if m.layout == layout and account_key(m.account) in wanted
    ]


def parse_pairs(items: Iterable[str]) -> dict[str, str]:
    """``--account "6500 Telephone=supplies"`` options as account → category (the last ``=`` splits)."""
    pairs = {}
    for item in items:
        account, sep, category = item.rpartition("=")
        if not sep or not account.strip() or not category.strip():
            raise InputError(f"{item!r} is not ACCOUNT=CATEGORY", "--account")
        pairs[account.strip()] = category.strip().lower()
    return pairs
