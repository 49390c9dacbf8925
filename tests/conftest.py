"""Shared fixtures. Qt runs offscreen unless a display is chosen explicitly."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("FUNDTRACKER_NO_KEYRING", "1")

from fundtracker.domain.records import Workspace
from fundtracker.store.sample import sample_workspace

# Tests pin the sample to a fixed month so every figure is reproducible.
SAMPLE_AS_OF = date(2022, 1, 1)


@pytest.fixture
def sample() -> Workspace:
    """The sample workspace laid out from January 2022 (the story's own year)."""
    return sample_workspace(SAMPLE_AS_OF)


@pytest.fixture
def tmp_workspace_path(tmp_path: Path) -> Path:
    return tmp_path / "test.fundtracker"
