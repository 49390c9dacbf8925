"""The sample application as a PDF: text, figures to the cent, outline, metadata, pages, safe writing."""

from __future__ import annotations

import dataclasses
import shutil
import subprocess
from datetime import date
from pathlib import Path

import pypdf
import pytest

from fundtracker.cli import run_command
from fundtracker.domain.errors import InputError
from fundtracker.domain.months import month_index
from fundtracker.domain.records import DOJ_SECTIONS, Workspace
from fundtracker.exports.pdf_application import (
    ExportCancelled,
    PdfReport,
    build_application_pdf,
    write_application_pdf,
)
from fundtracker.services.application_budget import OBJECT_CLASSES, ApplicationBudget, application_budget, money
from fundtracker.store import json_format

AS_OF = date(2022, 1, 1)


def squash(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, PdfReport, ApplicationBudget, Workspace]:
    from fundtracker.services.sample import sample_workspace

    workspace = sample_workspace(AS_OF)
    path = tmp_path_factory.mktemp("pdf") / "application.pdf"
    report = build_application_pdf(workspace, "bja_cvi", path, as_of=AS_OF)
    return path, report, application_budget(workspace, "bja_cvi"), workspace


def page_texts(path: Path) -> list[str]:
    return [squash(page.extract_text()) for page in pypdf.PdfReader(path).pages]


def test_every_section_title_and_cover_field_is_in_the_text(
    built: tuple[Path, PdfReport, ApplicationBudget, Workspace],
) -> None:
    path, _, _, _ = built
    texts = page_texts(path)
    everything = " ".join(texts)
    for _, title in DOJ_SECTIONS:
        assert title in everything
    cover = texts[0]
    for field in (
        "Client Advocates for Community Violence Intervention",
        "Grant application to U.S. Department of Justice, Bureau of Justice Assistance",
        "Kansas City Community Safety Partnership",
        "SAMPLEUEI000",
        "00-0000000",
        "$690,262.18",  # the sample asks for what its plan costs (its SF-424A line k)
        "July 1, 2022 – June 30, 2025 (3 budget years)",
        "March 15, 2022",
        "lead@example.org",
        "816-555-0100",
        "January 1, 2022",
    ):
        assert field in cover, field
    assert "Maria Peña" in everything  # the Unicode font, with its ñ


def test_section_b_rows_equal_the_budget_to_the_cent(
    built: tuple[Path, PdfReport, ApplicationBudget, Workspace],
) -> None:
    path, report, budget, _ = built
    texts = page_texts(path)
    section_b = next(t for t in texts if "Section B by budget year" in t and "a. Personnel" in t)
    for letter, key, title in OBJECT_CLASSES:
        cells = [money(budget.cell(key, y.number).federal) for y in budget.years]
        row = f"{letter}. {title} {' '.join(cells)} {money(budget.category_total(key).federal)}"
        assert row in section_b, row
    assert report.total == budget.total == 69_026_218
    assert "$690,262.18" in section_b


def test_worksheet_shows_each_computation(built: tuple[Path, PdfReport, ApplicationBudget, Workspace]) -> None:
    path, _, budget, _ = built
    everything = squash(" ".join(page_texts(path)))
    for line in budget.lines:
        assert squash(line.formula) in everything, line.formula
    assert "Total personnel $499,128.78" in everything
    assert "Indirect costs total $62,751.10" in everything


def test_runway_placeholder_is_filled_with_the_forecast(
    built: tuple[Path, PdfReport, ApplicationBudget, Workspace],
) -> None:
    from fundtracker.forecast import forecast

    path, _, _, workspace = built
    through = forecast(workspace, view="secured", start=month_index(AS_OF)).funded_through
    assert through is not None
    expected = f"Secured funding currently lasts through {through:%B} {through.day}, {through.year}."
    assert expected in " ".join(page_texts(path))


def test_pages_footer_outline_and_metadata(built: tuple[Path, PdfReport, ApplicationBudget, Workspace]) -> None:
    path, report, _, _ = built
    reader = pypdf.PdfReader(path)
    assert (
        len(reader.pages) == report.pages == 13
    )  # cover, SF-424 face page, contents, narrative, budget with SF-424A A–F
    assert f"Page {report.pages} of {report.pages}" in squash(reader.pages[-1].extract_text())
    assert "Page 1 of 13" in squash(reader.pages[0].extract_text())

    def titles(outline: list[object]) -> list[str]:
        found: list[str] = []
        for item in outline:
            if isinstance(item, list):
                found += titles(item)
            else:
                found.append(item.title)  # type: ignore[attr-defined]
        return found

    outline = titles(reader.outline)
    assert outline == ["Application for Federal Assistance (SF-424): key data"] + [
        title for _, title in DOJ_SECTIONS
    ] + [
        "Budget",
        "SF-424A: Budget Information",
        "Section B by budget year",
        "Budget Detail Worksheet",
        "Budget Justification",
    ]
    meta = reader.metadata
    assert meta is not None
    assert meta.title == "Client Advocates for Community Violence Intervention"
    assert meta.author == "Kansas City Community Safety Partnership"
    assert meta.subject == "Grant application to U.S. Department of Justice, Bureau of Justice Assistance"
    contents = squash(reader.pages[2].extract_text())  # after the cover and the SF-424 face page
    assert "Contents" in contents and "Budget Detail Worksheet" in contents


def test_report_counts_section_pages_and_carries_budget_warnings(
    built: tuple[Path, PdfReport, ApplicationBudget, Workspace],
) -> None:
    _, report, _, _ = built
    assert [s.key for s in report.sections] == [key for key, _ in DOJ_SECTIONS]
    assert report.sections[0].first_page == 4  # cover, SF-424 face page, contents
    assert not any("differs" in w for w in report.warnings)  # the sample asks for its budget's total


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="poppler-utils not installed")
def test_pdftoppm_renders_every_page(
    built: tuple[Path, PdfReport, ApplicationBudget, Workspace], tmp_path: Path
) -> None:
    path, report, _, _ = built
    result = subprocess.run(
        ["pdftoppm", "-png", "-r", "30", str(path), str(tmp_path / "page")], capture_output=True, text=True
    )
    assert result.returncode == 0 and result.stderr == ""
    pages = sorted(tmp_path.glob("page-*.png"))
    assert len(pages) == report.pages
    assert all(p.stat().st_size > 1000 for p in pages)


def test_a_failed_export_leaves_the_existing_pdf_untouched(sample: Workspace, tmp_path: Path) -> None:
    target = tmp_path / "out.pdf"
    target.write_bytes(b"%PDF-1.4 previous export")
    app = sample.find("application", "bja_cvi")
    broken_section = dataclasses.replace(app.sections[0], text="{{no.such.value}}")
    broken = dataclasses.replace(app, sections=(broken_section, *app.sections[1:]))
    workspace = dataclasses.replace(sample, applications=(broken,))
    with pytest.raises(InputError, match=r"section 'abstract': unknown placeholder \{\{no.such.value\}\}"):
        write_application_pdf(workspace, "bja_cvi", target, as_of=AS_OF)
    assert target.read_bytes() == b"%PDF-1.4 previous export"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.pdf"]


def test_cancel_during_layout_writes_nothing(sample: Workspace, tmp_path: Path) -> None:
    target = tmp_path / "out.pdf"
    target.write_bytes(b"old")
    calls: list[tuple[int, int]] = []

    def cancelled() -> bool:
        return len(calls) >= 20

    with pytest.raises(ExportCancelled, match="cancelled"):
        write_application_pdf(
            sample, "bja_cvi", target, as_of=AS_OF, progress=lambda d, t: calls.append((d, t)), cancelled=cancelled
        )
    assert target.read_bytes() == b"old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.pdf"]


def test_progress_is_monotonic_and_ends_complete(sample: Workspace, tmp_path: Path) -> None:
    calls: list[tuple[int, int]] = []
    write_application_pdf(
        sample, "bja_cvi", tmp_path / "a.pdf", as_of=AS_OF, progress=lambda d, t: calls.append((d, t))
    )
    assert len(calls) > 50
    assert all(done <= total for done, total in calls)
    assert [d for d, _ in calls] == sorted(d for d, _ in calls)
    assert calls[-1][0] == calls[-1][1]


def test_cli_writes_the_pdf_and_prints_warnings(
    sample: Workspace, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    # Ask for less than the plan costs, so the export warns.
    app = sample.find("application", "bja_cvi")
    asking_less = dataclasses.replace(sample, applications=(dataclasses.replace(app, requested_amount=45_000_000),))
    source = tmp_path / "ws.json"
    json_format.write_file(asking_less, source)
    out = tmp_path / "app.pdf"
    code = run_command(
        ["export", "application", str(source), "--application", "bja_cvi", "-o", str(out), "--as-of", "2022-01-01"]
    )
    captured = capsys.readouterr()
    assert code == 0
    assert f"wrote {out}: 13 pages (DejaVu Sans 10 pt, single-spaced), budget total $690,262.18" in captured.out
    assert "warning: requested amount $450,000.00 differs" in captured.err
    assert len(pypdf.PdfReader(out).pages) == 13


def test_cli_unknown_application_is_one_line_error(
    sample: Workspace, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    source = tmp_path / "ws.json"
    json_format.write_file(sample, source)
    code = run_command(["export", "application", str(source), "--application", "nope", "-o", str(tmp_path / "x.pdf")])
    assert code == 1
    err = capsys.readouterr().err
    assert err == "fundtracker: error: no application with key 'nope' (applications in this workspace: bja_cvi)\n"
    assert not (tmp_path / "x.pdf").exists()
