"""12345 ledgers for the hotline tests and the bench: the STANDARDS.md §4 columns, as .xlsx."""

import xlsxwriter

HEADER = [
    "序号",
    "办件编号",
    "办件来源",
    "市级编号",
    "诉求主题",
    "诉求内容",
    "办理单位",
    "办理科室",
    "诉求人",
    "诉求人电话",
    "处理结果",
    "事项大类",
    "事项小类",
    "派发时间",
    "承诺完成时间",
    "办件状态",
    "派单员",
    "预警状态",
]


def order(i: int, **changes) -> dict:
    """One believable work order, numbered i; keyword arguments override its columns."""
    row = {
        "序号": i,
        "办件编号": f"GZ2026{i:08d}",
        "办件来源": "12345热线",
        "市级编号": f"SJ{i:08d}",
        "诉求主题": "垃圾清运",
        "诉求内容": f"西津路{2 * (i % 6) + 1}号门口垃圾堆积多日无人清理，气味很大（{i}）",
        "办理单位": "章贡区城市管理局",
        "办理科室": "环卫科",
        "诉求人": "王先生",
        "诉求人电话": f"1390797{i % 10000:04d}",
        "处理结果": "",
        "事项大类": "市容环境",
        "事项小类": "",
        "派发时间": "2026-11-02 09:15:00",
        "承诺完成时间": "2026-11-05 18:00:00",
        "办件状态": "已派发",
        "派单员": "张三",
        "预警状态": "正常",
    }
    row.update(changes)
    return row


def write_ledger(path, rows, header=HEADER) -> str:
    """Write rows (dicts by header) to an .xlsx at path, in constant memory; the path."""
    book = xlsxwriter.Workbook(str(path), {"constant_memory": True, "strings_to_formulas": False})
    sheet = book.add_worksheet("工单")
    sheet.write_row(0, 0, header)
    for r, row in enumerate(rows, start=1):
        sheet.write_row(r, 0, [row.get(h, "") for h in header])
    book.close()
    return str(path)
