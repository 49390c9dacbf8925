"""The words a program lead may not know, said once: Help ▸ Glossary and the tooltips use this text.

Each :class:`Term` has a short definition (a tooltip's first line) and, where it helps, a
longer explanation with an example. The app's field and column tooltips add the term's
definition (:func:`tooltip_for`), so a word means the same on every page. No Qt here.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Term:
    """One glossary entry.

    Args:
        term: the word as the app prints it.
        short: one sentence, what it means here.
        more: an explanation or example (may be empty).
        also: other words the app uses for it (looked up by :func:`find`).
    """

    term: str
    short: str
    more: str = ""
    also: tuple[str, ...] = ()


TERMS: tuple[Term, ...] = (
    Term(
        "Secured",
        "Money the funder has committed in writing: it counts in every view.",
        "The secured view answers 'how long can we pay everyone if nothing new comes in'.",
        ("secured view",),
    ),
    Term(
        "Pending, contested, prospect",
        "Money hoped for but not committed: applied for and awaiting a decision (pending), disputed "
        "(contested), or not yet applied for (prospect).",
        "Only the expected view and the chance count it.",
        ("pending", "contested", "prospect"),
    ),
    Term(
        "Expected",
        "The view in which every hoped-for stream comes in, in full and on time.",
        "It is the best case, not the likely one: 'through May 2028 expected' can have a 10% chance. "
        "The chance of staying funded says how likely it is.",
        ("expected view",),
    ),
    Term(
        "Chance",
        "How likely a hoped-for stream is to come in, as a percent (0–100%).",
        "The chance of staying funded combines every stream's chance; 'Outcomes' can say that money may "
        "come in smaller or later instead.",
        ("probability", "chance of staying funded"),
    ),
    Term(
        "Funded through",
        "The last month every cost can be paid from the money available (the runway's end).",
        "'Funded through April 2027 on secured money' means May 2027 is the first month something goes unpaid.",
        ("funded-through", "runway"),
    ),
    Term(
        "Runway",
        "How many months the money lasts at the planned costs: from now to the funded-through month.",
        "",
    ),
    Term(
        "Horizon",
        "How far ahead the forecast looks: 36 months from its first month unless set otherwise.",
        "'Never in the horizon' means it does not happen within those months.",
    ),
    Term(
        "Allocation",
        "The share (a percent) of a position or expense that a funding stream pays, from a start day.",
        "A cost line's shares add up to at most 100%; what no stream pays is unfunded.",
        ("share",),
    ),
    Term(
        "Priority",
        "Which costs are paid first when money runs short: 1 first; costs without a priority come last.",
        "Among costs with the same priority, positions are paid before expenses, then in the order of "
        "their keys; give priorities to decide it yourself.",
    ),
    Term(
        "Restricted",
        "Money that may pay only for the costs allocated to it.",
        "Unrestricted money pays any cost its allocations leave unpaid.",
    ),
    Term(
        "Lapse",
        "Money a stream's period ends with unspent: the funder takes it back or it can no longer be used.",
        "'Undrawn award' is the part never drawn down at all.",
        ("lapsing", "lapses unspent", "undrawn award"),
    ),
    Term(
        "Tranche",
        "One payment of an award paid in several parts on set dates.",
        "The tranches of a stream add up to its amount.",
        ("tranches",),
    ),
    Term(
        "Reimbursement lag",
        "Days from paying a cost to getting the money back from the funder.",
        "Reimbursement grants pay after the costs, so the organization must carry them meanwhile.",
        ("lag",),
    ),
    Term(
        "FTE",
        "Full-time equivalent: 1 is full time, 0.5 half time.",
        "",
    ),
    Term(
        "Fringe",
        "Benefits and payroll taxes, as a percent of salary.",
        "A position without its own rate uses the organization's.",
        ("fringe rate",),
    ),
    Term(
        "Indirect costs",
        "Shared costs of running the organization (rent, finance, IT), charged as a percent of direct costs.",
        "Either the rate negotiated with a federal agency or the de minimis rate.",
        ("indirect", "indirect rate", "negotiated indirect"),
    ),
    Term(
        "MTDC",
        "Modified total direct costs: the base indirect costs are charged on.",
        "Direct costs without equipment, rent, participant support, and the part of each subaward over "
        "$50,000 (2 CFR 200.1; $25,000 under the 2014 rules).",
        ("modified total direct costs",),
    ),
    Term(
        "De minimis",
        "The indirect rate any organization may use without negotiating one: 15% of MTDC (10% before October 2024).",
        "",
    ),
    Term(
        "Uniform Guidance",
        "The federal rules for grants (2 CFR 200). The 2024 version applies to awards from 2024-10-01.",
        "It sets the de minimis rate (15%; 10% before) and the equipment threshold ($10,000; $5,000 before).",
    ),
    Term(
        "Match",
        "The share of a project's cost the organization pays from non-federal money, as a percent of the total.",
        "Also called cost share.",
        ("cost share",),
    ),
    Term(
        "Scenario",
        "A what-if: changes to streams and positions (a grant declined, a hire later) compared with the plan.",
        "",
    ),
    Term(
        "Burn rate",
        "Spending per month, from the months already closed.",
        "",
        ("burn",),
    ),
    Term(
        "Locked period",
        "A month finance has closed: its spending and the allocations charging it cannot change.",
        "",
        ("locked month",),
    ),
    Term(
        "SF-424A",
        "The federal budget form: object classes (personnel, fringe, travel …) by budget year.",
        "",
    ),
)


def find(word: str) -> Term | None:
    """The term called ``word`` (or one of its other names), case-insensitive."""
    wanted = word.strip().lower()
    for term in TERMS:
        if wanted == term.term.lower() or wanted in term.also:
            return term
    return None


def definition(word: str) -> str:
    """The short definition of ``word``; KeyError when the glossary lacks it."""
    term = find(word)
    if term is None:
        raise KeyError(word)
    return term.short


def tooltip_for(tooltip: str, word: str) -> str:
    """A field's own tooltip followed by the glossary's meaning of ``word`` (once)."""
    meaning = definition(word)
    if meaning in tooltip:
        return tooltip
    term = find(word)
    assert term is not None
    return f"{tooltip}\n{term.term}: {meaning}" if tooltip else f"{term.term}: {meaning}"


def as_html() -> str:
    """The whole glossary as simple HTML (for the dialog and a printed copy)."""
    from html import escape

    rows = []
    for term in TERMS:
        more = f"<br><span style='color:#555'>{escape(term.more)}</span>" if term.more else ""
        rows.append(f"<dt><b>{escape(term.term)}</b></dt><dd>{escape(term.short)}{more}</dd>")
    return "<dl>" + "".join(rows) + "</dl>"
