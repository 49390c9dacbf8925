"""The figures a writer's own justification text was written against, and which have changed since.

When the writer takes a category of the budget justification over (edits the generated text),
the text is kept as theirs, but the budget it describes goes on changing with the plan. So the
application also keeps, beside the text, the generated figures of that category at the moment
the text was saved: under the key ``CATEGORY.figures`` of ``budget_justification``, as lines
``label: value`` (``Personnel total: $502,853.61``). Every export and the Justification tab
compare them with the budget's figures now and say which changed (old → new), so that a PDF
never prints a justification that contradicts its own SF-424A without a word.
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

from fundtracker.domain.records import Application
from fundtracker.services.application_budget import (
    CATEGORY_TITLES,
    HUNDRED,
    JUSTIFICATION_CATEGORIES,
    ApplicationBudget,
    money,
    percent_text,
)

FIGURES_SUFFIX = ".figures"
ABSENT = "—"


def figures_key(category: str) -> str:
    """The ``budget_justification`` key holding the figures of ``category``'s own text."""
    return category + FIGURES_SUFFIX


def is_figures_key(key: str) -> bool:
    return key.endswith(FIGURES_SUFFIX) and key[: -len(FIGURES_SUFFIX)] in JUSTIFICATION_CATEGORIES


def current_figures(budget: ApplicationBudget, category: str) -> tuple[tuple[str, str], ...]:
    """The figures the generated justification of ``category`` states: its total and each line's
    (indirect: the rate, and each year's MTDC and indirect)."""
    title = CATEGORY_TITLES[category]
    figures = [(f"{title} total", money(budget.category_total(category).total))]
    if category == "indirect":
        rate = f"{percent_text(budget.indirect_rate * HUNDRED)}% ({budget.indirect_rate_basis})"
        figures.append(("Indirect rate", rate))
        for year, mtdc in zip(budget.years, budget.mtdc):
            figures.append((f"{year.label} MTDC", money(mtdc)))
            figures.append((f"{year.label} indirect", money(budget.cell("indirect", year.number).total)))
        return tuple(figures)
    labels: dict[str, str] = {}
    amounts: dict[str, int] = {}
    for line in budget.lines_for(category):
        labels.setdefault(line.source, line.label)
        amounts[line.source] = amounts.get(line.source, 0) + line.amount
    figures += [(labels[source], money(amounts[source])) for source in labels]
    return tuple(figures)


def encode(figures: tuple[tuple[str, str], ...]) -> str:
    return "\n".join(f"{label}: {value}" for label, value in figures)


def decode(text: str) -> dict[str, str]:
    result: dict[str, str] = {}
    for line in text.splitlines():
        label, separator, value = line.rpartition(": ")
        if separator:
            result[label] = value
    return result


def with_own_text(application: Application, category: str, text: str, budget: ApplicationBudget) -> Application:
    """The application with ``text`` as its own justification of ``category``, and the figures it
    was written against; empty ``text`` drops both (the generated text is used again)."""
    entries = dict(application.budget_justification)
    entries.pop(category, None)
    entries.pop(figures_key(category), None)
    if text.strip():
        entries[category] = text
        entries[figures_key(category)] = encode(current_figures(budget, category))
    ordered = [(c, entries.pop(c)) for key in JUSTIFICATION_CATEGORIES for c in (key, figures_key(key)) if c in entries]
    ordered += list(entries.items())  # keys of no known category stay, after them (a warning names them)
    return dataclasses.replace(application, budget_justification=tuple(ordered))


@dataclass(frozen=True)
class StaleJustification:
    """A category whose own text was written against figures that are no longer the budget's.

    Attributes:
        category: the category key.
        changes: ``(label, old, new)`` of each figure that changed ("—" where a figure is new or gone).
        unrecorded: the text keeps no figures (written before they were recorded, or by hand in a file).
    """

    category: str
    changes: tuple[tuple[str, str, str], ...] = ()
    unrecorded: bool = False

    @property
    def changes_text(self) -> str:
        """``Personnel total $502,853.61 → $512,523.93; Client Advocate (Maria Peña) $167,617.87 → …``."""
        return "; ".join(f"{label} {old} → {new}" for label, old, new in self.changes)

    @property
    def warning(self) -> str:
        title = CATEGORY_TITLES[self.category].lower()
        if self.unrecorded:
            return (
                f"budget justification ({title}) is your own text and does not record the figures it was written "
                "against; check it against the budget, or regenerate it (Use generated text)"
            )
        return (
            f"budget justification ({title}) is your own text, written against figures that have changed: "
            f"{self.changes_text}; regenerate it (Use generated text) or update it"
        )


def stale_justifications(application: Application, budget: ApplicationBudget) -> list[StaleJustification]:
    """Each category with own text whose recorded figures differ from the budget's now."""
    entries = dict(application.budget_justification)
    stale = []
    for category in JUSTIFICATION_CATEGORIES:
        if not entries.get(category, "").strip():
            continue
        recorded = entries.get(figures_key(category))
        if recorded is None:
            stale.append(StaleJustification(category, unrecorded=True))
            continue
        old = decode(recorded)
        new = dict(current_figures(budget, category))
        changes = tuple(
            (label, old.get(label, ABSENT), new.get(label, ABSENT))
            for label in [*new, *(label for label in old if label not in new)]
            if old.get(label) != new.get(label)
        )
        if changes:
            stale.append(StaleJustification(category, changes))
    return stale


# Placeholders that print a budget amount a reader takes for the amount requested.
AMOUNT_PLACEHOLDERS = {"budget.total": "the budget's total", "budget.federal": "the budget's federal share"}


def amount_warnings(application: Application, budget: ApplicationBudget) -> list[str]:
    """Where the narrative's budget placeholders say another amount than the cover's amount requested.

    The cover prints the amount requested and SF-424A line k the budget; a section that prints
    ``{{budget.total}}`` or ``{{budget.federal}}`` must say the same amount, or the export says why not.
    """
    from fundtracker.services.markup import PLACEHOLDER_RE

    values = {"budget.total": budget.total, "budget.federal": budget.federal_total}
    warnings = []
    for section in application.sections:
        used = {m.group(1).strip() for m in PLACEHOLDER_RE.finditer(section.text)}
        for name in sorted(used & set(values)):
            if values[name] != application.requested_amount:
                why = (
                    "it includes the match"
                    if name == "budget.total" and budget.federal_total == application.requested_amount
                    else "the request differs from the budget"
                )
                warnings.append(
                    f"section {section.title or section.key!r} prints {{{{{name}}}}} = {money(values[name])} "
                    f"({AMOUNT_PLACEHOLDERS[name]}), but the cover's amount requested is "
                    f"{money(application.requested_amount)}: {why}"
                )
    return warnings
