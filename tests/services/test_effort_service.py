"""Effort certifications stored on each backend, through JSON, and the reallocation as one undoable change."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from fundtracker.domain.errors import ValidationError
from fundtracker.domain.months import month_of
from fundtracker.domain.records import EffortCertification, EffortShare
from fundtracker.services.effort import certify_steps, effort_months, reallocation_steps
from fundtracker.store import json_format

# The sample (laid out from 2022): adv1 is paid by federal from July 2022 on.
JUNE = EffortCertification(
    "adv1",
    "2027-06",
    (EffortShare("federal", Decimal(80)), EffortShare("donors", Decimal(20))),
    "Dana Ruiz",
    date(2027, 7, 2),
)


def test_certification_round_trips_and_reallocation_is_one_undoable_change(sample_service) -> None:
    service = sample_service
    service.apply(certify_steps(service.load(), JUNE))
    assert service.refresh().find("effort", "adv1@2027-06") == JUNE
    [june] = effort_months(service.load(), month_of(2027, 6), month_of(2027, 6), date(2027, 8, 1), ["adv1"])
    assert june.flags == ("donors: certified 20 %, charged 0 %", "federal: certified 80 %, charged 100 %")

    before = service.load().allocations
    steps = reallocation_steps(service.load(), "adv1", "2027-06")
    service.apply(steps)
    after = service.refresh()
    [june] = effort_months(after, month_of(2027, 6), month_of(2027, 6), date(2027, 8, 1), ["adv1"])
    assert june.flags == ()
    [july] = effort_months(after, month_of(2027, 7), month_of(2027, 7), date(2027, 8, 1), ["adv1"])
    assert [(line.stream, line.charged) for line in july.lines] == [("federal", Decimal(100))]
    # The federal allocation (from July 2022, open-ended) now ends in May 2027 and resumes in
    # July; June gets federal 80 % and donors 20 %: four steps, one change.
    assert sorted((s.action, s.key) for s in steps) == [
        ("create", "adv1->donors@2027-06-01"),
        ("create", "adv1->federal@2027-06-01"),
        ("create", "adv1->federal@2027-07-01"),
        ("update", "adv1->federal@2022-07-01"),
    ]
    changes = {e.change for e in service.audit_log(limit=4)}
    assert len(changes) == 1
    service.apply([step.inverse() for step in reversed(steps)])  # what the app's Undo does
    assert sorted(service.refresh().allocations, key=lambda a: a.key) == sorted(before, key=lambda a: a.key)


def test_bad_certification_is_refused_naming_the_field(sample_service) -> None:
    short = EffortCertification("adv1", "2027-06", (EffortShare("federal", Decimal(90)),), "Dana", date(2027, 7, 2))
    with pytest.raises(ValidationError) as caught:
        sample_service.apply(certify_steps(sample_service.load(), short))
    assert "shares" in str(caught.value) and "90 %, not 100 %" in str(caught.value)
    assert sample_service.refresh().efforts == ()


def test_json_carries_certifications() -> None:
    import dataclasses

    from fundtracker.services.sample import sample_workspace

    workspace = dataclasses.replace(sample_workspace(), efforts=(JUNE,))
    text = json_format.dumps(workspace)
    assert '"effort_certifications"' in text
    assert json_format.loads(text).efforts == (JUNE,)
