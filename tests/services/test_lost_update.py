"""Two processes save the same record with the same expected version at the same moment.

Real processes (SQLite's locks are per connection and per process) released together by a
barrier, on both backends: exactly one save wins, the other gets the conflict message, and the
stored record is the winner's edit with its version one higher. Twenty trials across every kind
of record.
"""

from __future__ import annotations

import multiprocessing
from datetime import date

from fundtracker.domain.records import Actual, Workspace, with_records
from fundtracker.services.workspace import WorkspaceService
from tests.services import save_race

TRIALS = 20
KINDS = (
    ("stream", "combat"),
    ("position", "adv1"),
    ("expense", "phones"),
    ("allocation", "adv1->combat"),
    ("scenario", "appeal_fails"),
    ("application", "bja_cvi"),
    ("text_block", "history"),
    ("deadline", "bja_letters"),
    ("actual", "paycheck"),
    ("organization", ""),
)


def _stored(service: WorkspaceService, kind: str, key: str) -> object:
    workspace = service.refresh()
    return workspace.organization if kind == "organization" else workspace.find(kind, key)


def test_one_of_two_simultaneous_saves_wins(database_url: str, sample: Workspace) -> None:
    paycheck = Actual(key="paycheck", date=date(2022, 1, 14), amount=433333, stream="combat", memo="Payroll")
    with WorkspaceService.open(database_url, create=True) as service:
        service.replace_all(with_records(sample, "actual", (paycheck,)))
        service.set_organization(service.load().organization)  # give it a stored version
        context = multiprocessing.get_context("spawn")  # no fork of a process that may hold Qt
        barrier = context.Barrier(2)
        tasks = [context.Queue(), context.Queue()]
        results = context.Queue()
        workers = [
            context.Process(target=save_race.run, args=(database_url, n, barrier, tasks[n], results)) for n in range(2)
        ]
        for worker in workers:
            worker.start()
        try:
            for trial in range(TRIALS):
                kind, key = KINDS[trial % len(KINDS)]
                before = _stored(service, kind, key)
                version = service.version(kind, key)
                for queue in tasks:
                    queue.put((kind, key))
                outcome = dict(results.get(timeout=120) for _ in range(2))
                won = [n for n, text in outcome.items() if text == "won"]
                assert len(won) == 1, f"trial {trial} ({kind} {key!r}): {outcome}"
                loser = outcome[1 - won[0]]
                assert loser.startswith("conflict: "), f"trial {trial} ({kind}): {loser}"
                assert f"was changed by worker {won[0]} at" in loser
                assert "reload" in loser
                assert _stored(service, kind, key) == save_race.edited(before, kind, won[0])
                assert service.version(kind, key) == version + 1
        finally:
            for queue in tasks:
                queue.put(None)
            for worker in workers:
                worker.join(timeout=60)
                if worker.is_alive():
                    worker.kill()
