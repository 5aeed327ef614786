"""Receipt bytes and preview for an 80 mm payment receipt, against python-escpos's own text path.

Run: ``uv run pytest -m bench -s tests/bench/test_escpos_bench.py``. Target: the bytes of a
receipt are built in ≤ 10 ms (median); the baseline, measured in the same run, sends the same
lines through a Dummy's ``text()`` (MagicEncode), which is what the encoder replaces. The preview
has no target; its time is printed so a slow receipt tray has a number to start from.
"""

from __future__ import annotations

import time
from collections.abc import Callable

import pytest
from escpos.printer import Dummy

from printing import preview
from printing.columns import cells, row
from printing.escpos_out import encode
from printing.preview import render_png
from printing.profile import Encoding, PrinterProfile
from printing.slip import Align, Block, Paper, QrCode, Rule, Slip, Text
from tests.bench.conftest import summary

pytestmark = pytest.mark.bench

RUNS = 300
WARM_UP = 20
TARGET_MS = 10.0


def receipt() -> Slip:
    """About forty lines of a 缴费凭证: headings, account facts, a bill table, totals, a QR code."""
    columns = Paper.MM80.columns
    blocks: list[Block] = [
        Text("云溪市供电公司", Align.CENTER, bold=True, double=True),
        Text("电费缴费凭证（客户联）", Align.CENTER, bold=True),
        Rule("="),
        Text(row("流水号：", "R20261121-0003-000123", columns)),
        Text(row("户号：", "0012345678", columns)),
        Text(row("户名：", "张三丰", columns)),
        Text(row("地址：", "东湖区幸福路1号3栋2单元501室", columns)),
        Text(row("电表：", "ZJ-3305-889012 (1.0级)", columns)),
        Rule("-"),
        Text(cells(["账期", "用量(度)", "金额"], [columns - 24, 10, 14], "lrr")),
    ]
    for month in range(1, 13):
        blocks.append(
            Text(
                cells(
                    [f"2026年{month:02d}月 峰谷电费", f"{100 + month * 7}.5", f"￥{month * 31}.75"],
                    [columns - 24, 10, 14],
                    "lrr",
                )
            )
        )
    blocks += [
        Text(row("违约金（滞纳金）", "￥12.40", columns)),
        Text(row("上次结余", "-￥3.10", columns)),
        Rule("-"),
        Text(row("应缴合计", "￥2,430.30", columns), bold=True),
        Text(row("实收金额", "￥2,500.00", columns), bold=True),
        Text(row("找零", "￥69.70", columns)),
        Text("￥2,500.00", Align.RIGHT, double=True),
        Text("（贰仟伍佰元整）", Align.RIGHT),
        Rule("-"),
        Text(row("支付方式：", "现金", columns)),
        Text(row("收费员：", "李四（工号 0031）", columns)),
        Text(row("窗口：", "3号窗口", columns)),
        Text(row("时间：", "2026-11-21 10:32:05", columns)),
        Rule("-"),
        Text("本凭证为缴费证明，请妥善保管。", Align.CENTER),
        Text("电子发票请扫码下载：", Align.CENTER),
        QrCode("https://pay.example.cn/r/R20261121-0003-000123", module=6),
        Text("服务热线：95598  Tel: 0571-12345678", Align.CENTER),
        Text("谢谢惠顾！", Align.CENTER, bold=True),
    ]
    return Slip("缴费凭证", Paper.MM80, tuple(blocks), cut=True, open_drawer=True)


PROFILE = PrinterProfile("counter-3", "tcp://127.0.0.1:9100", encoding=Encoding.GB18030)


def magic_encode_baseline(slip: Slip) -> bytes:
    """What the encoder replaces: each line through python-escpos ``text()`` and its styles."""
    printer = Dummy()
    printer.cashdraw(2)
    for block in slip.blocks:
        if isinstance(block, Text):
            printer.set(align=block.align.value, bold=block.bold)
            printer.textln(block.text)
        elif isinstance(block, Rule):
            printer.textln(block.char * slip.paper.columns)
        elif isinstance(block, QrCode):
            printer.qr(block.data, ec=1, size=block.module, native=True)
    printer.cut(mode="PART")
    return bytes(printer.output)


def timings_ms(work: Callable[[], object], runs: int, warm_up: int) -> list[float]:
    for _ in range(warm_up):
        work()
    taken: list[float] = []
    for _ in range(runs):
        started = time.perf_counter()
        work()
        taken.append((time.perf_counter() - started) * 1000)
    return taken


def test_receipt_bytes_in_ten_milliseconds() -> None:
    slip = receipt()
    text_lines = sum(isinstance(block, Text) for block in slip.blocks)
    encoded = encode(slip, PROFILE)
    assert not encoded.substitutions

    ours = summary(timings_ms(lambda: encode(slip, PROFILE), RUNS, WARM_UP))
    base = summary(timings_ms(lambda: magic_encode_baseline(slip), RUNS, WARM_UP))

    print(f"\n80 mm receipt: {text_lines} text lines, {len(encoded.data)} bytes, {RUNS} runs")
    print(f"{'':28} {'median ms':>10} {'p99 ms':>10} {'max ms':>10}")
    print(f"{'encode (GB18030 lines)':28} {ours[0]:10.3f} {ours[1]:10.3f} {ours[2]:10.3f}")
    print(f"{'baseline Dummy.text()':28} {base[0]:10.3f} {base[1]:10.3f} {base[2]:10.3f}")
    print(f"ratio encode / baseline (median): {ours[0] / base[0]:.2f}")
    lost = magic_encode_baseline(slip).count(b"?")
    print(f"question marks printed: encode {encoded.data.count(b'?')}, baseline {lost}")
    assert ours[0] <= TARGET_MS


def test_receipt_preview_time() -> None:
    slip = receipt()
    preview._glyph.cache_clear()
    cold = timings_ms(lambda: render_png(slip), 1, 0)[0]
    warm = summary(timings_ms(lambda: render_png(slip), 30, 3))
    print(f"\n80 mm receipt preview: {len(render_png(slip))} bytes of PNG")
    print(f"render_png, glyphs cached: median {warm[0]:.1f} ms, p99 {warm[1]:.1f} ms")
    print(f"render_png, glyph cache empty: {cold:.1f} ms")


def test_a_stored_receipt_job_to_bytes_in_ten_milliseconds() -> None:
    """What the print worker does per job: read the stored facts, lay them out, encode them."""
    from counterdesk.documents import codec, samples
    from printing.layouts import layout

    stored = codec.dumps(samples.payment_receipt())

    def job() -> bytes:
        return encode(layout(codec.loads("payment_receipt", stored), Paper.MM80), PROFILE).data

    ours = summary(timings_ms(job, RUNS, WARM_UP))
    slip = layout(samples.payment_receipt(), Paper.MM80)
    base = summary(timings_ms(lambda: magic_encode_baseline(slip), RUNS, WARM_UP))
    print(f"\nstored payment receipt → bytes ({len(job())} bytes, {RUNS} runs)")
    print(f"{'':28} {'median ms':>10} {'p99 ms':>10} {'max ms':>10}")
    print(f"{'loads + layout + encode':28} {ours[0]:10.3f} {ours[1]:10.3f} {ours[2]:10.3f}")
    print(f"{'baseline Dummy.text()':28} {base[0]:10.3f} {base[1]:10.3f} {base[2]:10.3f}")
    print(f"ratio (median): {ours[0] / base[0]:.2f}")
    assert ours[0] <= TARGET_MS
