"""Reading a case-history file, CSV or Excel, as a stream of numbered rows.

What a spreadsheet does to a CSV is handled here, once: a byte-order mark, Windows-1252 text saved
by Excel, semicolon separators from European locale settings, blank lines, stray spaces around
values, and formulas in Excel cells (refused: the file must hold values). Rows are streamed so a
file of a million rows is never held in memory.
"""

import codecs
import csv
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from .format import COLUMNS, REQUIRED, Problem

csv.field_size_limit(1_000_000)


class FileRejected(Exception):
    """The file as a whole cannot be read; nothing is imported. ``problems`` says why."""

    def __init__(self, problems: list[Problem]):
        super().__init__("; ".join(str(problem) for problem in problems))
        self.problems = problems


@dataclass
class Row:
    line: int
    values: dict[str, object]


@dataclass
class CaseFile:
    """An opened file: its header checks done, its rows still to be read (``rows()``)."""

    path: Path
    kind: str  # "csv" or "xlsx"
    encoding: str = "utf-8-sig"
    delimiter: str = ","
    header: list[str] = field(default_factory=list)
    warnings: list[Problem] = field(default_factory=list)

    def rows(self) -> Iterator[Row]:
        """Every non-blank data row, numbered as a spreadsheet numbers lines (header = line 1)."""
        source = self._csv_rows() if self.kind == "csv" else self._xlsx_rows()
        positions = {name: index for index, name in enumerate(self.header) if name in COLUMNS}
        for line, cells in source:
            if all(_blank(cell) for cell in cells):
                continue
            values = {}
            for name, index in positions.items():
                cell = cells[index] if index < len(cells) else None
                values[name] = cell.strip() if isinstance(cell, str) else cell
            yield Row(line, values)

    def _csv_rows(self) -> Iterator[tuple[int, list]]:
        with open(self.path, encoding=self.encoding, newline="") as handle:
            reader = csv.reader(handle, delimiter=self.delimiter)
            next(reader, None)
            for cells in reader:
                yield reader.line_num, cells

    def _xlsx_rows(self) -> Iterator[tuple[int, list]]:
        from openpyxl import load_workbook

        workbook = load_workbook(self.path, read_only=True, data_only=False)
        try:
            sheet = workbook.worksheets[0]
            for line, cells in enumerate(sheet.iter_rows(min_row=2, values_only=True), start=2):
                yield line, list(cells)
        finally:
            workbook.close()


def _blank(cell) -> bool:
    return cell is None or (isinstance(cell, str) and not cell.strip())


def open_case_file(path: str | Path) -> CaseFile:
    """Open a case-history file and check its header.

    Raises ``FileRejected`` for an empty file, an unreadable one, or a header without the required
    columns. Columns that are not part of the format are ignored, with a warning.
    """
    path = Path(path)
    if not path.exists():
        raise FileRejected([Problem(0, "", f"There is no file called {path.name}")])
    if path.stat().st_size == 0:
        raise FileRejected([Problem(0, "", "The file is empty")])
    if path.suffix.lower() in {".xlsx", ".xlsm"}:
        case_file = CaseFile(path, "xlsx")
        case_file.header = _xlsx_header(path)
    else:
        case_file = CaseFile(path, "csv")
        _sniff_csv(case_file)
    _check_header(case_file)
    return case_file


def _sniff_csv(case_file: CaseFile) -> None:
    with open(case_file.path, "rb") as handle:
        raw = handle.read(1_000_000)  # a sample: the whole of a large file is never held
    if raw.startswith(codecs.BOM_UTF16_LE) or raw.startswith(codecs.BOM_UTF16_BE):
        raise FileRejected(
            [Problem(0, "", "The file is saved as UTF-16: save it as 'CSV UTF-8' and try again")]
        )
    try:
        raw.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        # Cut at the 1 MB sample may split a character: only a failure before the end counts.
        if error.start < len(raw) - 4:
            case_file.encoding = "cp1252"
            case_file.warnings.append(
                Problem(
                    0,
                    "",
                    "The file is not UTF-8; it was read as Windows-1252 (Excel's plain 'CSV' "
                    "format). Check that names with accents look right, or save it as 'CSV UTF-8'.",
                )
            )
    with open(case_file.path, encoding=case_file.encoding, newline="") as handle:
        first_line = ""
        for first_line in handle:
            if first_line.strip():
                break
    if first_line.count(";") > first_line.count(","):
        case_file.delimiter = ";"
        case_file.warnings.append(Problem(0, "", "The columns are separated by semicolons"))
    with open(case_file.path, encoding=case_file.encoding, newline="") as handle:
        reader = csv.reader(handle, delimiter=case_file.delimiter)
        header = next(reader, [])
    case_file.header = [name.strip().lower() for name in header]


def _xlsx_header(path: Path) -> list[str]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(path, read_only=True, data_only=False)
    except Exception as error:  # noqa: BLE001 - openpyxl raises many kinds for a bad file
        raise FileRejected(
            [Problem(0, "", f"The file cannot be read as an Excel workbook ({error})")]
        ) from error
    try:
        if not workbook.worksheets:
            raise FileRejected([Problem(0, "", "The workbook has no sheets")])
        first = next(workbook.worksheets[0].iter_rows(max_row=1, values_only=True), ())
        return [str(cell).strip().lower() if cell is not None else "" for cell in first]
    finally:
        workbook.close()


def _check_header(case_file: CaseFile) -> None:
    header = case_file.header
    if not any(header):
        raise FileRejected([Problem(1, "header", "The first row must hold the column names")])
    missing = [name for name in REQUIRED if name not in header]
    if missing:
        raise FileRejected(
            [Problem(1, "header", f"The required column '{name}' is missing") for name in missing]
        )
    seen = set()
    for name in header:
        if name in seen and name in COLUMNS:
            raise FileRejected([Problem(1, name, "The column appears twice")])
        seen.add(name)
    ignored = [name for name in header if name and name not in COLUMNS]
    if ignored:
        case_file.warnings.append(
            Problem(1, "header", "Columns not in the format were ignored: " + ", ".join(ignored))
        )


def write_rejects(path: Path, header: list[str], rows: list[tuple[int, dict]]) -> None:
    """Write the rejected rows, with their original line numbers, to a CSV beside the report."""
    with open(path, "w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["line", *header])
        for line, values in rows:
            writer.writerow([line, *(_as_text(values.get(name)) for name in header)])


def _as_text(value) -> str:
    if value is None:
        return ""
    if hasattr(value, "isoformat"):
        return value.isoformat()[:10]
    return str(value)
