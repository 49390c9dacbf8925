"""The application as a Word document, read back with python-docx: headings, narrative, tables, figures."""

from __future__ import annotations

import dataclasses
from datetime import date
from decimal import Decimal
from pathlib import Path

import docx
import pypdf
import pytest
from docx.oxml.ns import qn

from fundtracker.cli import run_command
from fundtracker.domain.errors import InputError, WorkspaceError
from fundtracker.domain.records import DOJ_SECTIONS, Workspace
from fundtracker.exports.docx_application import DocxReport, build_application_docx
from fundtracker.exports.pdf_application import build_application_pdf
from fundtracker.exports.typography import Typography
from fundtracker.services.application_budget import (
    CATEGORY_TITLES,
    OBJECT_CLASSES,
    ApplicationBudget,
    application_budget,
    money,
)
from fundtracker.services.budget_justification import justification
from fundtracker.services.markup import plain_text
from fundtracker.store import json_format

AS_OF = date(2022, 1, 1)
DocxBuilt = tuple[Path, DocxReport, ApplicationBudget, Workspace]


def squash(text: str) -> str:
    return " ".join(text.split())


def with_match(workspace: Workspace, percent: str) -> Workspace:
    app = workspace.find("application", "bja_cvi")
    return dataclasses.replace(workspace, applications=(dataclasses.replace(app, match_percent=Decimal(percent)),))


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> DocxBuilt:
    from fundtracker.services.sample import sample_workspace

    workspace = with_match(sample_workspace(AS_OF), "10")  # a match, so the non-federal tables are there too
    path = tmp_path_factory.mktemp("docx") / "application.docx"
    report = build_application_docx(workspace, "bja_cvi", path, as_of=AS_OF)
    return path, report, application_budget(workspace, "bja_cvi"), workspace


def headings(document: docx.document.Document, style: str) -> list[str]:
    return [p.text for p in document.paragraphs if p.style is not None and p.style.name == style]


def table_after(document: docx.document.Document, first_cell: str) -> list[list[str]]:
    """The rows of the first table whose top-left cell is ``first_cell``."""
    for table in document.tables:
        if table.cell(0, 0).text == first_cell:
            return [[cell.text for cell in row.cells] for row in table.rows]
    raise AssertionError(f"no table starting {first_cell!r}")


def test_every_section_is_a_word_heading_with_its_text(built: DocxBuilt) -> None:
    path, report, _, workspace = built
    document = docx.Document(str(path))
    level1 = headings(document, "Heading 1")
    assert level1 == [title for _, title in DOJ_SECTIONS] + ["Budget"]
    assert headings(document, "Heading 2") == [
        "SF-424A Section B: Budget Categories",
        "Budget Detail Worksheet",
        "Budget Justification",
    ]
    assert headings(document, "Title") == ["Client Advocates for Community Violence Intervention"]
    assert report.sections == tuple(key for key, _ in DOJ_SECTIONS)
    body = squash(" ".join(p.text for p in document.paragraphs))
    # The sample's abstract, as a reader sees it (markup gone), filled with the live total.
    abstract = workspace.find("application", "bja_cvi").sections[0]
    assert abstract.key == "abstract"
    assert "Kansas City Community Safety Partnership requests $690,262.18 to retain" in body
    assert "Secured funding currently lasts through April 30, 2022." in body


def test_lists_and_emphasis_are_word_bullets_and_runs(built: DocxBuilt) -> None:
    path, _, _, _ = built
    document = docx.Document(str(path))
    bullets = headings(document, "List Bullet")
    assert "Retain three full-time client advocates." in bullets
    assert "Client Advocate (Maria Peña): $166,376.26" in bullets  # the personnel justification's items
    design = next(p for p in document.paragraphs if p.text.startswith("The advocates work under the Health"))
    bold = [run.text for run in design.runs if run.bold]
    assert bold == ["prevention", "intervention", "enforcement", "trust building"]
    assert "**" not in " ".join(p.text for p in document.paragraphs)


def test_section_b_cells_equal_the_budget_and_the_pdf_to_the_cent(built: DocxBuilt, tmp_path: Path) -> None:
    path, report, budget, workspace = built
    document = docx.Document(str(path))
    pdf_path = tmp_path / "same.pdf"
    build_application_pdf(workspace, "bja_cvi", pdf_path, as_of=AS_OF)
    pdf_text = squash(" ".join(page.extract_text() for page in pypdf.PdfReader(pdf_path).pages))
    for share, title in (("federal", "federal"), ("non_federal", "non-federal"), ("total", "federal and non-federal")):
        rows = table_after(document, f"Object class ({title})")
        assert rows[0] == ["Object class (" + title + ")", "Year 1", "Year 2", "Year 3", "Total"]
        for (letter, key, name), row in zip(OBJECT_CLASSES, rows[1:], strict=True):
            cells = [money(getattr(budget.cell(key, y.number), share)) for y in budget.years]
            assert row == [f"{letter}. {name}", *cells, money(getattr(budget.category_total(key), share))]
            assert f"{letter}. {name} {' '.join(row[1:])}" in pdf_text  # the PDF prints the same row
    shares = table_after(document, "Share of line k")
    # 10% match, rounded per object class and year (33 cells), so not 10% of $690,262.18 exactly.
    assert shares[1][-1] == money(budget.federal_total) == "$621,235.96"
    assert shares[2][-1] == money(budget.non_federal_total) == "$69,026.22"
    assert shares[3][-1] == money(report.total) == "$690,262.18"


def test_worksheet_lines_and_totals_are_table_rows(built: DocxBuilt) -> None:
    path, _, budget, _ = built
    document = docx.Document(str(path))
    worksheet = [
        [cell.text for cell in row.cells]
        for table in document.tables
        if table.cell(0, 0).text == "Year"
        for row in table.rows[1:]
    ]
    for line in budget.lines:
        assert [str(line.year), line.label, line.formula, money(line.amount)] in worksheet, line.formula
    assert ["", "Total personnel", "", "$499,128.78"] in worksheet
    assert ["", "Total indirect charges", "", "$62,751.10"] in worksheet
    # Total rows are bold, the header row repeats on each page.
    table = next(t for t in document.tables if t.cell(0, 0).text == "Year")
    assert all(run.bold for run in table.rows[-1].cells[3].paragraphs[0].runs)
    assert table.rows[0]._tr.trPr.xpath("./w:tblHeader")


def test_justification_and_timeline(built: DocxBuilt) -> None:
    path, _, budget, workspace = built
    document = docx.Document(str(path))
    application = workspace.find("application", "bja_cvi")
    level3 = headings(document, "Heading 3")
    body = squash(" ".join(p.text for p in document.paragraphs))
    for category, text in justification(workspace, application, budget):
        letter = next(letter for letter, key, _ in OBJECT_CLASSES if key == category)
        assert f"{letter}. {CATEGORY_TITLES[category]}" in level3
        first = plain_text(text).split("\n")[0].removeprefix("• ")
        assert squash(first) in body, first
    timeline = table_after(document, "Activity")
    assert timeline[0] == ["Activity", "Start", "End", "Responsible"]
    assert timeline[1:] == [
        ["Retain advocates; set up referral agreements", "Jul 1, 2022", "Sep 30, 2022", "Team Lead"],
        ["Case management and outreach", "Oct 1, 2022", "Jun 30, 2025", "Client Advocates"],
        ["Quarterly performance reports", "Oct 1, 2022", "Jun 30, 2025", "Team Lead"],
    ]


def test_typography_is_the_normal_style(sample: Workspace, tmp_path: Path) -> None:
    path = tmp_path / "serif.docx"
    report = build_application_docx(sample, "bja_cvi", path, as_of=AS_OF, typography=Typography("serif", 12, "double"))
    document = docx.Document(str(path))
    normal = document.styles["Normal"]
    assert normal.font.name == "DejaVu Serif"
    # Headings too: no theme font left to override the named one.
    heading = document.styles["Heading 1"].element.rPr.rFonts
    assert heading.get(qn("w:ascii")) == "DejaVu Serif" and heading.get(qn("w:asciiTheme")) is None
    assert normal.font.size.pt == 12
    assert normal.paragraph_format.line_spacing == 2.0
    assert report.typography == "DejaVu Serif 12 pt, double-spaced"


def test_a_failed_export_leaves_the_existing_docx_untouched(sample: Workspace, tmp_path: Path) -> None:
    target = tmp_path / "out.docx"
    target.write_bytes(b"previous export")
    app = sample.find("application", "bja_cvi")
    broken_section = dataclasses.replace(app.sections[0], text="{{no.such.value}}")
    workspace = dataclasses.replace(sample, applications=(dataclasses.replace(app, sections=(broken_section,)),))
    with pytest.raises(InputError, match=r"section 'abstract': unknown placeholder \{\{no.such.value\}\}"):
        build_application_docx(workspace, "bja_cvi", target, as_of=AS_OF)
    assert target.read_bytes() == b"previous export"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["out.docx"]


def test_cli_format_follows_the_suffix(sample: Workspace, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = tmp_path / "ws.json"
    json_format.write_file(sample, source)
    out = tmp_path / "app.docx"
    base = ["export", "application", str(source), "--application", "bja_cvi", "--as-of", "2022-01-01"]
    assert run_command([*base, "-o", str(out)]) == 0
    assert capsys.readouterr().out == (
        f"wrote {out}: 9 sections (DejaVu Sans 10 pt, single-spaced), budget total $690,262.18\n"
    )
    assert "Budget Justification" in [p.text for p in docx.Document(str(out)).paragraphs]

    assert run_command([*base, "-o", str(tmp_path / "app.pdf"), "--format", "docx"]) == 1
    assert "an application with --format docx is written as .docx" in capsys.readouterr().err
    assert run_command([*base, "-o", str(tmp_path / "app.odt")]) == 1
    assert "an application is written as .pdf or .docx" in capsys.readouterr().err
    assert sorted(p.name for p in tmp_path.iterdir()) == ["app.docx", "ws.json"]


def test_the_workspace_is_never_the_output(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    database = tmp_path / "ws.docx"  # a workspace database, whatever its name says
    assert run_command(["sample", str(database), "--as-of", "2022-01-01"]) == 0
    before = database.read_bytes()
    capsys.readouterr()
    command = ["export", "application", str(database), "--application", "bja_cvi", "-o", str(database)]
    assert run_command(command) == 1
    assert "write the output to another file" in capsys.readouterr().err
    from fundtracker.services.locations import read_workspace

    with pytest.raises(WorkspaceError, match="is a database"):
        build_application_docx(read_workspace(str(database)), "bja_cvi", database, as_of=AS_OF)
    assert database.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["ws.docx"]
