"""``fundtracker effort``: certify, list, reallocate and the form, figures checked in the PDF text."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from pypdf import PdfReader

from fundtracker import cli


@pytest.fixture
def workspace(tmp_path: Path) -> str:
    path = str(tmp_path / "ws.fundtracker")
    assert cli.run_command(["sample", path, "--as-of", "2022-01-01"]) == 0
    return path


def test_certify_list_reallocate_and_form(workspace: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    capsys.readouterr()
    # adv1 is charged 100 % to the federal grant from July 2022; August is certified 70 / 30.
    code = cli.run_command(
        [
            "effort",
            workspace,
            "--certify",
            "adv1",
            "--month",
            "2022-08",
            "--share",
            "federal=70",
            "--share",
            "donors=30%",
            "--certifier",
            "Maria Lopez",
            "--date",
            "2022-09-04",
        ]
    )
    assert code == 0
    assert capsys.readouterr().out.strip() == "certified adv1 for 2022-08 by Maria Lopez on 2022-09-04"

    assert cli.run_command(
        ["effort", workspace, "--position", "adv1", "--from", "2022-06", "--to", "2022-09", "--as-of",
         "2022-10-05", "--format", "json"]
    ) == 0  # fmt: skip
    months = json.loads(capsys.readouterr().out)
    assert months == [
        # Paid by the local tax: no certification is asked for.
        {"position": "adv1", "month": "2022-06", "charged": {"combat": "100"}, "certified": None,
         "certifier": None, "certified_on": None, "flags": []},
        {"position": "adv1", "month": "2022-07", "charged": {"federal": "100"}, "certified": None,
         "certifier": None, "certified_on": None, "flags": ["not certified"]},
        {"position": "adv1", "month": "2022-08", "charged": {"federal": "100"},
         "certified": {"federal": "70", "donors": "30"}, "certifier": "Maria Lopez", "certified_on": "2022-09-04",
         "flags": ["donors: certified 30 %, charged 0 %", "federal: certified 70 %, charged 100 %"]},
        {"position": "adv1", "month": "2022-09", "charged": {"federal": "100"}, "certified": None,
         "certifier": None, "certified_on": None, "flags": ["not certified"]},
    ]  # fmt: skip

    form = tmp_path / "effort.pdf"
    assert cli.run_command(
        ["effort", workspace, "--form", "adv1", "--from", "2022-07", "--to", "2022-09", "--as-of", "2022-10-05",
         "-o", str(form)]
    ) == 0  # fmt: skip
    assert "(3 months)" in capsys.readouterr().out
    text = " ".join(" ".join(page.extract_text().split()) for page in PdfReader(form).pages)
    assert "Time and effort certification" in text
    # Columns: month, donors, federal (by key), total, certified by.
    assert "August 2022 30 % (charged 0 %) 70 % (charged 100 %) 100 % Maria Lopez, 2022-09-04" in text
    assert "July 2022 0 % 100 % charged 100 % not certified" in text
    assert "Supervisor (first-hand knowledge of the work) signature and date" in text

    assert cli.run_command(["effort", workspace, "--reallocate", "adv1", "--month", "2022-08"]) == 0
    assert "now match the certification" in capsys.readouterr().out
    assert cli.run_command(
        ["effort", workspace, "--position", "adv1", "--from", "2022-08", "--to", "2022-09", "--as-of",
         "2022-10-05", "--format", "json"]
    ) == 0  # fmt: skip
    august, september = json.loads(capsys.readouterr().out)
    assert august["charged"] == {"donors": "30", "federal": "70"} and august["flags"] == []
    assert september["charged"] == {"federal": "100"}


def test_bad_share_names_the_option(workspace: str, capsys: pytest.CaptureFixture[str]) -> None:
    capsys.readouterr()
    code = cli.run_command(
        ["effort", workspace, "--certify", "adv1", "--month", "2022-03", "--share", "combat", "--certifier", "M"]
    )
    assert code != 0
    assert "--share: 'combat' is not STREAM=PERCENT" in capsys.readouterr().err
    code = cli.run_command(
        ["effort", workspace, "--certify", "adv1", "--month", "2022-03", "--share", "combat=90", "--certifier", "M",
         "--date", "2022-04-01"]
    )  # fmt: skip
    assert code != 0
    assert "not 100 %" in capsys.readouterr().err
