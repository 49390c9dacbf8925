"""Read actual spending from accounting-system exports (CSV or XLSX) and map their columns.

Two layouts are understood: a plain table (a header row, then one transaction per row)
and a QuickBooks-style "transaction detail" report (title lines, a header row whose first
column is blank, account group lines, transactions, "Total for …" lines). Dates and
amounts come in the common US forms: ``01/31/2023``, ``1/31/23``, ``2023-01-31``,
``Jan 31, 2023``; ``$1,234.56``, ``(1,234.56)`` and ``-1,234.56`` (refunds are negative).

Nothing here writes to a workspace: :func:`parse_rows` turns a file into checked rows
and a list of every bad row (row number, column, what is wrong);
:mod:`fundtracker.services.actuals` imports them.
"""

from __future__ import annotations

import codecs
import csv
import io
import itertools
import json
import re
from array import array
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any, BinaryIO, Protocol

from fundtracker.domain.errors import InputError
from fundtracker.domain.money import format_money, parse_money
from fundtracker.domain.records import ACTUAL_CATEGORIES, account_key
from fundtracker.domain.text import text_problem

FIELDS = ("date", "amount", "debit", "credit", "account", "category", "code", "memo", "payee", "number", "stream")
FIELD_HELP = {
    "date": "transaction date",
    "amount": "amount spent (refunds negative)",
    "debit": "amount spent, when the export splits debits and credits",
    "credit": "amount refunded, when the export splits debits and credits",
    "account": "account, as the accounting system names it (kept as written)",
    "category": "expense category, when the export has one apart from the account",
    "code": "fund, grant or class code",
    "memo": "memo or description",
    "payee": "payee, vendor or name",
    "number": "check, invoice or reference number",
    "stream": "funding stream key or name",
}
# Header names each field is recognised by (lower case, punctuation dropped), best first.
_GUESSES: dict[str, tuple[str, ...]] = {
    "date": ("date", "transaction date", "txn date", "posting date", "posted"),
    "amount": ("amount", "net amount", "net", "total", "value"),
    "debit": ("debit", "debits", "withdrawal"),
    "credit": ("credit", "credits", "deposit"),
    "account": ("account", "gl account", "account name", "account title", "ledger account"),
    "category": ("category", "expense category", "object class", "cost category"),
    "code": ("class", "fund", "grant", "code", "fund code", "grant code", "program", "project"),
    "memo": ("memo", "memodescription", "description", "memo description", "details"),
    "payee": ("name", "payee", "vendor", "payee name", "vendor name", "supplier", "employee", "customer"),
    "number": (
        "num",
        "number",
        "no",
        "check",
        "check no",
        "check number",
        "ref",
        "ref no",
        "reference",
        "invoice",
        "invoice no",
        "invoice number",
        "doc number",
        "document number",
    ),
    "stream": ("stream", "funding stream", "funding source"),
}
MAX_PREVIEW = 20
# Limits on what an import reads, so a hostile or broken file gets a message, not a traceback or
# gigabytes of memory. A cell is at most 128 KiB of text (far below the stored-text limit, so
# every imported text is also valid stored text); a CSV line at most 1 MiB (refused before it is
# read whole); a file at most a million transactions; an .xlsx inflates to at most 512 MiB.
MAX_FIELD_CHARS = 128 * 1024
MAX_LINE_CHARS = 1024 * 1024
MAX_ROWS = 1_000_000
MAX_COLUMNS = 1000
MAX_XLSX_INFLATED = 512 * 1024 * 1024
MAX_PROBLEMS = 1000  # problems listed for one file; the rest are counted
HEADER_SEARCH = 50  # the header row is one of the first lines
CATEGORIES = ACTUAL_CATEGORIES
_CATEGORY_WORDS = (
    ("fringe", ("fringe", "benefit", "payroll tax", "fica", "retirement", "pension", "health insurance")),
    ("personnel", ("salar", "wage", "payroll", "personnel", "stipend")),
    ("travel", ("travel", "mileage", "airfare", "lodging", "per diem", "hotel")),
    ("equipment", ("equipment", "vehicle", "furniture")),
    ("supplies", ("suppl", "phone", "computer", "laptop", "software", "postage", "printing")),
    ("contractual", ("contract", "consult", "professional", "training", "subaward")),
    ("construction", ("construction", "renovation")),
)


@dataclass(frozen=True)
class RawTable:
    """A file's table before mapping.

    Attributes:
        source: the file name, for messages.
        layout: ``"plain"`` or ``"quickbooks"``.
        headers: the column names (a QuickBooks group column is named "Account").
        rows: (row number in the file, counted from 1, cells as text) of each transaction line.
        encoding: how the file was read (``"utf-8"``, ``"utf-16"``, ``"cp1252"`` … ``"xlsx"``).
    """

    source: str
    layout: str
    headers: tuple[str, ...]
    rows: tuple[tuple[int, tuple[str, ...]], ...]
    encoding: str = "utf-8"


class Table(Protocol):
    """What mapping needs of a file: its name and headers (a :class:`RawTable` or :class:`TableStream`)."""

    @property
    def source(self) -> str: ...
    @property
    def headers(self) -> tuple[str, ...]: ...


@dataclass(frozen=True)
class ColumnMapping:
    """Which column holds which field, and which codes mean which funding stream.

    Attributes:
        columns: field name (see :data:`FIELDS`) -> column header.
        codes: fund/grant/class code -> stream key, for codes that are not a stream's key or name.
    """

    columns: Mapping[str, str]
    codes: Mapping[str, str] = field(default_factory=dict)

    def to_json(self) -> dict[str, Any]:
        return {"columns": dict(self.columns), "codes": dict(self.codes)}

    @classmethod
    def from_json(cls, data: Any, where: str) -> ColumnMapping:
        if not isinstance(data, dict) or not isinstance(data.get("columns"), dict):
            raise InputError("not a column mapping (expected {'columns': {...}})", where)
        columns = {str(k): str(v) for k, v in data["columns"].items()}
        unknown = sorted(set(columns) - set(FIELDS))
        if unknown:
            raise InputError(f"unknown field(s) {', '.join(unknown)}; fields: {', '.join(FIELDS)}", where)
        codes = data.get("codes") or {}
        if not isinstance(codes, dict):
            raise InputError("codes must map codes to stream keys", where)
        return cls(columns, {str(k): str(v) for k, v in codes.items()})

    def with_columns(self, changes: Mapping[str, str]) -> ColumnMapping:
        unknown = sorted(set(changes) - set(FIELDS))
        if unknown:
            raise InputError(f"unknown field(s) {', '.join(unknown)}; fields: {', '.join(FIELDS)}", "--map")
        return ColumnMapping({**self.columns, **changes}, self.codes)

    def with_codes(self, changes: Mapping[str, str]) -> ColumnMapping:
        return ColumnMapping(self.columns, {**self.codes, **changes})


@dataclass(frozen=True)
class ParsedRow:
    """One transaction, checked. ``stream`` is the stream column's text (resolved on import).

    ``category`` is the SF-424A object class; ``account``, ``code``, ``memo``, ``payee`` and
    ``number`` are the file's text as written (``account`` is the category column's text when
    the file has no account column).
    """

    row: int
    date: date
    amount: int
    category: str
    code: str
    memo: str
    stream: str = ""
    account: str = ""
    payee: str = ""
    number: str = ""


@dataclass(frozen=True)
class RowProblem:
    """What is wrong with one cell of one row."""

    row: int
    column: str
    message: str

    def __str__(self) -> str:
        column = f", column {self.column!r}" if self.column else ""
        return f"row {self.row}{column}: {self.message}"


@dataclass(frozen=True)
class ParsedFile:
    source: str
    rows: tuple[ParsedRow, ...]
    problems: tuple[RowProblem, ...]


# -- reading files --------------------------------------------------------------------------


class TableStream:
    """A file's table read one row at a time: the header is known, the rows are read as asked for.

    Made by :func:`open_table`; use it as a context manager (it holds the file open). ``rows()``
    reads the file once. Memory stays bounded by one row (plus, for ``.xlsx``, the workbook's
    shared strings), whatever the file's size.

    Attributes:
        source: the file name, for messages.
        layout: ``"plain"`` or ``"quickbooks"``.
        headers: the column names (a QuickBooks account column is named "Account").
        encoding: how the file was read: ``"utf-8"``, ``"utf-16"``, ``"cp1252"`` … or ``"xlsx"``.
    """

    def __init__(
        self,
        source: str,
        layout: str,
        headers: tuple[str, ...],
        encoding: str,
        rows: Iterator[tuple[int, tuple[str, ...]]],
        close: Any = None,
    ) -> None:
        self.source = source
        self.layout = layout
        self.headers = headers
        self.encoding = encoding
        self._rows = rows
        self._close = close

    def rows(self) -> Iterator[tuple[int, tuple[str, ...]]]:
        """(row number in the file, counted from 1, cells as text) of each transaction line."""
        for count, item in enumerate(self._rows, start=1):
            if count > MAX_ROWS:
                raise InputError(
                    f"row {item[0]:,}: the file has more than {MAX_ROWS:,} transaction rows; "
                    "export a shorter period at a time",
                    self.source,
                )
            yield item

    def close(self) -> None:
        if self._close is not None:
            self._close()
            self._close = None

    def __enter__(self) -> TableStream:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()


def open_table(path: str | Path, *, encoding: str | None = None) -> TableStream:
    """Open a CSV or XLSX export for reading row by row (see :class:`TableStream`).

    Args:
        path: a ``.csv`` (or ``.txt``/``.tsv``) or ``.xlsx`` file.
        encoding: the text encoding of a CSV; by default UTF-8 (with or without BOM), UTF-16
            (with or without BOM) or Windows-1252/Latin-1 is recognised, and anything else refused.

    Raises:
        InputError: unreadable file, unknown encoding, over a limit, no header row.
    """
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix == ".xls":
        raise InputError("old .xls workbooks are not supported; save the export as .xlsx or CSV", path.name)
    if suffix not in (".xlsx", ".xlsm", ".csv", ".txt", ".tsv", ""):
        raise InputError(f"unknown file type {suffix!r}; import a .csv or .xlsx export", path.name)
    try:
        if suffix in (".xlsx", ".xlsm"):
            lines, close, used = _xlsx_lines(path)
        else:
            lines, close, used = _csv_lines(path, encoding)
    except OSError as exc:
        raise InputError(f"cannot read the file ({exc.strerror or exc})", path.name) from None
    try:
        layout, headers, rows = _table(path.name, lines)
    except BaseException:
        close()
        raise
    return TableStream(path.name, layout, headers, used, rows, close)


def read_table(path: str | Path, *, encoding: str | None = None) -> RawTable:
    """Read a CSV or XLSX export whole into a :class:`RawTable` (the app's dialog shows every row).

    Imports read the file row by row instead (:func:`open_table`, :func:`parse_stream`).

    Raises:
        InputError: as :func:`open_table`, and for a row over a limit.
    """
    with open_table(path, encoding=encoding) as stream:
        rows = tuple(stream.rows())
        return RawTable(stream.source, stream.layout, stream.headers, rows, stream.encoding)


# What the import dialog keeps of a file while a person maps it: the first rows for the preview
# and, per column, its distinct values (the Codes tab lists a code column's values), capped so
# that memory stays bounded whatever the file's size (a memo column is all different).
MAX_LISTED_VALUES = 2000
MAX_LISTED_CHARS = 256 * 1024


@dataclass(frozen=True)
class FileOverview:
    """A file read once, row by row, keeping only what the import dialog shows.

    Attributes:
        head: the file's layout, headers and encoding with its first :data:`MAX_PREVIEW` rows.
        row_count: how many transaction rows the file has.
        values: per column, its distinct non-empty cell texts (stripped) and how many rows hold
            each, for the first :data:`MAX_LISTED_VALUES` distinct texts (at most
            :data:`MAX_LISTED_CHARS` characters of them).
        more_values: per column, whether it had more distinct texts than ``values`` lists.
    """

    head: RawTable
    row_count: int
    values: tuple[dict[str, int], ...]
    more_values: tuple[bool, ...]

    def column_values(self, header: str) -> dict[str, int]:
        """``values`` of the column named ``header`` (empty when there is none)."""
        return self.values[self.head.headers.index(header)] if header in self.head.headers else {}


def read_overview(path: str | Path, *, encoding: str | None = None) -> FileOverview:
    """Read a CSV or XLSX export row by row into a :class:`FileOverview` (bounded memory).

    The import itself reads the file again (:func:`open_table`, :func:`parse_stream`).

    Raises:
        InputError: as :func:`open_table`, and for a row over a limit.
    """
    with open_table(path, encoding=encoding) as stream:
        width = len(stream.headers)
        head: list[tuple[int, tuple[str, ...]]] = []
        values: list[dict[str, int]] = [{} for _ in range(width)]
        chars = [0] * width
        more = [False] * width
        count = 0
        for number, cells in stream.rows():
            count += 1
            if len(head) < MAX_PREVIEW:
                head.append((number, cells))
            for column, cell in enumerate(cells[:width]):
                text = cell.strip()
                if not text:
                    continue
                seen = values[column]
                if text in seen:
                    seen[text] += 1
                elif len(seen) < MAX_LISTED_VALUES and chars[column] + len(text) <= MAX_LISTED_CHARS:
                    seen[text] = 1
                    chars[column] += len(text)
                else:
                    more[column] = True
        table = RawTable(stream.source, stream.layout, stream.headers, tuple(head), stream.encoding)
        return FileOverview(table, count, tuple(values), tuple(more))


# Bytes that Windows-1252 leaves undefined: a file holding them is not Windows-1252 text.
_CP1252_UNDEFINED = frozenset(b"\x81\x8d\x8f\x90\x9d")
# Non-letters an accounting export in Windows-1252 plausibly holds (quotes, dashes, currency …).
_CP1252_PUNCTUATION = frozenset("\u00a0’‘“”‚„–—•…€£¥¢°±×÷½¼¾©®™§¶·¹²³ª º«»¿¡¦¨¯´¸µ†‡‰‹›ˆ˜")
_CHUNK = 1 << 20


def _scan(handle: BinaryIO, codec: str) -> tuple[int, int] | None:
    """Where ``handle``'s bytes stop being ``codec`` text: (byte offset, line), or None if they never do."""
    decoder = codecs.getincrementaldecoder(codec)("strict")
    offset = 0
    lines = 1
    handle.seek(0)
    while True:
        chunk = handle.read(_CHUNK)
        try:
            decoder.decode(chunk, final=not chunk)
        except UnicodeDecodeError as exc:
            return offset + exc.start, lines + chunk[: exc.start].count(b"\n")
        if not chunk:
            return None
        offset += len(chunk)
        lines += chunk.count(b"\n")


def _reads_as_cp1252(handle: BinaryIO) -> bool:
    """True when the bytes read as Windows-1252 text, not as the garbage another encoding gives.

    Every byte must be defined, and the non-ASCII characters (nearly all) must be the punctuation
    exports hold or letters inside words of ASCII letters ("Peña", "Café"): Cyrillic or Greek bytes
    read as Windows-1252 give whole words of accented letters ("ðÒÉ×ÅÔ"), Asian encodings symbols.
    """
    handle.seek(0)
    plausible = other = 0
    while chunk := handle.read(_CHUNK):
        if _CP1252_UNDEFINED.intersection(chunk):
            return False
        text = chunk.decode("cp1252")
        for at, char in enumerate(text):
            if char < "\x80":
                continue
            if char in _CP1252_PUNCTUATION or (
                char.isalpha()
                and (
                    (at > 0 and text[at - 1].isascii() and text[at - 1].isalpha())
                    or (at + 1 < len(text) and text[at + 1].isascii() and text[at + 1].isalpha())
                )
            ):
                plausible += 1
            else:
                other += 1
    return other * 10 <= plausible + other


def _detect_encoding(handle: BinaryIO, name: str) -> tuple[str, str]:
    """The codec to read a CSV with, and its name for people; refuses what reads as no text.

    A byte-order mark decides; else a file of UTF-16 (every other byte zero in its start, as in
    ASCII text written as UTF-16); else UTF-8 if the whole file is valid UTF-8; else Windows-1252
    (the Windows ANSI code page, a superset of Latin-1's printable characters) if it reads as text.
    """
    head = handle.read(4096)
    handle.seek(0)
    if head.startswith(codecs.BOM_UTF8):
        return "utf-8-sig", "utf-8"
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16", "utf-16"
    if len(head) >= 8:
        even, odd = head[0::2], head[1::2]
        even_zeros, odd_zeros = even.count(0) / len(even), odd.count(0) / len(odd)
        if odd_zeros > 0.4 and even_zeros < 0.05:
            return "utf-16-le", "utf-16"
        if even_zeros > 0.4 and odd_zeros < 0.05:
            return "utf-16-be", "utf-16"
    bad = _scan(handle, "utf-8")
    if bad is None:
        return "utf-8", "utf-8"
    if _reads_as_cp1252(handle):
        return "cp1252", "cp1252"
    handle.seek(bad[0])
    byte = handle.read(1)
    raise InputError(
        f"line {bad[1]:,} is not UTF-8 text (byte 0x{byte[0]:02x}), and the file does not read as Windows-1252 "
        "or Latin-1 either; save the export as 'CSV UTF-8', or name its encoding "
        "(e.g. --encoding mac_roman)",
        name,
    )


def _bounded_lines(text: io.TextIOBase, name: str) -> Iterator[str]:
    """The file's lines, each at most :data:`MAX_LINE_CHARS` long (a longer one is refused before it is read whole)."""
    number = 0
    while True:
        line = text.readline(MAX_LINE_CHARS + 1)
        if not line:
            return
        number += 1
        if len(line) > MAX_LINE_CHARS:
            raise InputError(
                f"line {number:,} is longer than {MAX_LINE_CHARS:,} characters; this is not an accounting export "
                "(or its lines are not separated by line breaks)",
                name,
            )
        yield line


def _csv_lines(path: Path, encoding: str | None) -> tuple[Iterator[list[str]], Any, str]:
    handle = path.open("rb")
    try:
        if encoding:
            try:
                codecs.lookup(encoding)
            except LookupError:
                raise InputError(f"unknown encoding {encoding!r}; try utf-8 or cp1252", "--encoding") from None
            codec, used = encoding, encoding
        else:
            codec, used = _detect_encoding(handle, path.name)
        handle.seek(0)
        text = io.TextIOWrapper(handle, encoding=codec, errors="strict", newline="")
        try:
            sample = text.read(64 * 1024)
            text.seek(0)
        except UnicodeDecodeError as exc:
            raise InputError(f"not {used} text near byte {exc.start:,}; choose another encoding", path.name) from None
    except BaseException:
        handle.close()
        raise
    delimiter = _delimiter(sample)
    return _csv_rows(text, delimiter, path.name, used), text.close, used


def _delimiter(sample: str) -> str:
    """The delimiter that splits the file's first lines into the most rows of one width (> 1).

    Only the delimiter is guessed; quoting follows the csv module's standard (Excel's) rules, so
    a doubled quote inside a quoted field is one quote (csv.Sniffer can take it for an escape).
    """
    lines = sample.splitlines(keepends=True)
    if len(lines) > 1 and not sample.endswith(("\n", "\r")):
        lines = lines[:-1]  # the sample may end inside a line
    best, score = ",", (0, 0)
    for candidate in (",", ";", "\t", "|"):
        try:
            widths = Counter(len(row) for row in csv.reader(lines[:200], delimiter=candidate) if any(row))
        except csv.Error:
            continue
        width, count = max(widths.items(), key=lambda item: (item[1], item[0]), default=(0, 0))
        if width > 1 and (count, width) > score:
            best, score = candidate, (count, width)
    return best


def _csv_rows(text: io.TextIOWrapper, delimiter: str, name: str, used: str) -> Iterator[list[str]]:
    csv.field_size_limit(MAX_FIELD_CHARS)
    reader = csv.reader(_bounded_lines(text, name), delimiter=delimiter, doublequote=True, quotechar='"')
    number = 0
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            if "field larger than field limit" in str(exc):
                raise InputError(
                    f"row {number + 1:,}: a field is longer than {MAX_FIELD_CHARS:,} characters (128 KiB); "
                    "no accounting field is that long (an unclosed quote?)",
                    name,
                ) from None
            raise InputError(f"row {number + 1:,}: not readable as CSV ({exc})", name) from None
        except UnicodeDecodeError:
            raise InputError(
                f"row {number + 1:,} is not {used} text; choose another encoding (--encoding)", name
            ) from None
        number += 1
        if len(row) > MAX_COLUMNS:
            raise InputError(f"row {number:,} has {len(row):,} columns; at most {MAX_COLUMNS:,} are read", name)
        yield row


class _StringTable:
    """A workbook's shared strings kept compactly: UTF-8 bytes end to end and their offsets.

    openpyxl keeps them as a list of str (about 80 bytes each, more than the compressed file
    holds per string); cells look them up by index, which is all this offers.
    """

    def __init__(self) -> None:
        self._data = bytearray()
        self._ends = array("Q")

    def append(self, text: str) -> None:
        self._data += text.encode("utf-8", "surrogatepass")
        self._ends.append(len(self._data))

    def __len__(self) -> int:
        return len(self._ends)

    def __getitem__(self, index: int) -> str:
        start = self._ends[index - 1] if index > 0 else 0
        return self._data[start : self._ends[index]].decode("utf-8", "surrogatepass")


def _compact_reader() -> Any:
    """openpyxl's workbook reader, keeping the shared strings in a :class:`_StringTable`."""
    from openpyxl.cell.text import Text
    from openpyxl.reader.excel import SHARED_STRINGS, ExcelReader
    from openpyxl.xml.constants import SHEET_MAIN_NS
    from openpyxl.xml.functions import iterparse

    class CompactReader(ExcelReader):  # type: ignore[misc]
        def read_strings(self) -> None:
            found = self.package.find(SHARED_STRINGS)
            table = _StringTable()
            if found is not None:
                tag = f"{{{SHEET_MAIN_NS}}}si"
                with self.archive.open(found.PartName[1:]) as source:
                    root = None
                    for event, node in iterparse(source, events=("start", "end")):
                        if root is None:
                            root = node
                        elif event == "end" and node.tag == tag:
                            table.append(Text.from_tree(node).content.replace("x005F_", ""))
                            # Emptied and dropped from the root too: openpyxl keeps every <si> element.
                            root.clear()
            self.shared_strings = table

    _install_row_parser()
    return CompactReader


def _install_row_parser() -> None:
    """Make openpyxl's read-only sheets forget each row once read.

    Its parser empties every ``<row>`` element it has read but leaves it in ``<sheetData>``, so
    memory grows by ~100 bytes a row (10 MB for 100,000 rows), and looking for a missing
    ``<dimension>`` it reads the whole sheet so; this one removes each row and stops at the data.
    Read-only sheets only read rows and dimensions, so nothing else changes.
    """
    import openpyxl.worksheet._read_only as read_only
    from openpyxl.worksheet._reader import ROW_TAG, WorkSheetParser
    from openpyxl.worksheet.dimensions import SheetDimension
    from openpyxl.xml.constants import SHEET_MAIN_NS
    from openpyxl.xml.functions import iterparse

    if getattr(read_only.WorkSheetParser, "forgets_rows", False):
        return
    sheet_data = f"{{{SHEET_MAIN_NS}}}sheetData"
    dimension = f"{{{SHEET_MAIN_NS}}}dimension"

    class RowParser(WorkSheetParser):  # type: ignore[misc]
        forgets_rows = True

        def parse_dimensions(self) -> Any:
            # The <dimension> element comes before <sheetData> (openpyxl's own write-only files
            # leave it out, and its parser then holds the whole sheet to find that out).
            for event, element in iterparse(self.source, events=("start", "end")):
                if event == "start" and element.tag == sheet_data:
                    return None
                if event == "end" and element.tag == dimension:
                    return SheetDimension.from_tree(element).boundaries
            return None

        def parse(self) -> Iterator[Any]:
            rows_parent = None
            for event, element in iterparse(self.source, events=("start", "end")):
                if event == "start":
                    if element.tag == sheet_data:
                        rows_parent = element
                elif element.tag == ROW_TAG:
                    row = self.parse_row(element)
                    if rows_parent is not None:
                        rows_parent.clear()
                    yield row

    read_only.WorkSheetParser = RowParser


def _xlsx_lines(path: Path) -> tuple[Iterator[list[str]], Any, str]:
    import zipfile

    try:
        with zipfile.ZipFile(path) as archive:
            inflated = sum(member.file_size for member in archive.infolist())
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise InputError(f"not a readable .xlsx workbook ({exc})", path.name) from None
    if inflated > MAX_XLSX_INFLATED:
        # Checked before anything is parsed: the sizes in the zip directory bound what its members
        # inflate to (zipfile stops there), so a workbook that inflates to gigabytes never does.
        raise InputError(
            f"the workbook inflates to {inflated / 2**20:,.0f} MiB; at most {MAX_XLSX_INFLATED // 2**20:,} MiB "
            "are read (export fewer rows at a time, or as CSV)",
            path.name,
        )
    try:
        reader = _compact_reader()(path, read_only=True, keep_vba=False, data_only=True, keep_links=False)
        reader.read()
        book = reader.wb
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise InputError(f"not a readable .xlsx workbook ({exc})", path.name) from None
    if not book.worksheets:
        book.close()
        raise InputError("the workbook has no sheet", path.name)

    def rows() -> Iterator[list[str]]:
        sheet = book.worksheets[0]
        for number, row in enumerate(sheet.iter_rows(values_only=True), start=1):
            if len(row) > MAX_COLUMNS:
                row = row[:MAX_COLUMNS] if not any(row[MAX_COLUMNS:]) else row
                if len(row) > MAX_COLUMNS:
                    raise InputError(f"row {number:,} has cells beyond column {MAX_COLUMNS:,}", path.name)
            cells = [_cell_text(value) for value in row]
            for cell in cells:
                if len(cell) > MAX_FIELD_CHARS:
                    raise InputError(
                        f"row {number:,}: a cell is longer than {MAX_FIELD_CHARS:,} characters; "
                        "no accounting field is that long",
                        path.name,
                    )
            yield cells

    return rows(), book.close, "xlsx"


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.date().isoformat()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, bool):
        return str(value)
    if isinstance(value, float):
        # Spreadsheet numbers are binary floats; a cent amount is shown with its two decimals.
        if abs(value * 100 - round(value * 100)) < 1e-6:
            return f"{value:.2f}"
        return repr(value)
    return str(value)


def _norm(header: str) -> str:
    return re.sub(r"[^a-z0-9 ]", "", header.lower()).strip()


def _is_header(cells: list[str]) -> bool:
    names = {_norm(c) for c in cells if c.strip()}
    has_date = any(n in names for n in _GUESSES["date"])
    has_amount = any(n in names for n in (*_GUESSES["amount"], *_GUESSES["debit"]))
    return has_date and has_amount


def _table(
    source: str, lines: Iterator[list[str]]
) -> tuple[str, tuple[str, ...], Iterator[tuple[int, tuple[str, ...]]]]:
    """The layout, the headers and the transaction rows of a file's lines (read as the rows are asked for).

    The header is the first of the first :data:`HEADER_SEARCH` lines naming a date and an amount
    column. QuickBooks reports put their account hierarchy in the header's leading blank columns:
    Online one column ("6000 Salaries & Wages" lines, "Total for …" lines), Desktop one column
    per level ("Ordinary Income/Expense" › "Expense" › "6000 · Salaries & Wages", with the
    transactions indented past them and "Total …" lines closing each level). The innermost open
    account becomes the ``Account`` column of its transactions; group and total lines are skipped.
    """
    head: list[list[str]] = []
    for cells in lines:
        head.append(cells)
        if len(head) >= HEADER_SEARCH or _is_header(cells):
            break
    header_at = next((i for i, cells in enumerate(head) if _is_header(cells)), None)
    if header_at is None:
        # No header we recognise: take the first non-empty row; the column mapping decides.
        header_at = next((i for i, cells in enumerate(head) if any(c.strip() for c in cells)), None)
        if header_at is None:
            raise InputError("the file is empty", source)
        top = head[header_at]
        if len(top) == 1:
            raise InputError(
                f"found one column only ({top[0][:60]!r}); the file seems delimited by something other than "
                "commas, semicolons, tabs or bars. Save it as a comma-separated CSV",
                source,
            )
    raw = [c.strip() for c in head[header_at]]
    levels = next((i for i, c in enumerate(raw) if c), 0)
    quickbooks = levels > 0 and (header_at > 0 or levels > 1)
    headers = ("Account", *raw[levels:]) if quickbooks else tuple(raw)
    after = head[header_at + 1 :]
    return (
        "quickbooks" if quickbooks else "plain",
        headers,
        _rows(after, lines, header_at + 1, levels if quickbooks else 0, len(headers)),
    )


def _rows(
    buffered: list[list[str]], lines: Iterator[list[str]], start: int, levels: int, width: int
) -> Iterator[tuple[int, tuple[str, ...]]]:
    groups: list[str] = []  # the open account hierarchy of a QuickBooks report, outermost first
    number = start
    for line in itertools.chain(buffered, lines):
        number += 1
        cells = [c.strip() for c in line]
        if not any(cells):
            continue
        if levels:
            hierarchy, rest = cells[:levels], cells[levels:]
            level = next((i for i, c in enumerate(hierarchy) if c), None)
            if level is not None:
                label = hierarchy[level]
                del groups[level:]
                if label.lower().startswith("total"):
                    continue  # "Total for 6000 …", "Total 6000 · …", "TOTAL": closes the level
                if not any(rest):
                    groups.extend([""] * (level - len(groups)))
                    groups.append(label)
                    continue
            if not any(rest[:2]):
                continue  # a balance or subtotal line without a transaction
            account = label if level is not None else next((g for g in reversed(groups) if g), "")
            cells = [account, *rest]
        elif cells[0].lower().startswith("total") and not any(cells[1:3]):
            continue
        yield number, tuple((cells + [""] * width)[:width])


# -- mapping --------------------------------------------------------------------------------


def guess_mapping(headers: Iterable[str]) -> ColumnMapping:
    """A first mapping from header names (each column used once, best guesses first)."""
    by_name: dict[str, str] = {}
    for header in headers:
        by_name.setdefault(_norm(header), header)
    columns: dict[str, str] = {}
    used: set[str] = set()
    for name in FIELDS:
        for guess in _GUESSES[name]:
            found = by_name.get(guess)
            if found and found not in used:
                columns[name] = found
                used.add(found)
                break
    if "amount" in columns and ("debit" in columns or "credit" in columns):
        columns.pop("debit", None)
        columns.pop("credit", None)
    return ColumnMapping(columns)


def check_mapping(table: Table, mapping: ColumnMapping) -> None:
    """Raise InputError unless the mapping names existing columns, a date, and an amount (or debit/credit)."""
    missing = sorted(f"{name} -> {column!r}" for name, column in mapping.columns.items() if column not in table.headers)
    if missing:
        raise InputError(
            f"the mapping names columns the file does not have: {', '.join(missing)}; "
            f"its columns are: {', '.join(repr(h) for h in table.headers)}",
            table.source,
        )
    columns = ", ".join(repr(h) for h in table.headers)
    if "date" not in mapping.columns:
        raise InputError(f"map a column to 'date' (e.g. --map date=Date); the columns are: {columns}", table.source)
    if "amount" not in mapping.columns and "debit" not in mapping.columns:
        raise InputError(
            f"map a column to 'amount', or to 'debit' and 'credit'; the columns are: {columns}", table.source
        )


def fit_mapping(headers: Sequence[str], remembered: ColumnMapping | None) -> tuple[ColumnMapping, tuple[str, ...]]:
    """A remembered mapping fitted to a new file: what still fits is kept, nothing the file has is dropped.

    Each field the remembered mapping names a column for that the file has keeps it (the user's
    choice wins over a guess); a field whose column the file lacks, or that the mapping never
    named (a mapping remembered before the field existed), is guessed from the file's headers.
    So a file with an "Account" column always has its account read, whatever was remembered.

    Returns:
        The mapping and the fields guessed anew (empty when the remembered one fitted whole).
    """
    guess = guess_mapping(headers)
    if remembered is None:
        return guess, tuple(guess.columns)
    present = set(headers)
    columns = {name: column for name, column in remembered.columns.items() if column in present}
    split = "debit" in columns or "credit" in columns
    added = []
    for name, column in guess.columns.items():
        if name in columns or column in columns.values():
            continue
        if (name == "amount" and split) or (name in ("debit", "credit") and "amount" in columns):
            continue  # the remembered one reads the money its own way
        columns[name] = column
        added.append(name)
    return ColumnMapping(columns, remembered.codes), tuple(added)


def mapping_fits(table: Table, mapping: ColumnMapping) -> bool:
    try:
        check_mapping(table, mapping)
    except InputError:
        return False
    return True


# -- values ---------------------------------------------------------------------------------

_MONTHS = {
    name: number
    for number, names in enumerate(
        [
            ("jan", "january"),
            ("feb", "february"),
            ("mar", "march"),
            ("apr", "april"),
            ("may",),
            ("jun", "june"),
            ("jul", "july"),
            ("aug", "august"),
            ("sep", "sept", "september"),
            ("oct", "october"),
            ("nov", "november"),
            ("dec", "december"),
        ],
        start=1,
    )
    for name in names
}
_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T]\d{1,2}:\d{2}(?::\d{2})?)?")
_US = re.compile(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4}|\d{2})(?: \d{1,2}:\d{2}(?::\d{2})?(?: ?[AP]M)?)?", re.I)
_WORDY = re.compile(r"([A-Za-z]{3,9})\.? (\d{1,2}),? (\d{4})")
_DAY_FIRST_WORDY = re.compile(r"(\d{1,2})[- ]([A-Za-z]{3,9})[- ](\d{4}|\d{2})")
DATE_FORMATS = "MM/DD/YYYY, M/D/YY, YYYY-MM-DD, Jan 31, 2023 or 31-Jan-2023"


def parse_us_date(text: str) -> date:
    """A date in a common US form; two-digit years are 2000–2099."""
    raw = text.strip()
    year = month = day = 0
    if match := _ISO.fullmatch(raw):
        year, month, day = int(match[1]), int(match[2]), int(match[3])
    elif match := _US.fullmatch(raw):
        month, day, year = int(match[1]), int(match[2]), int(match[3])
        year += 2000 if len(match[3]) == 2 else 0
    elif match := _WORDY.fullmatch(raw):
        month, day, year = _MONTHS.get(match[1].lower(), 0), int(match[2]), int(match[3])
    elif match := _DAY_FIRST_WORDY.fullmatch(raw):
        day, month, year = int(match[1]), _MONTHS.get(match[2].lower(), 0), int(match[3])
        year += 2000 if len(match[3]) == 2 else 0
    if not raw:
        raise InputError("the date is empty")
    try:
        return date(year, month, day)
    except ValueError:
        raise InputError(f"not a date: {raw!r}; write it as {DATE_FORMATS}") from None


def parse_amount(text: str) -> int:
    """An amount in cents: ``$1,234.56``, ``(1,234.56)`` or ``-1,234.56`` (negative = refund)."""
    raw = text.strip().replace(" ", "").replace("\u00a0", "")
    if not raw:
        raise InputError("the amount is empty")
    negative = False
    if raw.startswith("(") and raw.endswith(")"):
        negative, raw = True, raw[1:-1]
    if raw.endswith("-"):
        negative, raw = True, raw[:-1]
    if raw.startswith(("-$", "$-")):
        negative, raw = True, raw[2:]
    elif raw.startswith("-"):
        negative, raw = True, raw[1:]
    if raw.upper().startswith("USD"):
        raw = raw[3:]
    try:
        cents = parse_money(raw)
    except InputError:
        raise InputError(f"not an amount: {text.strip()!r}; write it like 1234.56, $1,234.56 or (1,234.56)") from None
    return -cents if negative else cents


def category_of(text: str) -> str:
    """The SF-424A object class an account or category name belongs to ("other" when unsure)."""
    lowered = text.lower()
    if lowered.strip() in CATEGORIES:
        return lowered.strip()
    for category, words in _CATEGORY_WORDS:
        if any(word in lowered for word in words):
            return category
    return "other"


Accounts = Mapping[str, str]  # account_key(account) -> category, for one file layout (the workspace's table)


def category_for(account: str, category: str, accounts: Accounts | None) -> str:
    """A row's SF-424A category: its account's in the workspace's mapping, else the file's category
    column, else a guess from the account's words (an account mapped nowhere yet)."""
    if accounts and account:
        mapped = accounts.get(account_key(account))
        if mapped is not None:
            return mapped
    return category_of(category or account)


def _parse_row(
    number: int,
    cells: tuple[str, ...],
    index: Mapping[str, int],
    mapping: ColumnMapping,
    accounts: Accounts | None = None,
) -> ParsedRow | list[RowProblem]:
    """One line checked: the transaction, or every problem of its cells."""
    problems: list[RowProblem] = []
    for name, at in index.items():
        problem = text_problem(cells[at], limit=MAX_FIELD_CHARS)
        if problem is not None:
            # The workspace's one text rule: refused here, so what is imported always exports and
            # imports again as workspace JSON (see fundtracker.domain.text).
            problems.append(RowProblem(number, mapping.columns[name], problem))
    if problems:
        return problems
    when = date.min
    amount = 0
    try:
        when = parse_us_date(cells[index["date"]])
    except InputError as exc:
        problems.append(RowProblem(number, mapping.columns["date"], exc.message))
    try:
        amount = _row_amount(cells, index, mapping)
    except _CellError as exc:
        problems.append(RowProblem(number, exc.column, exc.message))
    if problems:
        return problems

    def cell(name: str) -> str:
        return cells[index[name]] if name in index else ""

    account, category = cell("account"), cell("category")
    return ParsedRow(
        row=number,
        date=when,
        amount=amount,
        category=category_for(account, category, accounts),
        code=cell("code"),
        memo=cell("memo"),
        stream=cell("stream"),
        account=account or category,
        payee=cell("payee"),
        number=cell("number"),
    )


def _index(table: Table, mapping: ColumnMapping) -> dict[str, int]:
    check_mapping(table, mapping)
    return {name: table.headers.index(column) for name, column in mapping.columns.items()}


def parse_rows(table: RawTable, mapping: ColumnMapping, accounts: Accounts | None = None) -> ParsedFile:
    """Check every row; return the good ones and every problem (row, column, what is wrong).

    Args:
        accounts: the workspace's account → category mapping for the file's layout.
    """
    index = _index(table, mapping)
    rows: list[ParsedRow] = []
    problems: list[RowProblem] = []
    for number, cells in table.rows:
        parsed = _parse_row(number, cells, index, mapping, accounts)
        if isinstance(parsed, ParsedRow):
            rows.append(parsed)
        else:
            problems.extend(parsed)
    return ParsedFile(table.source, tuple(rows), tuple(problems))


class ParsedStream:
    """The checked rows of a :class:`TableStream`, read as they are asked for.

    ``rows()`` yields the good rows; meanwhile ``problems`` collects the first
    :data:`MAX_PROBLEMS` problems, ``more_problems`` counts the rest and ``bad_rows`` holds every
    bad row's number (all complete once ``rows()`` is exhausted).
    """

    def __init__(self, table: TableStream, mapping: ColumnMapping, accounts: Accounts | None = None) -> None:
        self.source = table.source
        self._table = table
        self._mapping = mapping
        self._accounts = accounts
        # Accounts the mapping has no category for (their rows were sorted by the account's words).
        self.guessed: dict[str, str] = {}
        self._index = _index(table, mapping)
        self.problems: list[RowProblem] = []
        self.more_problems = 0
        self.bad_rows = array("q")

    def rows(self) -> Iterator[ParsedRow]:
        for number, cells in self._table.rows():
            parsed = _parse_row(number, cells, self._index, self._mapping, self._accounts)
            if isinstance(parsed, ParsedRow):
                if self._accounts is not None and parsed.account and account_key(parsed.account) not in self._accounts:
                    self.guessed.setdefault(parsed.account, parsed.category)
                yield parsed
                continue
            self.bad_rows.append(number)
            room = MAX_PROBLEMS - len(self.problems)
            self.problems.extend(parsed[:room])
            self.more_problems += max(0, len(parsed) - room)


def parse_stream(table: TableStream, mapping: ColumnMapping, accounts: Accounts | None = None) -> ParsedStream:
    """Check the rows of an open file as they are read (see :class:`ParsedStream`)."""
    return ParsedStream(table, mapping, accounts)


class _CellError(Exception):
    def __init__(self, column: str, message: str) -> None:
        super().__init__(message)
        self.column = column
        self.message = message


def _row_amount(cells: tuple[str, ...], index: Mapping[str, int], mapping: ColumnMapping) -> int:
    if "amount" in index:
        try:
            return parse_amount(cells[index["amount"]])
        except InputError as exc:
            raise _CellError(mapping.columns["amount"], exc.message) from None
    total = 0
    for name, sign in (("debit", 1), ("credit", -1)):
        if name in index and cells[index[name]].strip():
            try:
                total += sign * parse_amount(cells[index[name]])
            except InputError as exc:
                raise _CellError(mapping.columns[name], exc.message) from None
    return total


def preview(
    table: RawTable | TableStream, mapping: ColumnMapping, limit: int = MAX_PREVIEW, accounts: Accounts | None = None
) -> list[dict[str, str]]:
    """The first rows as the import would read them, field -> text (or the problem)."""
    check_mapping(table, mapping)
    first = table.rows[:limit] if isinstance(table, RawTable) else tuple(itertools.islice(table.rows(), limit))
    head = RawTable(table.source, table.layout, table.headers, first)
    parsed = parse_rows(head, mapping, accounts)
    problems: dict[int, str] = {}
    for problem in parsed.problems:
        problems[problem.row] = f"{problems[problem.row]}; {problem}" if problem.row in problems else str(problem)
    result: list[dict[str, str]] = []
    good = {r.row: r for r in parsed.rows}
    for number, _ in head.rows:
        if number in good:
            row = good[number]
            result.append(
                {
                    "row": str(number),
                    "date": row.date.isoformat(),
                    "amount": format_money(row.amount),
                    "category": row.category,
                    "account": row.account,
                    "code": row.code,
                    "memo": row.memo,
                    "payee": row.payee,
                    "number": row.number,
                }
            )
        else:
            result.append({"row": str(number), "problem": problems.get(number, "")})
    return result


# -- remembered mappings --------------------------------------------------------------------


class MappingStore:
    """Column mappings remembered in a small JSON file: the last one used and named ones.

    Args:
        path: the JSON file (the app uses ``actuals-mappings.json`` in the user data dir).
    """

    LAST = "last"

    def __init__(self, path: Path) -> None:
        self.path = path

    def _read(self) -> dict[str, Any]:
        if not self.path.exists():
            return {"last": None, "named": {}}
        try:
            data = json.loads(self.path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as exc:
            raise InputError(
                f"cannot read the remembered mappings ({exc}); delete the file to start over", str(self.path)
            ) from None
        if not isinstance(data, dict):
            return {"last": None, "named": {}}
        data.setdefault("named", {})
        return data

    def last(self) -> ColumnMapping | None:
        data = self._read().get("last")
        return ColumnMapping.from_json(data, f"{self.path}: last") if data else None

    def get(self, name: str) -> ColumnMapping:
        named = self._read()["named"]
        if name not in named:
            known = ", ".join(sorted(named)) or "(none saved yet; save one with --save-mapping NAME)"
            raise InputError(f"no saved column mapping named {name!r}; saved: {known}", "--mapping")
        return ColumnMapping.from_json(named[name], f"{self.path}: {name}")

    def names(self) -> list[str]:
        return sorted(self._read()["named"])

    def remember(self, mapping: ColumnMapping, name: str | None = None) -> None:
        """Keep ``mapping`` as the last one used (and under ``name``)."""
        from fundtracker.store.atomic import atomic_write_text

        data = self._read()
        data["last"] = mapping.to_json()
        if name:
            data["named"][name] = mapping.to_json()
        self.path.parent.mkdir(parents=True, exist_ok=True)
        atomic_write_text(self.path, json.dumps(data, indent=2, ensure_ascii=False, sort_keys=True))
