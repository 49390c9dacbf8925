"""Benchmark the application PDF: a ~30-page application, 3 budget years, 40 budget lines a year.

Run: ``PYTHONPATH=. python benchmarks/bench_pdf.py`` (``--repeat N``, ``--keep OUT.pdf``).

Targets: the app's path (:func:`write_application_pdf`: budget, placeholders, markup,
story, layout, atomic write) under 1.5 s, and at most 1.5× the time bare reportlab
takes to lay out the same flowables (a ``BaseDocTemplate.multiBuild`` of the story,
without header, footer, bookmarks or progress). Both are timed in the same run; the
figures are medians of ``--repeat`` interleaved runs after a warm-up.
"""

from __future__ import annotations

import argparse
import io
import random
import statistics
import sys
import tempfile
import time
from datetime import date
from decimal import Decimal
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from reportlab.lib.pagesizes import LETTER
from reportlab.platypus import BaseDocTemplate, Flowable, Frame, PageTemplate

from benchmarks.table import report as report_figure
from fundtracker.domain.records import (
    DOJ_SECTIONS,
    Allocation,
    Application,
    Expense,
    FundingStream,
    Milestone,
    Organization,
    Position,
    Section,
    TextBlock,
    Workspace,
)
from fundtracker.exports.pdf_application import _story, build_application_pdf, ordered_sections
from fundtracker.exports.pdf_layout import ApplicationDocument, Heading
from fundtracker.services.application_budget import application_budget, money
from fundtracker.services.live_values import live_values
from fundtracker.services.markup import fill

TARGET_SECONDS = 1.5
TARGET_RATIO = 1.5
POSITIONS = 10  # personnel + fringe lines: 20 a year
EXPENSES = 20  # 20 more lines a year: 40 budget lines a year, 120 over 3 years
WORDS = [
    "advocates",
    "community",
    "violence",
    "intervention",
    "outreach",
    "referral",
    "safety",
    "partnership",
    "residents",
    "trust",
    "services",
    "prevention",
    "enforcement",
    "program",
    "outcomes",
    "families",
    "youth",
    "hospital",
    "neighborhood",
    "data",
    "quarterly",
    "training",
    "mentoring",
    "housing",
    "employment",
    "partners",
    "evaluation",
    "caseload",
    "contacts",
    "retention",
    "mediation",
    "response",
]
AS_OF = date(2025, 1, 1)


def sentence(rng: random.Random) -> str:
    words = [rng.choice(WORDS) for _ in range(rng.randint(10, 22))]
    if rng.random() < 0.3:
        i = rng.randrange(len(words))
        words[i] = f"**{words[i]}**"
    return " ".join(words).capitalize() + "."


def section_text(rng: random.Random, words: int) -> str:
    parts: list[str] = []
    count = 0
    while count < words:
        if rng.random() < 0.15:
            items = [sentence(rng) for _ in range(rng.randint(3, 5))]
            parts.append("\n".join(f"- {item}" for item in items))
        else:
            parts.append(" ".join(sentence(rng) for _ in range(rng.randint(3, 6))))
        count += len(parts[-1].split())
    parts.append("Total requested: {{budget.total}} for {{organization.name}}. {{text_block.history}}")
    return "\n\n".join(parts)


def benchmark_workspace(narrative_words: int = 4_000) -> Workspace:
    """A 3-year application with 10 positions and 20 expenses charged to its stream."""
    rng = random.Random(7)
    start = date(2025, 7, 1)
    positions = tuple(
        Position(
            f"p{i:02d}",
            rng.choice(["Client Advocate", "Outreach Worker", "Case Manager", "Data Analyst"]),
            rng.randrange(45_000, 80_000) * 100,
            date(2025, 1, 1),
            fte=Decimal(rng.choice(["1", "0.5", "0.75"])),
            annual_raise=Decimal("0.03"),
            name=f"Staff Member {i}",
        )
        for i in range(POSITIONS)
    )
    categories = ("travel", "equipment", "supplies", "contractual", "other")
    expenses = tuple(
        Expense(
            f"e{i:02d}",
            f"{categories[i % 5].capitalize()} item {i}",
            rng.randrange(100, 20_000) * 100,
            start,
            category=categories[i % 5],
            recurrence="annual" if i % 5 == 1 else rng.choice(["monthly", "annual"]),
        )
        for i in range(EXPENSES)
    )
    allocations = tuple(Allocation(p.key, "grant", Decimal(rng.choice(["100", "50", "75"]))) for p in positions)
    allocations += tuple(Allocation(e.key, "grant", Decimal("100")) for e in expenses)
    per_section = narrative_words // len(DOJ_SECTIONS)
    sections = tuple(
        Section(key, title, section_text(rng, per_section), word_limit=None) for key, title in DOJ_SECTIONS
    )
    milestones = tuple(
        Milestone(date(2025 + q // 4, 1 + 3 * (q % 4), 1), None, f"Quarterly milestone {q + 1}: {sentence(rng)}")
        for q in range(12)
    )
    application = Application(
        "bench",
        "U.S. Department of Justice",
        "Community Violence Intervention Expansion",
        stream="grant",
        requested_amount=150_000_000,
        period_start=start,
        period_end=date(2028, 6, 30),
        budget_years=3,
        uniform_guidance="2024",
        match_percent=Decimal("20"),
        sections=sections,
        milestones=milestones,
    )
    return Workspace(
        organization=Organization(
            "Benchmark Safety Partnership", 5, Decimal("0.28"), ein="12-3456789", uei="BENCHUEI0001"
        ),
        streams=(FundingStream("grant", "Federal grant", 150_000_000, start, date(2028, 6, 30)),),
        positions=positions,
        expenses=expenses,
        allocations=allocations,
        applications=(application,),
        text_blocks=(TextBlock("history", "History", "Founded in 2010 to reduce gun violence."),),
    )


def bare_story(workspace: Workspace) -> list[object]:
    """The app's flowables for the bare reportlab run (built outside the timing)."""
    application = workspace.applications[0]
    budget = application_budget(workspace, application.key)
    values = live_values(workspace, application, as_of=AS_OF, budget=budget)
    filled = [(s, fill(s.text, values)) for s in ordered_sections(application)]
    document = ApplicationDocument(io.BytesIO(), header="", header_right="")
    return _story(workspace, application, budget, filled, document, AS_OF)


class BareDocument(BaseDocTemplate):  # type: ignore[misc]
    """reportlab's user-guide recipe for a table of contents: notify each heading, nothing else."""

    def afterFlowable(self, flowable: Flowable) -> None:
        if isinstance(flowable, Heading) and flowable.in_toc:
            self.notify("TOCEntry", (flowable.outline_level, flowable.getPlainText(), self.page))


def bare_document() -> BaseDocTemplate:
    """Plain reportlab: the same page size and frame; no header, footer, bookmarks, progress or page count."""
    document = BareDocument(io.BytesIO(), pagesize=LETTER, leftMargin=72, rightMargin=72, topMargin=72)
    frame = Frame(72, 65, document.width, document.height, leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0)
    document.addPageTemplates([PageTemplate("cover", [frame]), PageTemplate("body", [frame])])
    return document


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--keep", metavar="OUT.pdf", help="also write the benchmark PDF here")
    args = parser.parse_args()

    workspace = benchmark_workspace()
    budget = application_budget(workspace, "bench")
    direct_lines = [line for line in budget.lines if line.category != "indirect"]
    with tempfile.TemporaryDirectory() as folder:
        target = Path(folder) / "bench.pdf"
        report = build_application_pdf(workspace, "bench", target, as_of=AS_OF)  # warm-up
        bare_document().multiBuild(bare_story(workspace))  # warm-up
        app_times: list[float] = []
        bare_times: list[float] = []
        passes = 0
        # Interleaved, so a busy machine slows both alike.
        for _ in range(args.repeat):
            began = time.perf_counter()
            report = build_application_pdf(workspace, "bench", target, as_of=AS_OF)
            app_times.append(time.perf_counter() - began)
            story = bare_story(workspace)  # built outside the timing
            began = time.perf_counter()
            passes = bare_document().multiBuild(story)
            bare_times.append(time.perf_counter() - began)
        if args.keep:
            Path(args.keep).write_bytes(target.read_bytes())
    app_seconds = statistics.median(app_times)
    bare_seconds = statistics.median(bare_times)

    ratio = app_seconds / bare_seconds
    print(
        f"application: {report.pages} pages, {len(budget.years)} budget years, "
        f"{len(direct_lines) // len(budget.years)} budget lines a year ({len(direct_lines)} in all), "
        f"total {money(budget.total)}"
    )
    print(f"{'case':<52}{'seconds':>10}{'target':>10}")
    app_label = f"app path, write_application_pdf ({report.layout_passes} passes)"
    print(f"{app_label:<52}{app_seconds:>10.3f}{TARGET_SECONDS:>10.2f}")
    print(f"{f'bare reportlab multiBuild, same flowables ({passes} passes)':<52}{bare_seconds:>10.3f}{'':>10}")
    print(f"{'ratio app / bare':<52}{ratio:>10.2f}{TARGET_RATIO:>10.2f}")
    report_figure("bench_pdf", "application PDF, app path", app_seconds, "s", TARGET_SECONDS)
    report_figure("bench_pdf", "application PDF ÷ bare reportlab", ratio, "x", TARGET_RATIO)
    ok = app_seconds < TARGET_SECONDS and ratio <= TARGET_RATIO
    print("ok" if ok else "MISSED a target")
    return 0 if ok else 1


if __name__ == "__main__":
    raise SystemExit(main())
