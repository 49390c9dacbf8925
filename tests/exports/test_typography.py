"""An application's typography (font, size, spacing): stored, validated, laid out, and page limits on real pages."""

from __future__ import annotations

import dataclasses
from collections import Counter
from datetime import date
from pathlib import Path
from typing import Any

import pypdf
import pytest

from fundtracker.domain.records import Application, Workspace
from fundtracker.domain.validation import validate_workspace as validate
from fundtracker.exports.pdf_application import build_application_pdf
from fundtracker.exports.section_pages import section_page_count
from fundtracker.exports.typography import Typography
from fundtracker.services.markup import fill
from fundtracker.store import json_format

AS_OF = date(2022, 1, 1)
# About 3,000 words in 20 paragraphs: several pages at any setting.
LONG = "\n\n".join(["lorem ipsum dolor sit amet " * 30] * 20)


def _with(workspace: Workspace, text: str = LONG, **changes: Any) -> Workspace:
    app = workspace.find("application", "bja_cvi")
    sections = tuple(dataclasses.replace(s, text=text) if s.key == "need" else s for s in app.sections)
    return dataclasses.replace(workspace, applications=(dataclasses.replace(app, sections=sections, **changes),))


def _fonts_and_sizes(path: Path, word: str) -> Counter[tuple[str, float]]:
    """(font base name, size in points) of every text run containing ``word``."""
    seen: Counter[tuple[str, float]] = Counter()
    for page in pypdf.PdfReader(path).pages:

        def visit(text: str, cm: Any, tm: Any, font: Any, size: float) -> None:
            if word in text and font is not None:
                scale = abs(tm[0] * cm[0]) or 1
                seen[(str(font["/BaseFont"]).split("+")[-1], round(size * scale, 1))] += 1

        page.extract_text(visitor_text=visit)
    return seen


def _need_pages(path: Path) -> int:
    """Pages of the PDF on which the long section's text appears."""
    return sum("lorem ipsum" in page.extract_text() for page in pypdf.PdfReader(path).pages)


def test_twelve_point_double_spaced_section_pages_are_the_pdfs(sample: Workspace, tmp_path: Path) -> None:
    workspace = _with(sample, font="serif", font_size=12, line_spacing="double")
    path = tmp_path / "doj.pdf"
    report = build_application_pdf(workspace, "bja_cvi", path, as_of=AS_OF)
    need = next(s for s in report.sections if s.key == "need")
    # The page count reported is the PDF's own: the pages the text is printed on, and the PDF's total.
    assert need.pages == _need_pages(path)
    assert len(pypdf.PdfReader(path).pages) == report.pages
    # The editor's count (the section laid out alone) is the same number.
    application = workspace.find("application", "bja_cvi")
    section = next(s for s in application.sections if s.key == "need")
    assert section_page_count(application, section, section.text) == need.pages
    assert f"runs to {need.pages} pages in the PDF, over its limit of 3 pages" in " ".join(report.warnings)
    assert report.typography == "DejaVu Serif 12 pt, double-spaced"
    # The narrative is set in DejaVu Serif at 12 pt.
    fonts = _fonts_and_sizes(path, "lorem")
    assert set(fonts) == {("DejaVuSerif", 12.0)}


def test_double_spacing_takes_more_than_twice_the_pages_of_single(sample: Workspace, tmp_path: Path) -> None:
    counts = {}
    for spacing in ("single", "double"):
        path = tmp_path / f"{spacing}.pdf"
        build_application_pdf(_with(sample, font_size=12, line_spacing=spacing), "bja_cvi", path, as_of=AS_OF)
        counts[spacing] = _need_pages(path)
    assert counts["double"] >= 2 * counts["single"] - 1
    assert counts["single"] >= 3


def test_default_typography_is_sans_ten_point_single(sample: Workspace, tmp_path: Path) -> None:
    path = tmp_path / "default.pdf"
    report = build_application_pdf(_with(sample), "bja_cvi", path, as_of=AS_OF)
    assert report.typography == "DejaVu Sans 10 pt, single-spaced"
    assert set(_fonts_and_sizes(path, "lorem")) == {("DejaVuSans", 10.0)}


def test_export_typography_overrides_the_applications(sample: Workspace, tmp_path: Path) -> None:
    path = tmp_path / "override.pdf"
    report = build_application_pdf(_with(sample), "bja_cvi", path, as_of=AS_OF, typography=Typography("serif", 11))
    assert report.typography == "DejaVu Serif 11 pt, single-spaced"
    assert set(_fonts_and_sizes(path, "lorem")) == {("DejaVuSerif", 11.0)}


def test_section_page_count_follows_the_typography(sample: Workspace) -> None:
    application = _with(sample).find("application", "bja_cvi")
    section = next(s for s in application.sections if s.key == "need")
    text = fill(section.text, {}, "need")
    small = section_page_count(application, section, text, Typography("sans", 10, "single"))
    large = section_page_count(application, section, text, Typography("serif", 12, "double"))
    assert 3 <= small < large


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"font": "comic"}, "font", "'comic' is not allowed; use one of: sans, serif"),
        ({"font_size": 14}, "font_size", "14 pt is not offered; use 10, 11, 12"),
        ({"line_spacing": "triple"}, "line_spacing", "'triple' is not allowed; use one of: single, 1.5, double"),
    ],
)
def test_typography_outside_the_offered_values_is_refused(
    sample: Workspace, changes: dict[str, Any], field: str, message: str
) -> None:
    problems = validate(_with(sample, **changes))
    assert [(p.field, p.message) for p in problems if p.field == field] == [(field, message)]


def test_typography_round_trips_through_json_and_the_database(sample: Workspace, service: Any) -> None:
    workspace = _with(sample, font="serif", font_size=12, line_spacing="1.5")
    text = json_format.dumps(workspace)
    application: Application = json_format.loads(text).find("application", "bja_cvi")
    assert (application.font, application.font_size, application.line_spacing) == ("serif", 12, "1.5")
    service.replace_all(workspace)
    stored: Application = service.load().find("application", "bja_cvi")
    assert (stored.font, stored.font_size, stored.line_spacing) == ("serif", 12, "1.5")
