"""Grant-shaped uncertainty (DESIGN.md v2 §3): each uncertain stream's options and their chances.

An uncertain stream either does not come in (option 0) or comes in one way: a simple stream
in one way (its amount, with its probability), a stream with ``outcomes`` in one of them
(an amount and a delay). A stream that ``depend_on`` another has, instead of its own chance,
``if_in`` or ``if_out`` by whether that stream came in; with outcomes, the outcome
probabilities are scaled by that chance. Joint outcomes are enumerated exactly while they
are few, sampled (seeded) beyond.
"""

from __future__ import annotations

from dataclasses import dataclass
from math import prod

import numpy as np
import numpy.typing as npt

from fundtracker.domain.errors import InputError
from fundtracker.domain.records import FundingStream
from fundtracker.forecast.inputs import ForecastInputs, shift_stream, with_amount

IntArray = npt.NDArray[np.int64]
FloatArray = npt.NDArray[np.float64]
BoolArray = npt.NDArray[np.bool_]


@dataclass(frozen=True)
class Options:
    """One uncertain stream's ways of coming in.

    Attributes:
        key: the stream's key.
        variants: the stream as it comes in each way (option 1, 2, …).
        shape: each way's weight (a simple stream: 1; outcomes: their probabilities).
        chance: the chance of coming in when it depends on nothing (a simple stream: its
            probability; with outcomes: 1, the outcomes' probabilities say it all).
        parent: index (in the options list) of the uncertain stream it depends on; None.
        parent_in: when it depends on a stream that is not uncertain in these inputs: whether
            that one is in (counted) or out; None otherwise.
        if_in, if_out: its chance given the parent came in or not.
    """

    key: str
    variants: tuple[FundingStream, ...]
    shape: tuple[float, ...]
    chance: float
    parent: int | None = None
    parent_in: bool | None = None
    if_in: float = 0.0
    if_out: float = 0.0

    @property
    def depends(self) -> bool:
        return self.parent is not None or self.parent_in is not None

    def probabilities(self, chance: float | FloatArray) -> list[float | FloatArray]:
        """P(option 0), P(option 1), … given the chance of coming in."""
        ways = [chance * weight for weight in self.shape]
        return [1.0 - chance * sum(self.shape), *ways]


def stream_options(inputs: ForecastInputs) -> list[Options]:
    """The options of each uncertain stream of ``inputs`` (by key), parents resolved."""
    uncertain = inputs.uncertain
    index = {s.key: i for i, s in enumerate(uncertain)}
    counted = {s.key for s in inputs.streams}
    found = []
    for stream in uncertain:
        if stream.outcomes:
            variants = tuple(
                shift_stream(with_amount(stream, o.amount), o.delay_months)
                if o.delay_months
                else with_amount(stream, o.amount)
                for o in stream.outcomes
            )
            shape = tuple(float(o.probability) for o in stream.outcomes)
            chance = 1.0
        else:
            variants, shape, chance = (stream,), (1.0,), float(stream.probability)
        parent: int | None = None
        parent_in: bool | None = None
        if_in = if_out = 0.0
        if stream.depend_on is not None:
            dependence = stream.depend_on
            if_in, if_out = float(dependence.if_in), float(dependence.if_out)
            if dependence.stream in index:
                parent = index[dependence.stream]
            else:
                parent_in = dependence.stream in counted  # secured money is in; declined or left out is not
        found.append(Options(stream.key, variants, shape, chance, parent, parent_in, if_in, if_out))
    return found


def evaluation_order(options: list[Options]) -> list[int]:
    """Indexes with every parent before its children.

    Raises:
        InputError: dependence forms a cycle.
    """
    order: list[int] = []
    state = [0] * len(options)  # 0 new, 1 in progress, 2 done

    def visit(i: int) -> None:
        if state[i] == 2:
            return
        if state[i] == 1:
            raise InputError(f"stream {options[i].key!r}: depend_on forms a cycle", "depend_on")
        state[i] = 1
        parent = options[i].parent
        if parent is not None:
            visit(parent)
        state[i] = 2
        order.append(i)

    for i in range(len(options)):
        visit(i)
    return order


def joint_count(options: list[Options]) -> int:
    """How many joint outcomes there are (each stream: out, or one of its ways)."""
    return prod(len(o.variants) + 1 for o in options)


def _chance(option: Options, parent_choice: IntArray | None) -> float | FloatArray:
    if not option.depends:
        return option.chance
    if parent_choice is None:
        return option.if_in if option.parent_in else option.if_out
    return np.where(parent_choice > 0, option.if_in, option.if_out)


def enumerate_joint(options: list[Options]) -> tuple[IntArray, FloatArray]:
    """Every joint outcome with a chance above 0: (joint × stream option index, chance)."""
    sizes = [len(o.variants) + 1 for o in options]
    total = prod(sizes)
    codes = np.arange(total, dtype=np.int64)
    choice = np.zeros((total, len(options)), dtype=np.int64)
    step = 1
    for j, size in enumerate(sizes):
        choice[:, j] = (codes // step) % size
        step *= size
    weight = np.ones(total, dtype=np.float64)
    for j in evaluation_order(options):
        option = options[j]
        parent = option.parent
        chances = option.probabilities(_chance(option, None if parent is None else choice[:, parent]))
        table = np.stack([np.broadcast_to(np.asarray(c, dtype=np.float64), (total,)) for c in chances], axis=1)
        weight *= np.clip(table[np.arange(total), choice[:, j]], 0.0, 1.0)
    keep = weight > 0
    return choice[keep], weight[keep]


def sample_joint(options: list[Options], trials: int, seed: int) -> tuple[IntArray, FloatArray]:
    """``trials`` joint outcomes drawn with a seeded generator, as unique rows and their share.

    Each stream gets one uniform draw per trial (column by stream, in key order), so a
    workspace of simple independent streams draws exactly as before outcomes existed: in
    when the draw is below its probability.
    """
    rng = np.random.default_rng(seed)
    draws = rng.random((trials, len(options)))
    choice = np.zeros((trials, len(options)), dtype=np.int64)
    for j in evaluation_order(options):
        option = options[j]
        parent = option.parent
        chance = np.broadcast_to(
            np.asarray(_chance(option, None if parent is None else choice[:, parent]), dtype=np.float64), (trials,)
        )
        bounds = chance[:, None] * np.cumsum(option.shape)[None, :]
        passed = (draws[:, j, None] >= bounds).sum(axis=1)
        choice[:, j] = np.where(passed == len(option.shape), 0, passed + 1)
    unique, counts = np.unique(choice, axis=0, return_counts=True)
    return unique.astype(np.int64), counts.astype(np.float64) / trials


def presence(options: list[Options], choice: IntArray, columns: list[list[int]]) -> BoolArray:
    """Joint outcomes as presence flags over the model's uncertain rows.

    Args:
        columns: for each stream, the column (in the presence matrix) of each of its ways.
    """
    width = 1 + max((c for cols in columns for c in cols), default=-1)
    present = np.zeros((len(choice), width), dtype=np.bool_)
    for j, cols in enumerate(columns):
        for way, column in enumerate(cols, start=1):
            present[:, column] = choice[:, j] == way
    return present
