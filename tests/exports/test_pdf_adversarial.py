"""Hostile text in an application: printed literally, or refused with a message naming where."""

from __future__ import annotations

import dataclasses
import re
from datetime import date
from pathlib import Path

import pypdf
import pytest

from fundtracker.domain.errors import InputError
from fundtracker.domain.records import Milestone, Workspace
from fundtracker.exports.pdf_application import build_application_pdf
from fundtracker.exports.pdf_fonts import register_fonts

AS_OF = date(2022, 1, 1)

MARKUP_LIKE = (
    "<b>not bold</b> & <font color='red'>x</font> </para> &amp; &lt; <br/> <img src='x.png'/> "
    "<a href='javascript:alert(1)'>link</a> <![CDATA[y]]> %PDF-1.4 ) ( \\ endobj"
)
UNICODE = "Peña € — “quoted” ‘single’ … ✓ 😀 naïve Zürich Ελληνικά Русский ½ ©"


def with_section_text(workspace: Workspace, key: str, text: str, **app_changes: object) -> Workspace:
    app = workspace.find("application", "bja_cvi")
    sections = tuple(dataclasses.replace(s, text=text) if s.key == key else s for s in app.sections)
    app = dataclasses.replace(app, sections=sections, **app_changes)
    return dataclasses.replace(workspace, applications=(app,))


def test_bullets_use_the_unicode_font(sample: Workspace, tmp_path: Path) -> None:
    workspace = with_section_text(sample, "goals", "- first goal\n- second goal")
    path = tmp_path / "b.pdf"
    build_application_pdf(workspace, "bja_cvi", path, as_of=AS_OF)
    assert "• first goal • second goal" in extracted(path)


def extracted(path: Path) -> str:
    return " ".join(" ".join(page.extract_text().split()) for page in pypdf.PdfReader(path).pages)


def test_markup_like_text_prints_literally(sample: Workspace, tmp_path: Path) -> None:
    workspace = with_section_text(sample, "need", MARKUP_LIKE)
    path = tmp_path / "a.pdf"
    build_application_pdf(workspace, "bja_cvi", path, as_of=AS_OF)
    assert MARKUP_LIKE in extracted(path)


def test_unicode_round_trips_including_an_emoji_the_font_has(sample: Workspace, tmp_path: Path) -> None:
    milestone = Milestone(date(2022, 7, 1), date(2022, 8, 1), f"Kick-off <b>{UNICODE}</b>", "Peña & Co")
    workspace = with_section_text(
        sample, "need", UNICODE, program_title="Programa “Peña” <i>2022</i> & more", milestones=(milestone,)
    )
    path = tmp_path / "u.pdf"
    build_application_pdf(workspace, "bja_cvi", path, as_of=AS_OF)
    text = extracted(path)
    assert UNICODE in text
    assert f"Kick-off <b>{UNICODE}</b>" in re.sub(r"\s+", " ", text)
    assert "Peña & Co" in text
    reader = pypdf.PdfReader(path)
    assert reader.metadata is not None and reader.metadata.title == "Programa “Peña” <i>2022</i> & more"
    assert "Programa “Peña” <i>2022</i> & more" in " ".join(reader.pages[2].extract_text().split())  # the header


def test_ten_thousand_word_section_flows_over_many_pages(sample: Workspace, tmp_path: Path) -> None:
    words = [f"w{i:05d}" for i in range(10_000)]
    paragraphs = "\n\n".join(" ".join(words[i : i + 250]) for i in range(0, 10_000, 250))
    workspace = with_section_text(sample, "design", paragraphs)
    path = tmp_path / "long.pdf"
    report = build_application_pdf(workspace, "bja_cvi", path, as_of=AS_OF)
    design = next(s for s in report.sections if s.key == "design")
    assert design.pages >= 15
    text = extracted(path)
    found = re.findall(r"w\d{5}", text)
    assert found[found.index("w00000") : found.index("w09999") + 1] == words
    assert f"Page {report.pages} of {report.pages}" in text


def test_one_ten_thousand_word_paragraph_and_an_unbreakable_word(sample: Workspace, tmp_path: Path) -> None:
    token = "x" * 3000
    workspace = with_section_text(sample, "design", " ".join(["word"] * 10_000) + " " + token)
    path = tmp_path / "one.pdf"
    build_application_pdf(workspace, "bja_cvi", path, as_of=AS_OF)
    squeezed = re.sub(r"\s+", "", extracted(path))
    # Page furniture (header, footer) sits between the pages' text; take it out.
    for furniture in (
        r"Page\d+of\d+",
        "KansasCityCommunitySafetyPartner…",
        "ClientAdvocatesforCommunityViolenceIntervention",
    ):
        squeezed = re.sub(furniture, "", squeezed)
    assert "word" * 10_000 + token in squeezed


def test_page_limit_over_is_reported(sample: Workspace, tmp_path: Path) -> None:
    workspace = with_section_text(sample, "need", "\n\n".join(["lorem ipsum dolor sit amet " * 40] * 20))
    report = build_application_pdf(workspace, "bja_cvi", tmp_path / "p.pdf", as_of=AS_OF)
    need = next(s for s in report.sections if s.key == "need")
    assert need.pages > 3
    assert f"section 'Description of the Issue' runs to {need.pages} pages in the PDF, over its limit of 3 pages" in (
        report.warnings
    )


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("Shalom שלום", r"section 'need': has right-to-left text \('שלום'\)"),
        ("Salaam سلام", r"section 'need': has right-to-left text"),
        ("thanks 🙏", r"section 'need': has characters the PDF font \(DejaVu Sans\) cannot show: 🙏 \(U\+1F64F"),
        ("中文", r"cannot show: 中 \(U\+4E2D CJK UNIFIED IDEOGRAPH-4E2D\), 文"),
        ("bell \x07", r"section 'need': has a control character \(U\+0007\)"),
    ],
)
def test_text_the_pdf_cannot_hold_is_refused_clearly(
    sample: Workspace, tmp_path: Path, text: str, message: str
) -> None:
    target = tmp_path / "x.pdf"
    with pytest.raises(InputError, match=message):
        build_application_pdf(with_section_text(sample, "need", text), "bja_cvi", target, as_of=AS_OF)
    assert not target.exists()


def test_invisible_marks_the_font_lacks_are_dropped(sample: Workspace, tmp_path: Path) -> None:
    glyphs = register_fonts()
    invisible = [c for c in "\u2060\u200d\u2066\U000e0001\U000e0100" if ord(c) not in glyphs]
    assert len(invisible) >= 3
    workspace = with_section_text(sample, "need", "zero" + "".join(invisible) + "width ✓ joiner")
    path = tmp_path / "z.pdf"
    build_application_pdf(workspace, "bja_cvi", path, as_of=AS_OF)
    assert "zerowidth ✓ joiner" in extracted(path)


def test_bad_text_in_a_table_cell_names_the_milestone(sample: Workspace, tmp_path: Path) -> None:
    milestone = Milestone(date(2022, 7, 1), None, "ok", "Team שלום")
    app = dataclasses.replace(sample.find("application", "bja_cvi"), milestones=(milestone,))
    workspace = dataclasses.replace(sample, applications=(app,))
    with pytest.raises(InputError, match=r"application 'bja_cvi': milestones\[0\].responsible: has right-to-left"):
        build_application_pdf(workspace, "bja_cvi", tmp_path / "m.pdf", as_of=AS_OF)


def test_word_limit_over_is_reported(sample: Workspace, tmp_path: Path) -> None:
    workspace = with_section_text(sample, "abstract", " ".join(["word"] * 450))
    report = build_application_pdf(workspace, "bja_cvi", tmp_path / "w.pdf", as_of=AS_OF)
    assert "section 'Abstract' has 450 words, over its limit of 400 by 50" in report.warnings


def test_a_table_cell_taller_than_a_page_is_a_clear_error(sample: Workspace, tmp_path: Path) -> None:
    milestone = Milestone(date(2022, 7, 1), None, " ".join(["word"] * 10_000), "Team Lead")
    app = dataclasses.replace(sample.find("application", "bja_cvi"), milestones=(milestone,))
    workspace = dataclasses.replace(sample, applications=(app,))
    target = tmp_path / "t.pdf"
    with pytest.raises(InputError, match=r"application 'bja_cvi': the PDF layout failed: .* too large"):
        build_application_pdf(workspace, "bja_cvi", target, as_of=AS_OF)
    assert not target.exists()
