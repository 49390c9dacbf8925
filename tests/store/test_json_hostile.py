"""Hostile workspace JSON (issue 18): a one-line message naming the JSON path, never a traceback.

Each case is refused by ``import WS.json --into WORKSPACE --replace`` on both backends, and the
workspace it was aimed at is left exactly as it was.
"""

from __future__ import annotations

import dataclasses
import json
from pathlib import Path
from typing import Any

import pytest

from fundtracker.cli import run_command
from fundtracker.domain.errors import InputError, ValidationError
from fundtracker.domain.records import Scenario, Section, StreamOverride
from fundtracker.domain.validation import INTEGER_RANGES, MAX_PRIORITY
from fundtracker.services.sample import sample_workspace
from fundtracker.services.workspace import WorkspaceService
from fundtracker.store import json_format
from tests.conftest import SAMPLE_AS_OF

SAMPLE_TEXT = json_format.dumps(sample_workspace(SAMPLE_AS_OF))
FUNDER = '"funder": "Jackson County (COMBAT)"'  # the first stream's funder, once in the sample
assert SAMPLE_TEXT.count(FUNDER) == 1


def _with(old: str, new: str) -> str:
    assert old in SAMPLE_TEXT
    return SAMPLE_TEXT.replace(old, new, 1)


def _with_data(change: Any) -> str:
    data = json.loads(SAMPLE_TEXT)
    change(data)
    return json.dumps(data, ensure_ascii=False)


def _set_word_limit(value: int) -> Any:
    def change(data: dict[str, Any]) -> None:
        data["applications"][0]["sections"][0]["word_limit"] = value

    return change


# (case name, the hostile text, the one-line message expected after "fundtracker: error: ")
CASES = [
    (
        "deep lists",
        _with(FUNDER, '"funder": ' + "[" * 100_000 + "]" * 100_000),
        "funding_streams[0].funder" + "[0]" * 13 + ": nested more than 16 levels deep; "
        "a workspace nests objects and lists at most 7 levels deep",
    ),
    (
        "deep objects",
        _with(FUNDER, '"funder": ' + '{"a": ' * 5_000 + "1" + "}" * 5_000),
        "funding_streams[0].funder" + ".a" * 13 + ": nested more than 16 levels deep; "
        "a workspace nests objects and lists at most 7 levels deep",
    ),
    (
        "a 5,000-digit whole number",
        _with('"lag_days": 0', '"lag_days": ' + "9" * 5_000),
        "funding_streams[0].schedule.lag_days: a number of 5,000 digits is outside 0–3,650",
    ),
    (
        "a 5,000-digit money amount",
        _with('"amount": "78268.00"', '"amount": -' + "1" * 5_000),
        'funding_streams[0].amount: money must be a string such as "78268.00", got a number of 5,000 digits',
    ),
    (
        "a word limit past 64 bits",
        _with_data(_set_word_limit(2**63)),
        "applications[0].sections[0].word_limit: 9223372036854775808 is outside 1–1,000,000",
    ),
    (
        "a word limit past 32 bits",
        _with_data(_set_word_limit(2**31)),
        "applications[0].sections[0].word_limit: 2147483648 is outside 1–1,000,000",
    ),
    (
        "a lone surrogate in text",
        _with(FUNDER, '"funder": "Jackson \\ud800 County"'),
        "funding_streams[0].funder: contains a lone surrogate (U+D800), which is not a character at character 9; "
        "text may not hold NUL, control characters other than tab and line breaks, or lone surrogates",
    ),
    (
        "a duplicate key in a record",
        _with(FUNDER, FUNDER + ', "funder": "Someone else"'),
        'funding_streams[0]: the key "funder" appears more than once in one object; each key may appear once',
    ),
    (
        "a duplicate list at the top",
        SAMPLE_TEXT.rstrip().removesuffix("}") + ', "funding_streams": []}',
        '$: the key "funding_streams" appears more than once in one object; each key may appear once',
    ),
    (
        "a section key wider than its column",
        _with('"key": "abstract"', '"key": "' + "k" * 65 + '"'),
        "applications[0].sections[0].key: is 65 characters long; at most 64 are allowed",
    ),
    (
        "a very long decimal",
        _with('"probability": "1"', '"probability": "0.' + "1" * 100_000 + '"'),
        "funding_streams[0].probability: a decimal of 100,002 characters; a rate or percent has at most 40",
    ),
]


@pytest.fixture
def target(database_url: str) -> str:
    """A workspace on each backend holding the sample."""
    with WorkspaceService.open(database_url, create=True) as service:
        service.replace_all(sample_workspace(SAMPLE_AS_OF))
    return database_url


@pytest.mark.parametrize(("text", "message"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_hostile_json_is_refused_by_import_and_the_workspace_is_untouched(
    text: str, message: str, target: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    hostile = tmp_path / "hostile.json"
    hostile.write_text(text, encoding="utf-8", errors="surrogatepass")
    assert run_command(["export-json", target]) == 0
    before, _ = capsys.readouterr()

    code = run_command(["import", str(hostile), "--into", target, "--replace"])
    out, err = capsys.readouterr()
    assert code == 1
    assert err == f"fundtracker: error: {message}\n"
    assert "Traceback" not in out + err

    assert run_command(["export-json", target]) == 0
    assert capsys.readouterr().out == before


@pytest.mark.parametrize(("text", "message"), [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_hostile_json_is_refused_by_the_reader(text: str, message: str) -> None:
    with pytest.raises((InputError, ValidationError)) as info:
        json_format.loads(text)
    assert str(info.value) == message


def test_a_duplicate_key_is_found_where_it_is_in_a_list() -> None:
    def change(data: dict[str, Any]) -> None:
        data["positions"][2]["title"] = "__DUP__"

    text = _with_data(change).replace('"title": "__DUP__"', '"title": "A", "title": "B"')
    with pytest.raises(InputError, match=r"^positions\[2\]: the key \"title\" appears more than once"):
        json_format.loads(text)


def test_a_lone_surrogate_in_a_budget_category_is_refused() -> None:
    def change(data: dict[str, Any]) -> None:
        data["applications"][0]["budget_justification"] = {"travel\ud800": "Trips"}

    with pytest.raises(
        InputError, match=r"^applications\[0\]\.budget_justification \(a category name\): contains a lone surrogate"
    ):
        json_format.loads(_with_data(change))


def test_messages_stay_short_whatever_the_value() -> None:
    huge = "x" * 1_000_000
    for text in (
        _with('"restricted": true', f'"restricted": "{huge}"'),
        _with('"restricted": true', f'"restricted": [{",".join(["1"] * 100_000)}]'),
        _with(FUNDER, f'"{huge}": 1, {FUNDER}'),
        _with('"amount": "78268.00"', f'"amount": "{huge}"'),
        _with('"start": "2022-01-01"', f'"start": "{huge}"'),
        _with('"probability": "1"', f'"probability": "{huge}"'),
        _with('"lag_days": 0', f'"lag_days": "{huge}"'),
    ):
        with pytest.raises(InputError) as info:
            json_format.loads(text)
        assert len(str(info.value)) < 400, str(info.value)[:400]


def test_every_integer_range_is_refused_at_both_ends() -> None:
    cases = {
        "fiscal_year_start_month": (0, 13),
        "lag_days": (-1, 3651),
        "budget_years": (0, 6),
        "word_limit": (0, 1_000_001),
        "page_limit": (0, 10_001),
        "shift_months": (-1201, 1201),
        "priority": (0, MAX_PRIORITY + 1),
        "font_size": (9, 13),
        "delay_months": (-1, 121),
        "source_row": (0, 2**31),
        "number": (-1, 100_001),
        "year": (0, 6),
        "financial_report_due_days": (-1, 366),
        "final_report_due_days": (-1, 366),
        "performance_report_due_days": (-1, 366),
    }
    assert set(cases) == set(INTEGER_RANGES)
    base = json.loads(SAMPLE_TEXT)
    base["scenarios"][0]["overrides"].insert(0, {"stream": "combat", "shift_months": 0})
    base["applications"][0]["sections"][0]["page_limit"] = 1
    base["funding_streams"][0]["outcomes"] = [{"probability": "0.5", "amount": "1.00", "delay_months": 0}]
    base["actuals"].insert(0, {"key": "a-1", "date": "2026-01-05", "amount": "10.00", "source_row": 2})
    places: dict[str, tuple[list[Any], str]] = {
        "fiscal_year_start_month": ([base["organization"]], "organization.fiscal_year_start_month"),
        "lag_days": ([base["funding_streams"][0]["schedule"]], "funding_streams[0].schedule.lag_days"),
        "budget_years": ([base["applications"][0]], "applications[0].budget_years"),
        "word_limit": ([base["applications"][0]["sections"][0]], "applications[0].sections[0].word_limit"),
        "page_limit": ([base["applications"][0]["sections"][0]], "applications[0].sections[0].page_limit"),
        "shift_months": ([base["scenarios"][0]["overrides"][0]], "scenarios[0].overrides[0].shift_months"),
        "priority": ([base["positions"][0]], "positions[0].priority"),
        "font_size": ([base["applications"][0]], "applications[0].font_size"),
        "delay_months": ([base["funding_streams"][0]["outcomes"][0]], "funding_streams[0].outcomes[0].delay_months"),
        "source_row": ([base["actuals"][0]], "actuals[0].source_row"),
    }
    base["awards"] = [
        {
            "key": base["applications"][0]["key"],
            "stream": "combat",
            "versions": [
                {"number": 0, "date": "2022-01-01", "amounts": [{"category": "travel", "year": 1, "federal": "1.00"}]}
            ],
        }
    ]
    award = base["awards"][0]
    places["number"] = ([award["versions"][0]], "awards[0].versions[0].number")
    places["year"] = ([award["versions"][0]["amounts"][0]], "awards[0].versions[0].amounts[0].year")
    for name in ("financial_report_due_days", "final_report_due_days", "performance_report_due_days"):
        award[name] = 30
        places[name] = ([award], f"awards[0].{name}")
    from fundtracker.domain.records import Actual

    if "source_row" in {f.name for f in dataclasses.fields(Actual)}:  # the actual details (imports' change)
        base["actuals"] = [{"key": "t1", "date": "2022-02-03", "amount": "1.00", "source_row": 2}]
        places["source_row"] = ([base["actuals"][0]], "actuals[0].source_row")
    json_format.workspace_from_dict(base)  # in range: accepted
    for name, (low, high) in cases.items():
        if name not in places:
            continue  # a field this build's records do not have yet
        [holder], path = places[name]
        kept = holder[name]
        for value in (low, high):
            holder[name] = value
            with pytest.raises(InputError) as info:
                json_format.workspace_from_dict(base)
            assert str(info.value).startswith(f"{path}: {value} is outside"), str(info.value)
        holder[name] = kept


def test_the_service_refuses_integers_the_database_cannot_hold(sample_service: WorkspaceService) -> None:
    """The same ranges guard the app's path: a ValidationError, not an OverflowError from the insert."""
    workspace = sample_service.load()
    application = workspace.applications[0]
    huge = dataclasses.replace(application.sections[0], word_limit=2**63)
    changed = dataclasses.replace(application, sections=(huge, *application.sections[1:]))
    before = json_format.dumps(sample_service.refresh())
    with pytest.raises(ValidationError, match=r"sections\[0\]\.word_limit: 9223372036854775808 is outside"):
        sample_service.update("application", application.key, changed)
    pages = dataclasses.replace(application.sections[0], page_limit=2**40)
    with pytest.raises(ValidationError, match=r"sections\[0\]\.page_limit: 1099511627776 is outside 1–10,000"):
        sample_service.update(
            "application", application.key, dataclasses.replace(application, sections=(pages, Section("b", "B")))
        )
    shifted = Scenario("far", "Far", overrides=(StreamOverride("combat", shift_months=10**9),))
    with pytest.raises(ValidationError, match=r"overrides\[0\]\.shift_months: 1000000000 is outside -1,200–1,200"):
        sample_service.create(shifted)
    assert json_format.dumps(sample_service.refresh()) == before


def _int_fields(cls: Any, seen: set[Any]) -> set[str]:
    """The whole-number fields (money aside) of ``cls`` and of the records nested in it."""
    import typing

    if cls in seen or not dataclasses.is_dataclass(cls):
        return set()
    seen.add(cls)
    found: set[str] = set()
    for name, hint in typing.get_type_hints(cls).items():
        parts = set(typing.get_args(hint)) | {hint}
        for part in list(parts):
            parts |= set(typing.get_args(part))
        if int in parts and name not in json_format.MONEY_FIELDS:
            found.add(name)
        for part in parts:
            found |= _int_fields(part, seen)
    return found


def test_every_whole_number_field_has_a_range() -> None:
    """A new integer field (an actual's source row …) must say what it may hold."""
    from fundtracker.domain.records import AddPosition, Organization, PositionOverride, StreamOverride

    seen: set[Any] = set()
    classes = [Organization, StreamOverride, PositionOverride, AddPosition]
    classes += [cls for cls, _attr in json_format.LISTS.values()]
    fields = set().union(*(_int_fields(cls, seen) for cls in classes))
    assert fields, "the walk found no whole-number fields"
    assert fields <= set(INTEGER_RANGES), fields - set(INTEGER_RANGES)
