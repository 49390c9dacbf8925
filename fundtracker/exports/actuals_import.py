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

import csv
import io
import json
import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from fundtracker.domain.errors import InputError
from fundtracker.domain.money import format_money, parse_money
from fundtracker.domain.text import text_problem

FIELDS = ("date", "amount", "debit", "credit", "category", "code", "memo", "stream")
FIELD_HELP = {
    "date": "transaction date",
    "amount": "amount spent (refunds negative)",
    "debit": "amount spent, when the export splits debits and credits",
    "credit": "amount refunded, when the export splits debits and credits",
    "category": "account or expense category",
    "code": "fund, grant or class code",
    "memo": "memo or description",
    "stream": "funding stream key or name",
}
# Header names each field is recognised by (lower case, punctuation dropped), best first.
_GUESSES: dict[str, tuple[str, ...]] = {
    "date": ("date", "transaction date", "txn date", "posting date", "posted"),
    "amount": ("amount", "net amount", "net", "total", "value"),
    "debit": ("debit", "debits", "withdrawal"),
    "credit": ("credit", "credits", "deposit"),
    "category": ("account", "category", "expense category", "gl account", "account name", "object class"),
    "code": ("class", "fund", "grant", "code", "fund code", "grant code", "program", "project"),
    "memo": ("memo", "memodescription", "description", "memo description", "name", "payee"),
    "stream": ("stream", "funding stream", "funding source"),
}
MAX_PREVIEW = 20
# The longest cell an import reads (128 KiB of text): far below the stored-text limit, so every
# imported text is also valid stored text.
MAX_FIELD_CHARS = 128 * 1024
CATEGORIES = ("personnel", "fringe", "travel", "equipment", "supplies", "contractual", "construction", "other")
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
    """

    source: str
    layout: str
    headers: tuple[str, ...]
    rows: tuple[tuple[int, tuple[str, ...]], ...]


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
    """One transaction, checked. ``stream`` is the stream column's text (resolved on import)."""

    row: int
    date: date
    amount: int
    category: str
    code: str
    memo: str
    stream: str = ""


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


def read_table(path: str | Path, *, encoding: str | None = None) -> RawTable:
    """Read a CSV or XLSX export into a :class:`RawTable`.

    Args:
        path: a ``.csv`` (or ``.txt``/``.tsv``) or ``.xlsx`` file.
        encoding: the text encoding of a CSV; default UTF-8 (with or without BOM) or UTF-16 with BOM.

    Raises:
        InputError: unreadable file, wrong encoding, no header row with a date and an amount column.
    """
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        lines = _xlsx_lines(path)
    elif suffix in (".csv", ".txt", ".tsv", ""):
        lines = _csv_lines(path, encoding)
    elif suffix == ".xls":
        raise InputError("old .xls workbooks are not supported; save the export as .xlsx or CSV", path.name)
    else:
        raise InputError(f"unknown file type {suffix!r}; import a .csv or .xlsx export", path.name)
    return _table(path.name, lines)


def _csv_lines(path: Path, encoding: str | None) -> list[list[str]]:
    data = path.read_bytes()
    text = _decode(data, encoding, path.name)
    sample = text[:20000]
    try:
        dialect: Any = csv.Sniffer().sniff(sample, delimiters=",;\t|")
    except csv.Error:
        dialect = csv.excel
    return [list(row) for row in csv.reader(io.StringIO(text, newline=""), dialect)]


def _decode(data: bytes, encoding: str | None, name: str) -> str:
    if encoding:
        try:
            return data.decode(encoding)
        except LookupError:
            raise InputError(f"unknown encoding {encoding!r}; try utf-8 or cp1252", "--encoding") from None
        except UnicodeDecodeError as exc:
            raise InputError(f"not {encoding} text at byte {exc.start}; choose another encoding", name) from None
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return data.decode("utf-16")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise InputError(
            f"line {line} is not UTF-8 text (byte 0x{data[exc.start]:02x}); save the export as "
            "'CSV UTF-8', or name its encoding (e.g. --encoding cp1252 for Windows exports)",
            name,
        ) from None


def _xlsx_lines(path: Path) -> list[list[str]]:
    import zipfile

    import openpyxl

    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise InputError(f"not a readable .xlsx workbook ({exc})", path.name) from None
    try:
        sheet = book.worksheets[0]
        return [[_cell_text(value) for value in row] for row in sheet.iter_rows(values_only=True)]
    finally:
        book.close()


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


def _table(source: str, lines: list[list[str]]) -> RawTable:
    header_at = next((i for i, cells in enumerate(lines[:50]) if _is_header(cells)), None)
    if header_at is None:
        # No header we recognise: take the first non-empty row; the column mapping decides.
        header_at = next((i for i, cells in enumerate(lines) if any(c.strip() for c in cells)), None)
        if header_at is None:
            raise InputError("the file is empty", source)
        top = lines[header_at]
        if len(top) == 1:
            raise InputError(
                f"found one column only ({top[0][:60]!r}); the file seems delimited by something other than "
                "commas, semicolons, tabs or bars. Save it as a comma-separated CSV",
                source,
            )
    headers = [c.strip() for c in lines[header_at]]
    quickbooks = header_at > 0 and not headers[0]
    if quickbooks:
        headers[0] = "Account"
    width = len(headers)
    rows: list[tuple[int, tuple[str, ...]]] = []
    group = ""
    for index in range(header_at + 1, len(lines)):
        cells = [c.strip() for c in lines[index]]
        if not any(cells):
            continue
        cells = (cells + [""] * width)[:width]
        if quickbooks:
            first, rest = cells[0], cells[1:]
            if first.lower().startswith("total"):
                continue
            if first and not any(rest):
                group = first
                continue
            if not any(rest[:2]):
                continue
            cells[0] = first or group
        elif cells[0].lower().startswith("total") and not any(cells[1:3]):
            continue
        rows.append((index + 1, tuple(cells)))
    return RawTable(source, "quickbooks" if quickbooks else "plain", tuple(headers), tuple(rows))


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


def check_mapping(table: RawTable, mapping: ColumnMapping) -> None:
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


def mapping_fits(table: RawTable, mapping: ColumnMapping) -> bool:
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


def parse_rows(table: RawTable, mapping: ColumnMapping) -> ParsedFile:
    """Check every row; return the good ones and every problem (row, column, what is wrong)."""
    check_mapping(table, mapping)
    index = {name: table.headers.index(column) for name, column in mapping.columns.items()}
    rows: list[ParsedRow] = []
    problems: list[RowProblem] = []
    for number, cells in table.rows:
        bad = False
        when = date.min
        amount = 0
        for name, at in index.items():
            problem = text_problem(cells[at], limit=MAX_FIELD_CHARS)
            if problem is not None:
                # The workspace's one text rule: refused here, so what is imported always exports and
                # imports again as workspace JSON (see fundtracker.domain.text).
                problems.append(RowProblem(number, mapping.columns[name], problem))
                bad = True
        if bad:
            continue
        try:
            when = parse_us_date(cells[index["date"]])
        except InputError as exc:
            problems.append(RowProblem(number, mapping.columns["date"], exc.message))
            bad = True
        try:
            amount = _row_amount(cells, index, mapping)
        except _CellError as exc:
            problems.append(RowProblem(number, exc.column, exc.message))
            bad = True
        if bad:
            continue
        rows.append(
            ParsedRow(
                row=number,
                date=when,
                amount=amount,
                category=category_of(cells[index["category"]]) if "category" in index else "other",
                code=cells[index["code"]] if "code" in index else "",
                memo=cells[index["memo"]] if "memo" in index else "",
                stream=cells[index["stream"]] if "stream" in index else "",
            )
        )
    return ParsedFile(table.source, tuple(rows), tuple(problems))


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


def preview(table: RawTable, mapping: ColumnMapping, limit: int = MAX_PREVIEW) -> list[dict[str, str]]:
    """The first rows as the import would read them, field -> text (or the problem)."""
    check_mapping(table, mapping)
    head = RawTable(table.source, table.layout, table.headers, table.rows[:limit])
    parsed = parse_rows(head, mapping)
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
                    "code": row.code,
                    "memo": row.memo,
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
