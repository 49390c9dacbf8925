"""Which workspace the app opens: argument, --database or FUNDTRACKER_DATABASE_URL, the last one, or the sample."""

from __future__ import annotations

import os
from pathlib import Path

from platformdirs import user_data_path

from fundtracker.services.sample import sample_workspace
from fundtracker.services.transfer import write_workspace_to


def data_dir() -> Path:
    override = os.environ.get("FUNDTRACKER_DATA_DIR")
    path = Path(override) if override else user_data_path("fundtracker", appauthor=False)
    path.mkdir(parents=True, exist_ok=True)
    return path


# Remembered column mappings of accounting files, shared by the command line and the app.
MAPPINGS_FILE = "actuals-mappings.json"


def mappings_path() -> Path:
    """Where remembered actuals-import mappings live (in the data folder)."""
    return data_dir() / MAPPINGS_FILE


def default_workspace_path() -> Path:
    return data_dir() / "workspace.fundtracker"


def ensure_sample_workspace() -> tuple[Path, bool]:
    """The user's default workspace, created from the sample on first start.

    Returns:
        The path, and whether it was just created from the sample.
    """
    path = default_workspace_path()
    if path.exists():
        return path, False
    write_workspace_to(sample_workspace(), path, replace=False, action="sample")
    return path, True


def choose_location(argument: str | None, database: str | None, last: str | None) -> tuple[str, bool]:
    """Decide what to open. Returns the location and whether it is fresh sample data."""
    if database:
        return database, False
    if argument:
        return argument, False
    env = os.environ.get("FUNDTRACKER_DATABASE_URL")
    if env:
        return env, False
    if last and ("://" in last or Path(last).exists()):
        return last, False
    path, created = ensure_sample_workspace()
    return str(path), created
