"""The annual report's three tables as an xlsx workbook, in the official layout.

Each table gets its own sheet with the merged header cells of the 2021 format,
so the figures can be copied into the reporting systems that use it. The
workbook holds statistics only: no applicant's data ever reaches it.
"""

from __future__ import annotations

import io
from decimal import Decimal, InvalidOperation

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter

from disclosure.annual_report.format import SECTION_HEADINGS, Grid, grids

THIN = Side(style="thin", color="000000")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
CENTRE = Alignment(horizontal="center", vertical="center", wrap_text=True)
SHEET_SECTIONS = (SECTION_HEADINGS[1], SECTION_HEADINGS[2], SECTION_HEADINGS[3])
FORMULA_STARTS = ("=", "+", "-", "@")


def _text(value: str) -> str:
    """Never let a name be read as a spreadsheet formula."""
    return f"'{value}" if value.startswith(FORMULA_STARTS) else value


def _value(cell):
    if not cell.numeric:
        return _text(str(cell.text))
    if isinstance(cell.text, int):
        return cell.text
    try:
        return Decimal(str(cell.text))
    except (InvalidOperation, ValueError):
        return _text(str(cell.text))


def write_grid(sheet, grid: Grid, top: int) -> int:
    """Place ``grid`` from row ``top`` (HTML's table algorithm); returns the next row."""
    occupied: set[tuple[int, int]] = set()
    row_number = top
    for row in [*grid.head, *grid.body]:
        column = 1
        for cell in row:
            while (row_number, column) in occupied:
                column += 1
            target = sheet.cell(row=row_number, column=column, value=_value(cell))
            if cell.header:
                target.font = Font(bold=True)
            last_row = row_number + cell.rowspan - 1
            last_column = column + cell.colspan - 1
            for r in range(row_number, last_row + 1):
                for c in range(column, last_column + 1):
                    occupied.add((r, c))
                    sheet.cell(row=r, column=c).border = BORDER
                    sheet.cell(row=r, column=c).alignment = CENTRE
            if last_row > row_number or last_column > column:
                sheet.merge_cells(
                    start_row=row_number, start_column=column,
                    end_row=last_row, end_column=last_column,
                )  # fmt: skip
            column = last_column + 1
        row_number += 1
    return row_number


def _title_row(sheet, row: int, text: str, width: int, size: int) -> None:
    cell = sheet.cell(row=row, column=1, value=_text(text))
    cell.font = Font(bold=True, size=size)
    cell.alignment = CENTRE
    sheet.merge_cells(start_row=row, start_column=1, end_row=row, end_column=width)


def workbook_for(title: str, tables: dict) -> Workbook:
    workbook = Workbook()
    workbook.remove(workbook.active)
    for section, grid in zip(SHEET_SECTIONS, grids(tables), strict=True):
        sheet = workbook.create_sheet(section.split("、", 1)[1])
        _title_row(sheet, 1, title, grid.width, 14)
        _title_row(sheet, 2, section, grid.width, 12)
        write_grid(sheet, grid, top=3)
        for column in range(1, grid.width + 1):
            sheet.column_dimensions[get_column_letter(column)].width = 12
        sheet.column_dimensions["A"].width = 22 if grid.width > 4 else 26
    return workbook


def xlsx_bytes(title: str, tables: dict) -> bytes:
    buffer = io.BytesIO()
    workbook_for(title, tables).save(buffer)
    return buffer.getvalue()
