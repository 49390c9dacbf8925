"""Export a page's rows to CSV or XLSX: ask where, refuse a workspace as target, write atomically, say so."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from pathlib import Path

from PySide6.QtWidgets import QMessageBox, QWidget

from fundtracker.domain.errors import FundtrackerError
from fundtracker.exports.table_file import Cell, write_table
from fundtracker.ui import file_dialogs

FILTER = "CSV (*.csv);;Excel workbook (*.xlsx)"


def export_rows(
    parent: QWidget,
    *,
    what: str,
    file_name: str,
    headers: Sequence[str],
    rows: Callable[[], Iterable[Sequence[Cell]]],
    workspace_location: str = "",
    title: str = "Rows",
) -> Path | None:
    """Ask for a .csv or .xlsx file and write ``rows()`` to it (nothing is written when cancelled).

    Args:
        what: what the rows are, for the dialog's title and the message after ("Audit log").
        workspace_location: the open workspace, never to be replaced by the export.

    Returns:
        The file written, or None (cancelled, or refused with a message saying why).
    """
    chosen = file_dialogs.save_path(parent, file_dialogs.TABLE, f"Export {what.lower()}", file_name, FILTER)
    if not chosen:
        return None
    path = Path(chosen)
    if not path.suffix:
        path = path.with_suffix(".csv")
    try:
        from fundtracker.services.locations import check_output

        protect = [workspace_location] if workspace_location else []
        check_output(path, *protect)
        count = write_table(path, headers, rows(), title=title, protect=protect)
    except (FundtrackerError, OSError) as exc:
        QMessageBox.warning(parent, f"Export {what.lower()}", f"Nothing was written: {exc}")
        return None
    file_dialogs.exported(parent, path, what, f"{count:,} row{'' if count == 1 else 's'}.")
    return path
