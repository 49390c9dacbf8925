"""The sample workspace as users get it: the story, with each application asking for what its plan costs."""

from __future__ import annotations

import dataclasses
from datetime import date

from fundtracker.domain.records import Workspace
from fundtracker.services.application_budget import application_budget
from fundtracker.store.sample import sample_workspace as story_workspace


def sample_workspace(as_of: date | None = None) -> Workspace:
    """The Kansas City story laid out from ``as_of``'s month (default today).

    The application's requested amount is the federal share of the budget its plan gives, so
    the cover, the abstract and the SF-424A agree (the raises and fiscal years the budget spans
    move with ``as_of``, so no fixed figure could).
    """
    story = story_workspace(as_of)
    applications = tuple(
        dataclasses.replace(app, requested_amount=application_budget(story, app.key).federal_total)
        for app in story.applications
    )
    return dataclasses.replace(story, applications=applications)
