"""The probability reports progress per batch and stops when cancelled."""

from __future__ import annotations

import dataclasses
from datetime import date
from decimal import Decimal

import pytest

from fundtracker.domain.errors import Cancelled
from fundtracker.domain.months import month_of
from fundtracker.domain.records import FundingStream, Workspace
from fundtracker.forecast import probability
from fundtracker.forecast.probability import CHUNK

JAN_2022 = month_of(2022, 1)


def many_prospects(sample: Workspace, count: int = 16) -> Workspace:
    """The sample plus ``count`` small, independent donor prospects: too many to enumerate."""
    extra = tuple(
        FundingStream(
            key=f"pledge{i:02d}",
            name=f"Pledge {i}",
            amount=100_000 * (i + 1),
            start=date(2022, 2, 1),
            end=date(2023, 12, 31),
            status="prospect",
            probability=Decimal("0.5"),
            restricted=False,
        )
        for i in range(count)
    )
    return dataclasses.replace(sample, streams=sample.streams + extra)


def test_progress_is_reported_after_each_batch(sample: Workspace) -> None:
    seen: list[tuple[int, int]] = []
    probability(many_prospects(sample), start=JAN_2022, trials=20_000, progress=lambda d, t: seen.append((d, t)))
    total = seen[-1][1]
    assert total > 2 * CHUNK  # several batches of combinations
    assert seen == [(min(done, total), total) for done in range(CHUNK, total + CHUNK, CHUNK)]


def test_cancel_between_batches(sample: Workspace) -> None:
    polls: list[int] = []

    def cancelled() -> bool:
        polls.append(1)
        return len(polls) > 1  # let the first batch run, then cancel

    with pytest.raises(Cancelled, match="cancelled"):
        probability(many_prospects(sample), start=JAN_2022, trials=20_000, cancelled=cancelled)
    assert len(polls) == 2
