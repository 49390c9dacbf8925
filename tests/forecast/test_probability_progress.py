"""The probability reports progress per batch and stops when cancelled."""

from __future__ import annotations

import pytest

from fundtracker.domain.errors import Cancelled
from fundtracker.domain.months import month_of
from fundtracker.domain.records import Workspace
from fundtracker.forecast import probability
from fundtracker.forecast.probability import CHUNK

JAN_2022 = month_of(2022, 1)


def test_progress_counts_every_trial(sample: Workspace) -> None:
    seen: list[tuple[int, int]] = []
    trials = CHUNK * 2 + 5
    result = probability(
        sample, start=JAN_2022, method="sampled", trials=trials, progress=lambda d, t: seen.append((d, t))
    )
    assert seen == [(CHUNK, trials), (2 * CHUNK, trials), (trials, trials)]
    assert result.trials == trials


def test_cancel_between_batches(sample: Workspace) -> None:
    polls: list[int] = []

    def cancelled() -> bool:
        polls.append(1)
        return len(polls) > 1  # let the first batch run, then cancel

    with pytest.raises(Cancelled, match="cancelled"):
        probability(sample, start=JAN_2022, method="sampled", trials=CHUNK * 5, cancelled=cancelled)
    assert len(polls) == 2
