"""Open a desk's export as a user would: the spreadsheet's rows, header first."""

import csv
import io

from openpyxl import load_workbook


def _body(response) -> bytes:
    if response.streaming:
        return b"".join(response.streaming_content)
    return response.content


def xlsx_rows(response) -> list[list]:
    assert response.status_code == 200, response.status_code
    sheet = load_workbook(io.BytesIO(_body(response))).active
    return [list(row) for row in sheet.iter_rows(values_only=True)]


def csv_rows(response) -> list[list[str]]:
    assert response.status_code == 200, response.status_code
    return list(csv.reader(io.StringIO(_body(response).decode("utf-8-sig"))))
