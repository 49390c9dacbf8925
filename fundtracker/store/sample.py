"""The sample workspace: the Kansas City Community Safety Partnership story.

``resources/sample-workspace.json`` holds the story laid out from January 2022
(COMBAT's guaranteed year). :func:`sample_workspace` shifts every date so that
COMBAT's year starts on the first of the month of ``as_of``, so a new user sees
a live forecast rather than a story that ended in 2022.
"""

from __future__ import annotations

import dataclasses
from datetime import date
from typing import Any

from fundtracker.domain.months import add_months, last_day, month_index, month_of
from fundtracker.domain.records import Workspace
from fundtracker.resources import resource
from fundtracker.store import json_format

ANCHOR_MONTH = month_of(2022, 1)


def shift_date(day: date, months: int) -> date:
    """Shift by whole months; a month's last day stays its month's last day."""
    shifted = add_months(day, months)
    if day == last_day(month_index(day)):
        return last_day(month_index(shifted))
    return shifted


def _shift(value: Any, months: int) -> Any:
    if isinstance(value, date):
        return shift_date(value, months)
    if isinstance(value, tuple):
        return tuple(_shift(v, months) for v in value)
    if dataclasses.is_dataclass(value) and not isinstance(value, type):
        changes = {f.name: _shift(getattr(value, f.name), months) for f in dataclasses.fields(value)}
        return dataclasses.replace(value, **changes)
    return value


def shift_workspace(workspace: Workspace, months: int) -> Workspace:
    """Every date in the workspace moved by ``months``."""
    shifted: Workspace = _shift(workspace, months)
    return shifted


# Awards from this day follow the 2024 revision of 2 CFR 200 (15 % de minimis, $10,000 equipment).
UNIFORM_GUIDANCE_2024 = date(2024, 10, 1)


def sample_workspace(as_of: date | None = None) -> Workspace:
    """The sample workspace with COMBAT's year starting in ``as_of``'s month (default today).

    The application's Uniform Guidance version follows its shifted project period. Its
    requested amount is set from the plan by :func:`fundtracker.services.sample.sample_workspace`,
    which is what users get.
    """
    story = json_format.read_file(resource("sample-workspace.json"))
    as_of = as_of or date.today()
    shifted = shift_workspace(story, month_index(as_of) - ANCHOR_MONTH)
    applications = tuple(
        dataclasses.replace(
            application,
            uniform_guidance="2024"
            if application.period_start and application.period_start >= UNIFORM_GUIDANCE_2024
            else "2014",
        )
        for application in shifted.applications
    )
    return dataclasses.replace(shifted, applications=applications)
