"""``fundtracker runway``: table, CSV and JSON output, probability, and one-line errors."""

from __future__ import annotations

import csv
import importlib.util
import io
import json
from pathlib import Path

import pytest

from fundtracker import cli
from fundtracker.domain.money import format_money
from fundtracker.domain.records import Workspace
from fundtracker.store import json_format


@pytest.fixture(autouse=True)
def _available_commands(monkeypatch: pytest.MonkeyPatch) -> None:
    """Register only the command modules that exist on this branch (others land separately)."""
    present = tuple(name for name in cli.COMMAND_MODULES if importlib.util.find_spec(name) is not None)
    monkeypatch.setattr(cli, "COMMAND_MODULES", present)


@pytest.fixture
def sample_file(sample: Workspace, tmp_path: Path) -> Path:
    path = tmp_path / "sample.json"
    json_format.write_file(sample, path)
    return path


def test_table(sample_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code = cli.run_command(["runway", str(sample_file), "--start", "2022-01", "--months", "12"])
    out = capsys.readouterr().out
    assert code == 0
    lines = out.splitlines()
    header = next(line for line in lines if line.startswith("Month"))
    assert header.split() == ["Month", "Inflow", "Cost", "Charged", "Unfunded", "Lapsed", "Balance"]
    february = next(line for line in lines if line.startswith("2022-02"))
    # Money right-aligned with thousands separators, under its header.
    # Cost 3 × 5,416.66 + 6,458.34 + phones 120 + training 2,500; balance 62,106.35 + 6,666.67 − 25,328.32.
    assert february.split() == ["2022-02", "6,666.67", "25,328.32", "25,328.32", "0.00", "0.00", "43,444.70"]
    assert february.index("25,328.32") + len("25,328.32") == header.index("Cost") + len("Cost")
    assert "Funded through: beyond the horizon" in out


def test_csv_with_probability(sample_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    args = ["runway", str(sample_file), "--start", "2022-01", "--months", "3", "--format", "csv", "--probability"]
    assert cli.run_command(args) == 0
    rows = list(csv.reader(io.StringIO(capsys.readouterr().out)))
    assert rows[0] == ["month", "inflow", "cost", "charged", "unfunded", "lapsed", "balance", "p_funded"]
    assert rows[1] == ["2022-01", "84934.67", "22828.32", "22828.32", "0.00", "0.00", "62106.35", "1.000"]
    assert rows[2] == ["2022-02", "6666.67", "25328.32", "25328.32", "0.00", "0.00", "43444.70", "1.000"]
    assert len(rows) == 4


def test_json_contract(sample_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    args = ["runway", str(sample_file), "--view", "secured", "--start", "2022-01", "--format", "json"]
    assert cli.run_command(args) == 0
    data = json.loads(capsys.readouterr().out)
    assert list(data) == ["view", "scenario", "start", "months", "funded_through", "positions", "streams"]
    assert (data["view"], data["scenario"], data["start"]) == ("secured", None, "2022-01")
    assert len(data["months"]) == 36
    assert data["months"][0] == {
        "month": "2022-01",
        "inflow": "84934.67",  # combat 78,268.00 + health 6,666.67
        "cost": "22828.32",  # 3 × 5,416.66 + 6,458.34 + 120.00
        "charged": "22828.32",
        "unfunded": "0.00",
        "lapsed": "0.00",
        "balance": "62106.35",
    }
    assert data["funded_through"] == "2022-04-30"
    # adv3: May 2022 5,579.16 − health's last 171.41 = 5,407.75 (combat is spent on adv1 and adv2); then
    # nothing pays it (health's small surplus goes to adv1 first): Jun 2022–Apr 2023 11 × 5,579.16 =
    # 61,370.76, FY2024 12 × 5,746.54 = 68,958.48, May–Dec 2024 8 × 5,918.94 = 47,351.52; total 183,088.51.
    assert data["positions"]["adv3"] == {"funded_through": "2022-04-30", "unfunded_total": "183088.51"}
    assert data["streams"]["combat"] == {"charged_total": "78268.00", "lapsed_total": "0.00", "end_balance": "0.00"}
    assert "probability" not in data


def test_json_probability_and_scenario(sample_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    args = ["runway", str(sample_file), "--scenario", "upheld", "--start", "2022-01", "--months", "2"]
    assert cli.run_command([*args, "--format", "json", "--probability", "--seed", "5"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["scenario"] == "upheld"
    positions = data["probability"].pop("positions")
    assert data["probability"] == {
        "method": "exact",
        "trials": 4,  # donors and federal stay uncertain; realloc is secured in this scenario
        "p10": None,  # funded beyond the 2-month horizon in every combination
        "p50": None,
        "p90": None,
        "funded_through_curve": [{"month": "2022-01", "p": "1.000"}, {"month": "2022-02", "p": "1.000"}],
        # April 2023 (the first fiscal year end six months out) lies past the 2-month horizon.
        "fiscal_year_end": {"month": "2023-04", "p": None},
    }
    assert list(positions) == ["adv1", "adv2", "adv3", "lead"]
    assert positions["lead"] == {
        "funded_through_curve": [{"month": "2022-01", "p": "1.000"}, {"month": "2022-02", "p": "1.000"}],
        "below_80": None,
        "below_50": None,
        "below_20": None,
    }


def test_table_with_probability(sample_file: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert cli.run_command(["runway", str(sample_file), "--start", "2022-01", "--probability"]) == 0
    out = capsys.readouterr().out
    assert "Probability (exact, 8 combinations, uncertain: donors, federal, realloc):" in out
    # The chance through April 2023 is the curve's, rounded half-up to a tenth of a percent:
    # only with every uncertain stream in (0.5 × 0.35 × 0.6 = 0.105) does the money last that long.
    assert "  chance of staying funded through April 2023, the end of next fiscal year: 10.5%" in out
    assert "P10 2022-04-30  P50 2022-05-31  P90 2023-06-30" in out


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        (["--start", "2022-13"], "fundtracker: error: not a month: '2022-13'; write it as YYYY-MM, e.g. 2023-05\n"),
        (
            ["--scenario", "nope"],
            "fundtracker: error: scenario: no scenario with key 'nope'; "
            "scenarios: appeal_fails, upheld, federal_denied\n",
        ),
        (["--months", "0"], "fundtracker: error: --months: 0 is outside 1–240\n"),
    ],
)
def test_errors_are_one_clear_line(
    sample_file: Path, capsys: pytest.CaptureFixture[str], extra: list[str], message: str
) -> None:
    assert cli.run_command(["runway", str(sample_file), *extra]) == 1
    captured = capsys.readouterr()
    assert captured.err == message
    assert captured.out == ""


def test_need_through_in_json_and_table(
    sample_file: Path, sample: Workspace, capsys: pytest.CaptureFixture[str]
) -> None:
    from fundtracker import forecast
    from fundtracker.domain.months import month_of

    args = ["runway", str(sample_file), "--view", "secured", "--start", "2022-01", "--need-through", "2023-04"]
    assert cli.run_command([*args, "--format", "json", "--as-of", "2022-01-01"]) == 0
    data = json.loads(capsys.readouterr().out)["need"]
    engine = forecast.need(forecast.forecast(sample, "secured", start=month_of(2022, 1), months=36), month_of(2023, 4))
    assert data["through"] == "2023-04" and data["positions"] is None
    assert data["total"] == format_money(engine.total)
    # Everyone's need through April 2023 is the unfunded cost of those 16 months, to the cent.
    assert data["total"] == "221435.12"
    assert [m["month"] for m in data["by_month"]][:2] == ["2022-01", "2022-02"] and len(data["by_month"]) == 16
    assert data["by_month"][-1]["needed_by_close"] == data["total"]
    assert set(data["by_position"]) == {"adv1", "adv2", "adv3", "lead"}
    assert cli.run_command([*args, "--need-for", "lead", "--as-of", "2022-01-01"]) == 0
    out = capsys.readouterr().out
    # lead is charged last (no priorities: positions by key), so new money pays the advocates' shortfall first.
    assert "To keep lead funded through 2023-04: raise $23,195.82 by 2023-01," in out
    assert out.rstrip().endswith("($92,783.28 in all)")
