"""Hostile JSON workspaces: rejected with a FundtrackerError, never a crash; stored data unchanged."""

from __future__ import annotations

import json
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from fundtracker.domain.errors import FundtrackerError
from fundtracker.domain.records import Workspace
from fundtracker.services.sample import sample_workspace
from fundtracker.services.workspace import WorkspaceService
from fundtracker.store import json_format
from tests.conftest import SAMPLE_AS_OF

SAMPLE = sample_workspace(SAMPLE_AS_OF)
SAMPLE_DICT = json_format.workspace_to_dict(SAMPLE)

json_values = st.recursive(
    st.none()
    | st.booleans()
    | st.integers(min_value=-(10**20), max_value=10**20)
    | st.floats(allow_nan=True, allow_infinity=True)
    | st.text(max_size=30)
    | st.sampled_from(["78268.00", "-1", "1e5", "NaN", "2022-02-30", "", "secured", "=cmd|' /C calc'!A0", "\u202e"]),
    lambda children: st.lists(children, max_size=3) | st.dictionaries(st.text(max_size=8), children, max_size=3),
    max_leaves=8,
)


def _paths(value: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [prefix]
    if isinstance(value, dict):
        for key, child in value.items():
            found += _paths(child, (*prefix, key))
    elif isinstance(value, list):
        for index, child in enumerate(value):
            found += _paths(child, (*prefix, index))
    return found


ALL_PATHS = [p for p in _paths(SAMPLE_DICT) if p]


def _mutate(path: tuple[Any, ...], value: Any) -> str:
    data = json.loads(json.dumps(SAMPLE_DICT))
    target = data
    for step in path[:-1]:
        target = target[step]
    target[path[-1]] = value
    return json.dumps(data, allow_nan=True)


def _read_or_reject(text: str) -> Workspace | None:
    try:
        return json_format.loads(text)
    except FundtrackerError as exc:
        assert str(exc).strip(), "an error must say something"
        return None


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(ALL_PATHS), json_values)
def test_mutated_sample_is_read_or_rejected_cleanly(path: tuple[Any, ...], value: Any) -> None:
    _read_or_reject(_mutate(path, value))


@settings(max_examples=150, deadline=None)
@given(json_values)
def test_arbitrary_json_is_rejected_cleanly(value: Any) -> None:
    assert _read_or_reject(json.dumps(value, allow_nan=True)) is None


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(path=st.sampled_from(ALL_PATHS), value=json_values)
def test_rejected_import_leaves_the_workspace_unchanged(
    path: tuple[Any, ...], value: Any, sample_service: WorkspaceService
) -> None:
    before = json_format.dumps(sample_service.refresh())
    workspace = _read_or_reject(_mutate(path, value))
    if workspace is not None:
        try:
            sample_service.replace_all(workspace)
        except FundtrackerError:
            assert json_format.dumps(sample_service.refresh()) == before
        else:
            assert sample_service.refresh() == workspace
            sample_service.replace_all(SAMPLE)


def test_nul_characters_are_refused_with_the_path() -> None:
    data = json.loads(json.dumps(SAMPLE_DICT))
    data["positions"][2]["name"] = "A\x00B"
    with pytest.raises(FundtrackerError, match=r"positions\[2\]\.name: contains a NUL character"):
        json_format.workspace_from_dict(data)


@pytest.mark.parametrize("size", [1, 10_000])
def test_huge_and_odd_text_survives_a_round_trip(size: int, sample_service: WorkspaceService) -> None:
    text = "<b>&amp; \u202eRTL \U0001f600 " * size
    data = json.loads(json.dumps(SAMPLE_DICT))
    data["funding_streams"][0]["notes"] = text
    workspace = json_format.workspace_from_dict(data)
    sample_service.replace_all(workspace)
    assert sample_service.refresh().streams[0].notes == text
