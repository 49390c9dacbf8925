"""The SF-424 face page and SF-424A Sections A–F in the application PDF: every figure equals the service's."""

from __future__ import annotations

import dataclasses
import shutil
import subprocess
from datetime import date
from decimal import Decimal
from pathlib import Path

import pypdf
import pytest

from fundtracker.domain.months import month_name
from fundtracker.domain.records import Workspace
from fundtracker.exports.pdf_application import build_application_pdf
from fundtracker.services.application_budget import money
from fundtracker.services.sf424a import SF424A, sf424a

AS_OF = date(2022, 1, 1)


def squash(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[list[str], SF424A, Path]:
    from fundtracker.services.sample import sample_workspace

    sample = sample_workspace(AS_OF)
    app = sample.find("application", "bja_cvi")
    changed = dataclasses.replace(app, match_percent=Decimal("20"), program_income=1_250_000)
    workspace: Workspace = dataclasses.replace(sample, applications=(changed,))
    path = tmp_path_factory.mktemp("sf424a") / "application.pdf"
    build_application_pdf(workspace, "bja_cvi", path, as_of=AS_OF)
    texts = [squash(page.extract_text()) for page in pypdf.PdfReader(path).pages]
    return texts, sf424a(workspace, "bja_cvi"), path


def between(texts: list[str], start: str, end: str) -> str:
    everything = " ".join(texts)
    first = everything.index(start)
    return everything[first : everything.index(end, first)]


def test_face_page_holds_the_sf424_key_data(built: tuple[list[str], SF424A, Path]) -> None:
    texts, forms, _ = built
    face = texts[1]
    assert "Application for Federal Assistance (SF-424): key data" in face
    for text in (
        "8a. Legal name of applicant Kansas City Community Safety Partnership",
        "8b. Employer/Taxpayer Identification Number (EIN/TIN) 00-0000000",
        "8c. UEI SAMPLEUEI000",
        "11. Assistance Listing number 16.045",
        "15. Descriptive title of applicant's project Client Advocates for Community Violence Intervention",
        "17a. Proposed project start date July 1, 2022",
        "17b. Proposed project end date June 30, 2025",
        "lead@example.org",
    ):
        assert text in face, text
    funding = forms.key_data.funding
    for label, amount in funding.rows():
        assert f"{label} {money(amount)}" in face, label
    assert funding.applicant > 0 and funding.program_income == 1_250_000


def test_section_a_figures(built: tuple[list[str], SF424A, Path]) -> None:
    texts, forms, _ = built
    a = forms.section_a
    text = between(texts, "Section A: Budget Summary", "Section B: Budget Categories")
    figures = " ".join(money(x) for x in (0, 0, a.federal, a.non_federal, a.total))
    assert f"16.045 {figures}" in text
    assert f"5. Totals {figures}" in text


def test_section_b_figures_with_line_7(built: tuple[list[str], SF424A, Path]) -> None:
    texts, forms, _ = built
    text = between(texts, "Section B: Budget Categories", "Section C: Non-Federal Resources")
    for line in forms.section_b:
        row = f"{line.line[1]}. {line.title} {money(line.federal)} {money(line.non_federal)} {money(line.total)}"
        assert row in text, row
    assert f"7. Program income {money(1_250_000)} {money(1_250_000)}" in text


def test_section_c_figures(built: tuple[list[str], SF424A, Path]) -> None:
    texts, forms, _ = built
    c = forms.section_c
    text = between(texts, "Section C: Non-Federal Resources", "Section D: Forecasted Cash Needs")
    figures = " ".join(money(x) for x in (c.applicant, c.state, c.other, c.total))
    assert f"12. Total (sum of lines 8–11) {figures}" in text
    assert f"Applicant cash match: 20% of each cost Applicant {money(c.total)}" in text


def test_section_d_figures(built: tuple[list[str], SF424A, Path]) -> None:
    texts, forms, _ = built
    d = forms.section_d
    text = between(texts, "Section D: Forecasted Cash Needs", "Section E:")
    year = d.year_total
    for label, share in (("13. Federal", "federal"), ("14. Non-federal", "non_federal"), ("15. Total", "total")):
        row = " ".join([label, money(getattr(year, share)), *(money(getattr(q.share, share)) for q in d.quarters)])
        assert row in text, row
    for month, amount in d.monthly_direct:
        assert f"{month_name(month)} {money(amount)}" in text
    assert f"Total {money(sum(a for _, a in d.monthly_direct))}" in text


def test_section_e_and_f(built: tuple[list[str], SF424A, Path]) -> None:
    texts, forms, _ = built
    e = forms.section_e
    text = between(texts, "Section E:", "Section F: Other Budget Information")
    figures = " ".join(money(x) if x is not None else "—" for x in e.future)
    assert f"20. Totals {figures}" in text
    f_text = between(texts, "Section F: Other Budget Information", "Section B by budget year")
    assert squash(f"22. Indirect charges: {forms.section_f.indirect_charges}") in f_text
    assert squash(f"23. Remarks: {forms.section_f.remarks}") in f_text


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="poppler-utils not installed")
def test_the_form_pages_render(built: tuple[list[str], SF424A, Path], tmp_path: Path) -> None:
    texts, _, path = built
    first = next(i for i, t in enumerate(texts) if "Section A: Budget Summary" in t) + 1
    result = subprocess.run(
        ["pdftoppm", "-png", "-r", "30", "-f", "2", "-l", str(first + 1), str(path), str(tmp_path / "p")],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 0 and result.stderr == ""
    assert len(list(tmp_path.glob("p-*.png"))) == first


def test_a_match_from_a_stream_is_named_in_section_c_and_the_justification(tmp_path: Path) -> None:
    from fundtracker.domain.records import Allocation
    from fundtracker.services.sample import sample_workspace

    sample = sample_workspace(AS_OF)
    split = [
        dataclasses.replace(a, percent=Decimal("80")) if (a.cost, a.stream) == ("adv1", "federal") else a
        for a in sample.allocations
    ]
    app = dataclasses.replace(sample.find("application", "bja_cvi"), match_streams=("health",))
    workspace = dataclasses.replace(
        sample,
        allocations=(*split, Allocation("adv1", "health", Decimal("20"), date(2022, 7, 1), None)),
        applications=(app,),
    )
    path = tmp_path / "matched.pdf"
    build_application_pdf(workspace, "bja_cvi", path, as_of=AS_OF)
    texts = [squash(page.extract_text()) for page in pypdf.PdfReader(path).pages]
    forms = sf424a(workspace, "bja_cvi")
    c = forms.section_c
    source = "Health Department fiscal host support (Kansas City Health Department)"
    section_c = between(texts, "Section C: Non-Federal Resources", "Section D: Forecasted Cash Needs")
    assert f"{source} Other sources {money(c.total)}" in section_c
    assert f"12. Total (sum of lines 8–11) $0.00 $0.00 {money(c.total)} {money(c.total)}" in section_c
    everything = " ".join(texts)
    justification = everything[everything.rindex("Budget Justification") :]  # the section, not the contents
    personnel = forms.budget.category_total("personnel")
    assert f"The non-federal share (match), {money(personnel.non_federal)}, is paid by" in justification
    assert "Client Advocate (Maria Peña) (match: Health Department fiscal host support)" in justification
