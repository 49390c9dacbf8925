"""No command ever prints a server password: not on success, not in an error, not with --debug.

Every command of the CLI runs against a PostgreSQL URL holding a known password, with the right
password, a wrong one, and a port where no server listens; stdout and stderr (at the file
descriptor level) must never hold the password.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from fundtracker import cli
from fundtracker.domain.locations import hide_passwords, passwords_in, public_location
from tests.secret_server import SECRET_PASSWORD, secret_urls

pytestmark = pytest.mark.postgres

CSV = """Date,Amount,Account,Class,Memo
01/31/2022,"4,333.33",Salaries,COMBAT,January payroll
"""


@pytest.fixture(scope="module")
def urls() -> Iterator[dict[str, str]]:
    yield from secret_urls()


def _commands(url: str, tmp: Path, source: Path, csv: Path) -> list[list[str]]:
    return [
        ["sample", url, "--as-of", "2022-01-01", "--force"],
        ["import", str(source), "--into", url, "--replace"],
        ["check", url],
        ["export-json", url],
        ["export-json", url, "-o", str(tmp / "out.json")],
        ["runway", url, "--as-of", "2022-01-01", "--months", "3"],
        ["runway", url, "--format", "csv", "--months", "3"],
        ["export", "application", url, "--application", "bja_cvi", "-o", str(tmp / "a.pdf")],
        ["export", "budget", url, "-o", str(tmp / "b.xlsx"), "--fiscal-years", "2022"],
        ["export", "budget-detail", url, "--application", "bja_cvi", "-o", str(tmp / "d.xlsx")],
        ["import", "actuals", url, str(csv)],
        ["import", "actuals", url, "--batches"],
        ["import", "actuals", url, "--undo", "import-nosuch"],
        ["report", "budget-vs-actual", url, "--format", "csv"],
        ["audit", url, "--kind", "stream", "--format", "csv"],
        ["award", url, "--application", "bja_cvi"],
        ["report", "ffr", url, "--award", "bja_cvi", "--period-end", "2022-12-31", "--format", "json"],
        ["report", "rebudget", url, "--award", "bja_cvi"],
        ["award", url, "--show", "bja_cvi", "--format", "json"],
        ["draw", url, "--award", "bja_cvi", "--through", "2022-09-30", "-o", str(tmp / "request.pdf")],
        ["draw", url, "--award", "bja_cvi", "--paid", "1", "--date", "2022-10-01", "--amount", "1"],
        ["effort", url, "--as-of", "2022-06-01"],
        ["calendar", url, "--as-of", "2022-06-01"],
        ["server", "setup", url],
        ["server", "grant", url, "fundtracker_secret", "viewer"],
        ["server", "revoke", url, "fundtracker_secret", "viewer"],
        ["backup", url],
        ["backup", url, "--list"],
        ["copy", url, str(tmp / "copy.fundtracker")],
        ["copy", str(source), url, "--replace"],
        ["runway", url, url],  # a usage error that quotes the URL
        ["--database", url, "check", url],
    ]


@pytest.mark.parametrize("case", ["good", "wrong", "unreachable"])
@pytest.mark.parametrize("debug", [False, True], ids=["plain", "debug"])
def test_no_command_prints_the_password(
    urls: dict[str, str],
    case: str,
    debug: bool,
    tmp_path: Path,
    capfd: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("FUNDTRACKER_DATA_DIR", str(tmp_path / "data"))
    source = tmp_path / "s.json"
    assert cli.run_command(["sample", str(source), "--as-of", "2022-01-01"]) == 0
    csv = tmp_path / "gl.csv"
    csv.write_text(CSV, encoding="utf-8")
    capfd.readouterr()
    url = urls[case]
    commands = _commands(url, tmp_path, source, csv)
    covered = {next(arg for arg in argv if not arg.startswith("-") and arg != url) for argv in commands}
    covered.discard(str(source))
    assert cli.build_parser_commands() <= covered, "a new command must be added to this test"
    outcomes = []
    for argv in commands:
        try:
            code = cli.run_command((["--debug"] if debug else []) + argv)
        except SystemExit as exc:  # argparse's usage errors
            code = exc.code
        out, err = capfd.readouterr()
        outcomes.append(code)
        assert SECRET_PASSWORD not in out + err, f"{argv[:2]} printed the password:\n{out}{err}"
        if case != "good":
            assert code != 0, argv
            assert "Traceback" not in err or debug, f"{argv[:2]} failed with a traceback:\n{err}"
    if case == "good":
        assert outcomes[:4] == [0, 0, 0, 0]  # the server was really used


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("postgresql://lead:pw@db:5432/team", "postgresql://lead@db:5432/team"),
        ("postgresql+psycopg2://lead:p%40ss@db/team", "postgresql+psycopg2://lead@db/team"),
        ("postgresql://lead:p@ss@db/team", "postgresql://lead@db/team"),  # a raw "@" in the password
        ("postgresql://:pw@db/team", "postgresql://db/team"),
        ("postgresql://lead@db/team", "postgresql://lead@db/team"),
        ("/home/a:b@c/ws.fundtracker", "/home/a:b@c/ws.fundtracker"),
        (
            "error at 'postgresql://u:secret1@h/d' and postgresql://v:secret2@h/d",
            "error at 'postgresql://u@h/d' and postgresql://v@h/d",
        ),
        ("host=db password='se cret' user=u", "host=db password=*** user=u"),
    ],
)
def test_public_location(text: str, shown: str) -> None:
    assert public_location(text) == shown


def test_a_known_password_is_hidden_where_it_stands_alone() -> None:
    url = "postgresql://lead:p@ss-word@db/team"
    secrets = passwords_in([url])
    message = 'could not translate host name "ss-word@db" to address'
    assert "ss-word" not in hide_passwords(message, secrets)
    assert passwords_in(["postgresql://fundtracker:fundtracker@h/d"]) == []  # the user name stays readable
