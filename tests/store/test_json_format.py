"""The workspace JSON format: lossless round trip, strict reading, errors naming the JSON path."""

from __future__ import annotations

import copy
import json
from typing import Any

import pytest

from fundtracker.domain.errors import InputError, ValidationError
from fundtracker.domain.records import Workspace
from fundtracker.store import json_format


def sample_dict(sample: Workspace) -> dict[str, Any]:
    return json_format.workspace_to_dict(sample)


def test_round_trip_is_lossless(sample: Workspace) -> None:
    text = json_format.dumps(sample)
    again = json_format.loads(text)
    assert again == sample
    assert json_format.dumps(again) == text


def test_money_is_written_as_strings(sample: Workspace) -> None:
    data = sample_dict(sample)
    combat = data["funding_streams"][0]
    assert combat["amount"] == "78268.00"
    assert combat["probability"] == "1"
    assert data["organization"]["fringe_rate"] == "0.25"


def _error(data: dict[str, Any]) -> str:
    with pytest.raises((InputError, ValidationError)) as info:
        json_format.loads(json.dumps(data))
    return str(info.value)


def test_bad_amount_names_the_path(sample: Workspace) -> None:
    data = sample_dict(sample)
    data["funding_streams"][2]["amount"] = "7x"
    message = _error(data)
    assert message.startswith("funding_streams[2].amount: not a money amount: '7x'")


def test_unknown_key_names_path_and_allowed(sample: Workspace) -> None:
    data = sample_dict(sample)
    data["positions"][1]["salary"] = "1"
    message = _error(data)
    assert message.startswith("positions[1]: unknown key 'salary'; allowed keys: key, title, annual_salary")


def test_missing_required_key(sample: Workspace) -> None:
    data = sample_dict(sample)
    del data["expenses"][0]["amount"]
    assert _error(data) == "expenses[0]: missing required key 'amount'"


def test_bare_number_for_money_is_refused(sample: Workspace) -> None:
    text = json_format.dumps(sample).replace('"amount": "78268.00"', '"amount": 78268.5', 1)
    with pytest.raises(InputError) as info:
        json_format.loads(text)
    assert str(info.value).startswith("funding_streams[0].amount: money must be a string")


def test_bad_nested_value_in_schedule(sample: Workspace) -> None:
    data = sample_dict(sample)
    data["funding_streams"][4]["schedule"]["tranches"][1]["date"] = "2022-13-01"
    assert _error(data).startswith("funding_streams[4].schedule.tranches[1].date: not a date: '2022-13-01'")


def test_broken_reference_names_the_path(sample: Workspace) -> None:
    data = sample_dict(sample)
    data["allocations"][3]["stream"] = "nope"
    assert _error(data) == "allocations[3].stream: no funding stream with key 'nope'"


def test_rule_violation_names_the_path(sample: Workspace) -> None:
    data = sample_dict(sample)
    data["positions"][0]["fte"] = "2"
    assert _error(data) == "positions[0].fte: FTE 2 is outside 0–1.5"


def test_wrong_format_and_version(sample: Workspace) -> None:
    data = sample_dict(sample)
    newer = copy.deepcopy(data)
    newer["version"] = 3
    assert _error(newer) == "version: version 3 is not supported; this fundtracker reads versions 1, 2"
    newer["version"] = True  # a JSON true is not the number 1
    assert _error(newer) == "version: version True is not supported; this fundtracker reads versions 1, 2"
    other = copy.deepcopy(data)
    other["format"] = "something-else"
    assert "this is not a fundtracker workspace" in _error(other)


def test_not_json_at_all() -> None:
    with pytest.raises(InputError, match=r"not valid JSON: .* line 1 column 2"):
        json_format.loads("{oops")


def test_override_kinds_round_trip(sample: Workspace) -> None:
    data = sample_dict(sample)
    data["scenarios"].append(
        {
            "key": "mixed",
            "name": "Every override kind",
            "description": "",
            "overrides": [
                {"stream": "federal", "shift_months": 6, "amount": "300000.00"},
                {"stream": "donors", "drop": True},
                {"position": "adv3", "fte": "0.5", "end": "2022-09-30"},
                {
                    "add_position": {
                        "key": "adv4",
                        "title": "Client Advocate",
                        "annual_salary": "50000.00",
                        "start": "2022-03-01",
                    }
                },
                {"allocation": {"cost": "adv4", "stream": "realloc", "percent": "100"}},
            ],
        }
    )
    workspace = json_format.workspace_from_dict(data)
    again = json_format.loads(json_format.dumps(workspace))
    assert again == workspace
    assert len(again.scenarios[-1].overrides) == 5


def test_refunds_in_actuals_round_trip(sample: Workspace) -> None:
    data = sample_dict(sample)
    data["actuals"] = [
        {
            "key": "t1",
            "date": "2022-02-03",
            "amount": "-15.00",
            "stream": "combat",
            "category": "supplies",
            "code": "",
            "memo": "refund",
            "batch": "b1",
        },
    ]
    workspace = json_format.workspace_from_dict(data)
    assert workspace.actuals[0].amount == -1500
    assert json_format.loads(json_format.dumps(workspace)) == workspace
    data["funding_streams"][0]["amount"] = "-1.00"  # only actuals may be negative
    assert _error(data).startswith("funding_streams[0].amount: negative amount not allowed")
