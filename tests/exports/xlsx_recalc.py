"""Recalculate a workbook in LibreOffice headless and read the computed values.

openpyxl writes formulas without cached results; LibreOffice computes every formula on
load and stores the results when it saves. The profile directory is private to each
call, so parallel runs and a person's own LibreOffice never interfere. Outside CI a
missing ``soffice`` skips the test; with ``CI=true`` it fails.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

import openpyxl
import pytest

# Recalculate OOXML files on load, always (the default asks, which headless cannot).
_REGISTRY = """<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema"
 xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse">
<value>0</value></prop></item>
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="ODFRecalcMode" oor:op="fuse">
<value>0</value></prop></item>
</oor:items>
"""


def soffice() -> str:
    """The soffice binary, or skip (fail under CI) when LibreOffice is not installed."""
    found = shutil.which("soffice") or shutil.which("libreoffice")
    if found:
        return found
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail("LibreOffice (soffice) is required in CI: install libreoffice-calc")
    pytest.skip("LibreOffice (soffice) is not installed")


def recalculate(path: Path) -> openpyxl.Workbook:
    """Open ``path`` in LibreOffice, recalculate, save a copy; return it with computed values."""
    return recalculate_many([path], timeout=180)[0]


def cents(value: object) -> int:
    """A computed cell value in dollars as cents (exact for cent amounts)."""
    assert isinstance(value, (int, float)), f"not a number: {value!r}"
    return round(value * 100)


def recalculate_many(paths: list[Path], timeout: int = 300) -> list[openpyxl.Workbook]:
    """:func:`recalculate` for several workbooks in one LibreOffice start (it costs seconds each)."""
    binary = soffice()
    with tempfile.TemporaryDirectory(prefix="lo-") as work:
        profile = Path(work) / "profile"
        (profile / "user").mkdir(parents=True)
        (profile / "user" / "registrymodifications.xcu").write_text(_REGISTRY, encoding="utf-8")
        out_dir = Path(work) / "out"
        sources = []
        for index, path in enumerate(paths):
            source = Path(work) / f"in{index}.xlsx"
            shutil.copyfile(path, source)
            sources.append(source)
        result = subprocess.run(
            [
                binary,
                "--headless",
                "--norestore",
                f"-env:UserInstallation={profile.as_uri()}",
                "--convert-to",
                "xlsx:Calc MS Excel 2007 XML",
                "--outdir",
                str(out_dir),
                *map(str, sources),
            ],
            capture_output=True,
            text=True,
            timeout=timeout,
        )
        books = []
        for path, source in zip(paths, sources):
            converted = out_dir / source.name
            if result.returncode != 0 or not converted.exists():
                pytest.fail(f"LibreOffice could not convert {path}: {result.stdout} {result.stderr}")
            books.append(openpyxl.load_workbook(converted, data_only=True))
        return books
