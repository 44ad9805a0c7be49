"""Writing a province's Excel workbook (``vanban excel export``).

The sheet ``Chỉ tiêu`` has the layout of config.targets_sheet: headers frozen and locked,
the sheet protected with only the province's values and the leading department open to
editing, a drop-down of the departments, and data validation on every number.

Numbers are stored as numbers, so that Excel sorts, sums and charts them; a percentage
is stored as a fraction with a percentage format (8,5% is 0.085), which is what Excel
itself makes of "8,5%" typed into a cell. How a number is shown, 8,5% or 8.5%, follows
the regional settings of the computer that opens the file: an .xlsx cannot force the
decimal comma, its number formats name only "a decimal separator". On a computer set to
Vietnamese every value shows as the documents print it; elsewhere the digits are the
same with a point. The import accepts both, and text typed the Vietnamese way ("8,5",
"8,5%", "1.200") as well (config.excel_cells).

The sheet ``Kết quả`` (:func:`_results`, layout in config.results_sheet) has the results
by year the same way: one column per year of the plan's period, the unit, direction and
milestones to read only, a row of sources under each target, an empty cell for a year
with no data.
"""

from __future__ import annotations

from decimal import Decimal
from io import BytesIO
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from generator.config import results_sheet
from generator.config import targets_sheet as layout
from generator.config.excel_cells import sample_text
from generator.config.excel_in import BASELINE_SHEET, baseline_json
from generator.config.targets_table import IndicatorRow, TargetsTable
from generator.domain.model import Number
from generator.output.files import write_atomically

FONT = "Times New Roman"
LISTS_SHEET = "Danh mục"
GUIDE_SHEET = "Hướng dẫn"
PERCENT_FORMAT = "0.0##%"  # 8,5% and 80,0%; "0.##%" would show "80,%"
NUMBER_FORMAT = "General"  # 9,5 or 250, as typed

_THIN = Side(style="thin", color="999999")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_HEADER_FILL = PatternFill("solid", fgColor="D9D9D9")
_EDIT_FILL = PatternFill("solid", fgColor="FFF2CC")
_EDIT_HEADER_FILL = PatternFill("solid", fgColor="FFE699")
_OPEN = Protection(locked=False)

GUIDE_HEADINGS = ("Cách dùng trang Chỉ tiêu", "Cách dùng trang Kết quả", "Nhập tệp")
GUIDE = (
    "Cách dùng trang Chỉ tiêu",
    "Chỉ sửa các ô nền vàng: giá trị của tỉnh (cột Tỉnh 2025, Tỉnh 2030) và sở chủ trì "
    "(chọn trong danh sách của ô). Các cột khác chỉ để xem; trang đã được khóa.",
    "Ô Tỉnh để trống: tỉnh dùng giá trị quốc gia ghi ở cột Quốc gia cùng năm.",
    "Gõ số như thường lệ: 8,5 hoặc 8,5% đều được; 1.200 là một nghìn hai trăm. Ô tỷ lệ phần "
    "trăm hiện dạng 8,5%.",
    "Ô ghi \"mẫu 65%\" là giá trị mẫu, tỉnh chưa xác nhận: gõ giá trị thật của tỉnh vào ô "
    "(kể cả khi bằng giá trị mẫu) để xác nhận.",
    "Cách dùng trang Kết quả",
    "Mỗi chỉ số một dòng, mỗi năm của giai đoạn Kế hoạch một cột Năm. Gõ kết quả của năm vào "
    "ô nền vàng, như ở trang Chỉ tiêu (8,5 hoặc 8,5%); các cột Đơn vị, Chiều, Mốc (chỉ tiêu "
    "của tỉnh) chỉ để đối chiếu.",
    "Ô trống là năm chưa có số liệu: báo cáo in \"chưa có số liệu\". Xóa số trong một ô là "
    "bỏ số liệu năm đó khỏi tệp tỉnh; ô đã trống từ lúc xuất thì không thay đổi gì.",
    "Dòng Nguồn dưới mỗi chỉ tiêu: ô ở cột Nội dung chỉ số là nguồn chung cho mọi năm (để "
    "trống: báo cáo của sở chủ trì); ô dưới một năm là nguồn riêng của năm đó, ví dụ \"Báo "
    "cáo số 112/BC-SYT ngày 10/12/2024 của Sở Y tế\" (để trống: dùng nguồn chung).",
    "Nhập tệp",
    "Lưu tệp (giữ kiểu .xlsx) rồi chạy: vanban excel import <mã tỉnh> <tệp>. Có lỗi thì "
    "vanban báo từng ô (ví dụ Chỉ tiêu!I12, Kết quả!N8) và không ghi gì, kể cả các ô đúng "
    "của trang kia; sửa rồi nhập lại.",
    "Dấu phẩy thập phân hiện khi máy đặt vùng Việt Nam; ở vùng khác Excel hiện dấu chấm, "
    "giá trị không đổi.",
)


def _font(size: int = 12, **kwargs: object) -> Font:
    return Font(name=FONT, size=size, **kwargs)  # type: ignore[arg-type]


def _stored(value: Number, percent: bool) -> int | float:
    """A value as the cell stores it: a percentage as its fraction."""
    if percent:
        return float(Decimal(value) / 100)
    return value if isinstance(value, int) else float(value)


def _put(sheet: Worksheet, coordinate: str, value: Number | None, percent: bool) -> None:
    cell = sheet[coordinate]
    cell.value = None if value is None else _stored(value, percent)
    cell.number_format = PERCENT_FORMAT if percent else NUMBER_FORMAT
    cell.alignment = Alignment(horizontal="right", vertical="center")


def _put_editable(sheet: Worksheet, coordinate: str, value: Number | None, sample: bool,
                  percent: bool) -> None:
    """A cell the officer edits; a sample value as the text "mẫu 9,5", greyed, in a cell
    formatted for the number that will be typed over it."""
    _put(sheet, coordinate, value, percent)
    if sample and value is not None:
        cell = sheet[coordinate]
        cell.value = sample_text(value, percent)
        cell.font = _font(italic=True, color="7F7F7F")


_CHECKED_AGAIN = "Chọn Yes để giữ giá trị này: vanban kiểm tra lại khi nhập."
_SOURCE_RULE = {"type": "textLength", "operator": "lessThanOrEqual", "formula1": "500"}
_SOURCE_TOO_LONG = "Nguồn số liệu quá dài (quá 500 ký tự)."


def _validation(sheet: Worksheet, title: str, error: str, prompt_title: str, prompt: str,
                **rule: str) -> DataValidation:
    """A check of what is typed, added to ``sheet``: it warns, and lets the officer keep the
    value, since the import checks it again and says how to fix it."""
    validation = DataValidation(
        **rule, allow_blank=True, showErrorMessage=True, showInputMessage=True,
        errorStyle="warning", errorTitle=title, error=error, promptTitle=prompt_title,
        prompt=prompt)
    sheet.add_data_validation(validation)
    return validation


def _number_validations(sheet: Worksheet, *, prompt_title: str, error_title: str,
                        typed: str, blank: str) -> dict[str, DataValidation]:
    """The checks of a sheet's number cells, a percentage's and another number's, which
    say what is ``typed`` and what an empty cell means (``blank``)."""
    return {
        "percent": _validation(
            sheet, "Tỷ lệ phần trăm", f"Cần một tỷ lệ từ 0% đến 100%, ví dụ 8,5%. {_CHECKED_AGAIN}",
            f"{prompt_title} (%)", f"Gõ tỷ lệ{typed}, ví dụ 8,5%. Để trống: {blank}.",
            type="decimal", operator="between", formula1="0", formula2="1"),
        "number": _validation(
            sheet, error_title, f"Cần một số không âm, ví dụ 9,5. {_CHECKED_AGAIN}",
            prompt_title, f"Gõ số{typed}, ví dụ 9,5. Để trống: {blank}.",
            type="decimal", operator="greaterThanOrEqual", formula1="0"),
    }


def _validations(sheet: Worksheet, departments: int) -> dict[str, DataValidation]:
    found = _number_validations(sheet, prompt_title="Giá trị của tỉnh",
                                error_title="Giá trị chỉ tiêu", typed="",
                                blank="dùng giá trị quốc gia")
    found["lead"] = DataValidation(
        type="list", formula1=f"'{LISTS_SHEET}'!$A$2:$A${departments + 1}",
        allow_blank=False, showErrorMessage=True, showInputMessage=True,
        errorStyle="stop", errorTitle="Sở chủ trì",
        error="Chọn một sở, ngành trong danh sách của ô.", promptTitle="Sở chủ trì",
        prompt="Chọn sở, ngành chủ trì chỉ tiêu này.")
    sheet.add_data_validation(found["lead"])
    return found


def _lines(text: object, width: int) -> int:
    """How many lines a text takes in a column ``width`` characters wide, roughly."""
    words, lines, length = str(text).split(), 1, 0
    for word in words:
        if length and length + 1 + len(word) > width - 2:
            lines, length = lines + 1, len(word)
        else:
            length += (1 if length else 0) + len(word)
    return lines


def _put_texts(sheet: Worksheet, index: int, letter: dict[tuple[str, int | None], str],
               texts: dict[str, object], *, wrap: tuple[str, ...], center: tuple[str, ...]
               ) -> None:
    """The cells of row ``index`` to read only, one per column key of ``texts``."""
    for key, value in texts.items():
        cell = sheet[f"{letter[(key, None)]}{index}"]
        cell.value = value  # type: ignore[assignment]
        cell.alignment = Alignment(vertical="center", wrap_text=key in wrap,
                                   horizontal="center" if key in center else None)


def _row(sheet: Worksheet, table: TargetsTable, row: IndicatorRow, index: int, span: int,
         letter: dict[tuple[str, int | None], str],
         validations: dict[str, DataValidation]) -> None:
    percent = row.unit == "percent"
    texts: dict[str, object] = {
        "indicator": row.key, "label": row.label,
        "unit": layout.UNIT_LABELS.get(row.unit, row.unit),
        "direction": layout.DIRECTION_LABELS.get(row.direction, row.direction)}
    if row.first:
        texts["number"] = row.number
        texts["goal"] = row.goal
        texts["lead"] = table.department(table.lead[row.number]).name
    _put_texts(sheet, index, letter, texts, wrap=("label", "lead"),
               center=("number", "goal", "indicator"))
    for year in table.years:
        _put(sheet, f"{letter[('national', year)]}{index}", row.national.get(year), percent)
        coordinate = f"{letter[('own', year)]}{index}"
        _put_editable(sheet, coordinate, row.own.get(year), year in row.samples, percent)
        validations["percent" if percent else "number"].add(coordinate)
    lines = max(_lines(row.label, 46), _lines(texts.get("lead", ""), 34) if span == 1
                else 1)
    sheet.row_dimensions[index].height = 16 * lines  # wrapped text: Excel does not grow rows
    if row.first:
        validations["lead"].add(f"{letter[('lead', None)]}{index}")
        if span > 1:
            for key in ("number", "goal", "lead"):
                column = letter[(key, None)]
                sheet.merge_cells(f"{column}{index}:{column}{index + span - 1}")


def _style(sheet: Worksheet, last_row: int, columns: list[layout.Column],
           header_row: int = layout.HEADER_ROW, first_row: int = layout.FIRST_ROW) -> None:
    for number, column in enumerate(columns, 1):
        letter = get_column_letter(number)
        sheet.column_dimensions[letter].width = column.width
        header = sheet[f"{letter}{header_row}"]
        header.value = column.header
        header.font = _font(bold=True)
        header.fill = _EDIT_HEADER_FILL if column.editable else _HEADER_FILL
        header.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        header.border = _BORDER
        for row in range(first_row, last_row + 1):
            cell = sheet[f"{letter}{row}"]
            cell.border = _BORDER
            if cell.font is None or not cell.font.italic:
                cell.font = _font()
            if column.editable:
                cell.protection = _OPEN
                cell.fill = _EDIT_FILL


def _targets(workbook: Workbook, table: TargetsTable) -> Worksheet:
    sheet = workbook.active
    sheet.title = layout.NAME
    columns = layout.columns(table.years)
    letter = layout.letters(table.years)
    last_column = get_column_letter(len(columns))
    title = sheet[f"A{layout.TITLE_ROW}"]
    title.value = (f"Chỉ tiêu của {table.province.terms.get('cap_tinh', 'tỉnh')} "
                   f"{table.province.name} ({table.path.name}): giá trị quốc gia và giá trị "
                   "của địa phương")
    title.font = _font(bold=True, size=14)
    sheet.merge_cells(f"A{layout.TITLE_ROW}:{last_column}{layout.TITLE_ROW}")
    validations = _validations(sheet, len(table.departments))
    spans = {row.number: sum(r.number == row.number for r in table.rows) for row in table.rows}
    index = layout.FIRST_ROW
    for row in table.rows:
        _row(sheet, table, row, index, spans[row.number], letter, validations)
        index += 1
    _style(sheet, index - 1, columns)
    sheet.freeze_panes = f"{letter[('unit', None)]}{layout.FIRST_ROW}"
    _protect_and_print(sheet, layout.HEADER_ROW)
    return sheet


def _protect_and_print(sheet: Worksheet, header_row: int) -> None:
    """Locked but for the open cells; printed landscape on A4, as wide as the page, the
    headers repeated on every page."""
    sheet.protection.sheet = True
    sheet.protection.formatColumns = False  # widths and heights may still be changed
    sheet.protection.formatRows = False
    sheet.print_title_rows = f"{header_row}:{header_row}"
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True


# --- the sheet Kết quả --------------------------------------------------------------------

def _result_validations(sheet: Worksheet) -> dict[str, DataValidation]:
    found = _number_validations(sheet, prompt_title="Kết quả năm", error_title="Kết quả năm",
                                typed=" đạt được", blank="chưa có số liệu")
    found["source"] = _validation(
        sheet, "Nguồn số liệu", _SOURCE_TOO_LONG, "Nguồn số liệu của năm",
        "Báo cáo nào, của sở nào, ví dụ: Báo cáo số 112/BC-SYT ngày 10/12/2024 của Sở Y tế. "
        "Để trống: dùng nguồn chung.", **_SOURCE_RULE)
    return found


def _result_row(sheet: Worksheet, table: results_sheet.ResultsTable,
                row: results_sheet.ResultRow, index: int,
                letter: dict[tuple[str, int | None], str],
                validations: dict[str, DataValidation]) -> None:
    texts: dict[str, object] = {
        "indicator": row.key, "label": row.label, "unit": results_sheet.unit_label(row.unit),
        "direction": results_sheet.DIRECTION_LABELS.get(row.direction, row.direction)}
    if row.first:
        texts["number"] = row.number
    _put_texts(sheet, index, letter, texts, wrap=("label", "unit"),
               center=("number", "indicator", "direction"))
    for year in table.milestones:
        _put(sheet, f"{letter[('milestone', year)]}{index}", row.milestones.get(year),
             row.percent)
        sheet[f"{letter[('milestone', year)]}{index}"].fill = _HEADER_FILL
    for year in table.years:
        coordinate = f"{letter[('year', year)]}{index}"
        _put_editable(sheet, coordinate, row.values.get(year), year in row.samples, row.percent)
        validations["percent" if row.percent else "number"].add(coordinate)
    sheet.row_dimensions[index].height = 16 * max(_lines(row.label, 42),
                                                  _lines(texts["unit"], 16))


def _source_row(sheet: Worksheet, table: results_sheet.ResultsTable,
                row: results_sheet.SourceRow, index: int,
                letter: dict[tuple[str, int | None], str],
                validations: dict[str, DataValidation]) -> None:
    sheet[f"{letter[('indicator', None)]}{index}"] = results_sheet.SOURCE_KEY
    sheet[f"{letter[('indicator', None)]}{index}"].alignment = Alignment(
        horizontal="center", vertical="center")
    general = sheet[f"{letter[('label', None)]}{index}"]
    general.value = row.general
    general.alignment = Alignment(wrap_text=True, vertical="center")
    # Its own prompt, to say whose report a year without a source is attributed to.
    _validation(sheet, "Nguồn số liệu", _SOURCE_TOO_LONG, f"Nguồn chung, chỉ tiêu {row.number}",
                f"Nguồn số liệu của mọi năm. Để trống: {row.default}."[:255],
                **_SOURCE_RULE).add(general.coordinate)
    first, last = letter[("unit", None)], letter[("milestone", table.milestones[-1])] \
        if table.milestones else letter[("direction", None)]
    hint = sheet[f"{first}{index}"]
    hint.value = "← nguồn chung · nguồn riêng từng năm →"
    hint.alignment = Alignment(wrap_text=True, vertical="center")
    sheet.merge_cells(f"{first}{index}:{last}{index}")
    lines = _lines(row.general or "", 42)
    for year in table.years:
        cell = sheet[f"{letter[('year', year)]}{index}"]
        cell.value = row.by_year.get(year)
        cell.alignment = Alignment(wrap_text=True, vertical="center")
        validations["source"].add(cell.coordinate)
        lines = max(lines, _lines(cell.value or "", 11))
    sheet.row_dimensions[index].height = 14 * lines


def _results(workbook: Workbook, table: results_sheet.ResultsTable) -> Worksheet:
    sheet = workbook.create_sheet(results_sheet.NAME)
    columns = results_sheet.columns(table)
    letter = results_sheet.letters(table)
    last_column = get_column_letter(len(columns))
    start, end = table.years[0], table.years[-1]
    title = sheet[f"A{results_sheet.TITLE_ROW}"]
    level = table.province.terms.get("cap_tinh", "tỉnh")
    title.value = (f"Kết quả thực hiện các chỉ tiêu của {level} {table.province.name}, giai "
                   f"đoạn {start}-{end} ({table.path.name})")
    title.font = _font(bold=True, size=14)
    sheet.merge_cells(f"A{results_sheet.TITLE_ROW}:{last_column}{results_sheet.TITLE_ROW}")
    note = sheet[f"A{results_sheet.NOTE_ROW}"]
    note.value = results_sheet.NOTE
    note.font = _font(size=11, italic=True)
    note.alignment = Alignment(wrap_text=True, vertical="top")
    sheet.merge_cells(f"A{results_sheet.NOTE_ROW}:{last_column}{results_sheet.NOTE_ROW}")
    width = sum(c.width for c in columns)
    sheet.row_dimensions[results_sheet.NOTE_ROW].height = 15 * _lines(results_sheet.NOTE,
                                                                       int(width * 1.1))
    validations = _result_validations(sheet)
    index = results_sheet.FIRST_ROW
    sources: list[int] = []
    for number, source in table.sources.items():
        rows = [row for row in table.rows if row.number == number]
        column = letter[("number", None)]
        sheet.merge_cells(f"{column}{index}:{column}{index + len(rows)}")
        for row in rows:
            _result_row(sheet, table, row, index, letter, validations)
            index += 1
        _source_row(sheet, table, source, index, letter, validations)
        sources.append(index)
        index += 1
    index -= 1
    _style(sheet, index, columns, results_sheet.HEADER_ROW, results_sheet.FIRST_ROW)
    for source in sources:  # _style set the usual font; sources are smaller, in italics
        for column in range(1, len(columns) + 1):
            cell = sheet.cell(row=source, column=column)
            cell.font = _font(size=10, italic=True)
        general = sheet[f"{letter[('label', None)]}{source}"]
        general.protection = _OPEN
        general.fill = _EDIT_FILL
    sheet.freeze_panes = f"{letter[('unit', None)]}{results_sheet.FIRST_ROW}"
    _protect_and_print(sheet, results_sheet.HEADER_ROW)
    return sheet


def _lists(workbook: Workbook, table: TargetsTable) -> None:
    sheet = workbook.create_sheet(LISTS_SHEET)
    sheet["A1"] = "Sở, ngành"
    for number, department in enumerate(table.departments, 2):
        sheet[f"A{number}"] = department.name
    sheet.column_dimensions["A"].width = 50
    sheet.protection.sheet = True
    sheet.sheet_state = "hidden"


def _guide(workbook: Workbook) -> None:
    sheet = workbook.create_sheet(GUIDE_SHEET)
    sheet.column_dimensions["A"].width = 110
    for number, line in enumerate(GUIDE, 1):
        cell = sheet[f"A{number}"]
        heading = line in GUIDE_HEADINGS
        cell.value = line if heading else f"• {line}"
        cell.font = _font(bold=heading, size=14 if heading else 12)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        sheet.row_dimensions[number].height = 16 * _lines(cell.value, 110) + (6 if heading
                                                                              else 0)
    sheet.protection.sheet = True


def _baseline(workbook: Workbook, table: TargetsTable,
              results: results_sheet.ResultsTable) -> None:
    sheet = workbook.create_sheet(BASELINE_SHEET)
    sheet["A1"] = baseline_json(table.province.id,
                                {layout.NAME: layout.baseline(table),
                                 results_sheet.NAME: results_sheet.baseline(results)})
    sheet.protection.sheet = True
    sheet.sheet_state = "veryHidden"


def workbook_bytes(table: TargetsTable) -> bytes:
    """The .xlsx of a province's targets and results."""
    results = results_sheet.results_table(table)
    workbook = Workbook()
    workbook.properties.creator = "vanban"
    workbook.properties.title = f"Chỉ tiêu và kết quả {table.province.name}"
    _targets(workbook, table)
    _results(workbook, results)
    _guide(workbook)
    _lists(workbook, table)
    _baseline(workbook, table, results)
    workbook.active = 0
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def export(table: TargetsTable, out: Path) -> None:
    """Write the workbook to ``out``, whole or not at all."""
    write_atomically(out, workbook_bytes(table))
