"""The printer test page (打印测试页): what a technician checks when a printer is set up.

Each line tests one thing that goes wrong in practice: the ruler shows whether the configured
paper width matches the printer's real one (a 58 mm printer set to 80 mm wraps every line), the
sample lines whether the encoding is right (mojibake or ?), and the right-aligned amount whether
the full-width ￥ takes the two columns the layouts count on.
"""

from __future__ import annotations

from counterdesk.documents.receipts import PrinterTestPage
from printing.layouts.common import CopyMark, SlipDraft, stamp
from printing.slip import Align, Paper, Slip


def column_ruler(columns: int) -> tuple[str, str]:
    """Tens over units, ``1234567890…`` across exactly ``columns`` columns."""
    tens = "".join(str(n // 10 % 10) if n % 10 == 0 else " " for n in range(1, columns + 1))
    units = "".join(str(n % 10) for n in range(1, columns + 1))
    return tens, units


def printer_test_page(page: PrinterTestPage, paper: Paper, copy: CopyMark | None) -> Slip:
    draft = SlipDraft(paper)
    draft.header(page.issuer, "打印测试页")
    draft.line(f"打印机：{page.printer}")
    draft.field("纸宽", f"{paper.millimetres} mm，每行 {paper.columns} 列")
    draft.field("打印时间", stamp(page.printed_at))
    draft.rule()
    for line in column_ruler(paper.columns):
        draft.line(line)
    draft.rule()
    for sample in page.sample_lines:
        draft.paragraph(sample)
    draft.rule()
    draft.line("左对齐 left", Align.LEFT)
    draft.line("居中 center", Align.CENTER)
    draft.line("右对齐 right", Align.RIGHT)
    draft.line("粗体 bold", bold=True)
    draft.line("倍宽倍高", double=True)
    draft.amount("金额右对齐", 123_450)
    draft.amount("大额", 1_000_000_000)
    draft.footer(page.issuer, "以上内容清晰完整即为正常", f"CounterDesk 打印测试 {paper.columns}")
    return draft.finish(f"打印测试页 {page.printer}", copy=copy)
