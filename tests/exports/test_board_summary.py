"""The board summary: its figures are the engine's to the cent, on at most two pages, vector charts."""

from __future__ import annotations

import shutil
import subprocess
from datetime import date
from pathlib import Path

import pypdf
import pytest

from fundtracker import forecast
from fundtracker.cli import run_command
from fundtracker.domain.money import format_dollars
from fundtracker.domain.months import month_index, month_name, month_of
from fundtracker.domain.probability_text import probability_text
from fundtracker.domain.records import Workspace
from fundtracker.exports.pdf_summary import build_summary_pdf
from fundtracker.services.board_summary import board_summary
from fundtracker.services.dashboard import need_sentence
from fundtracker.store import json_format

AS_OF = date(2022, 3, 1)
START = month_of(2022, 3)


def squash(text: str) -> str:
    return " ".join(text.split())


def test_the_summarys_figures_are_the_engines(sample: Workspace) -> None:
    summary = board_summary(sample, AS_OF)
    secured = forecast.forecast(sample, "secured", start=START, months=36, as_of=AS_OF)
    expected = forecast.forecast(sample, "expected", start=START, months=36, as_of=AS_OF)
    odds = forecast.probability(sample, "expected", start=START, months=36, as_of=AS_OF, positions=True)
    assert summary.secured.funded_through == secured.funded_through == date(2022, 4, 30)
    assert summary.expected.funded_through == expected.funded_through == date(2023, 6, 30)
    assert summary.odds.curve == odds.curve and summary.odds.median == odds.median
    # The need through the headline's year end (April 2023) on secured money, to the cent.
    need = forecast.need(secured, month_of(2023, 4))
    assert summary.need.total == need.total == int(secured.unfunded[: month_of(2023, 4) - START + 1].sum())
    assert summary.need_text == need_sentence(need, most=4)
    assert [lapse.lapsed_total for lapse in summary.lapsing] == [
        lapse.lapsed_total for lapse in forecast.lapsing(expected)
    ]
    for line in summary.scenarios:
        hoped = forecast.forecast(sample, "expected", line.key, start=START, months=36, as_of=AS_OF)
        assert line.shortfall == forecast.shortfall(hoped, date(2023, 4, 30)).total
        assert line.expected_through == hoped.funded_through


@pytest.fixture(scope="module")
def pdf(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, int, object]:
    from fundtracker.services.sample import sample_workspace

    workspace = sample_workspace(date(2022, 1, 1))
    summary = board_summary(workspace, AS_OF)
    path = tmp_path_factory.mktemp("summary") / "board.pdf"
    return path, build_summary_pdf(summary, path), summary


def test_the_pdf_prints_the_figures_on_two_pages(pdf: tuple[Path, int, object]) -> None:
    path, pages, summary = pdf
    reader = pypdf.PdfReader(path)
    assert pages == len(reader.pages) == 2
    text = squash(" ".join(page.extract_text() for page in reader.pages))
    assert squash(summary.headline) in text  # type: ignore[attr-defined]
    assert "Kansas City Community Safety Partnership" in text and "2022-03-01" in text
    assert f"({format_dollars(summary.need.total)} in all)" in text  # type: ignore[attr-defined]
    assert summary.need.total == 22143512  # type: ignore[attr-defined]
    for lapse in summary.lapsing:  # type: ignore[attr-defined]
        assert format_dollars(lapse.lapsed_total) in text
    for row in summary.unfunded:  # type: ignore[attr-defined]
        assert f"({row.key})" in text
        assert month_name(month_index(row.secured)) in text
    chance = summary.odds.positions["lead"].curve  # type: ignore[attr-defined]
    assert probability_text(dict(chance)[month_of(2023, 4)]) in text
    for line in summary.scenarios:  # type: ignore[attr-defined]
        assert line.name in text and format_dollars(line.shortfall) in text


def test_the_charts_are_vector_drawings_not_images(pdf: tuple[Path, int, object]) -> None:
    path, _, _ = pdf
    reader = pypdf.PdfReader(path)
    first = reader.pages[0]
    assert not first.images  # drawn, not pasted in
    content = first.get_contents().get_data()  # type: ignore[union-attr]
    assert content.count(b" l") > 100  # line segments of the plotted series


@pytest.mark.skipif(shutil.which("pdftoppm") is None, reason="poppler-utils not installed")
def test_pdftoppm_renders_both_pages(pdf: tuple[Path, int, object], tmp_path: Path) -> None:
    path, pages, _ = pdf
    result = subprocess.run(
        ["pdftoppm", "-png", "-r", "30", str(path), str(tmp_path / "p")], capture_output=True, text=True
    )
    assert result.returncode == 0 and result.stderr == ""
    assert len(list(tmp_path.glob("p-*.png"))) == pages


def test_export_summary_command(sample: Workspace, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    source = tmp_path / "ws.json"
    json_format.write_file(sample, source)
    out = tmp_path / "board.pdf"
    assert (
        run_command(["export", "summary", str(source), "-o", str(out), "--as-of", "2022-03-01", "--scenario", "upheld"])
        == 0
    )
    assert "wrote the board summary (2 pages)" in capsys.readouterr().out
    text = squash(" ".join(page.extract_text() for page in pypdf.PdfReader(out).pages))
    name = next(s.name for s in sample.scenarios if s.key == "upheld")
    assert text.count(name) == 2  # the subtitle names the scenario the headline assumes; the scenarios table too
    assert run_command(["export", "summary", str(source), "-o", str(tmp_path / "board.docx")]) != 0
