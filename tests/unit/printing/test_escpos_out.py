"""Golden bytes for the ESC/POS encoder, written out from the command reference by hand.

Command names are Epson's (ESC/POS Application Programming Guide); every expected byte string
below is typed from them, never captured from the encoder.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from escpos.printer import Dummy
from hypothesis import given
from hypothesis import strategies as st
from PIL import Image

from printing.columns import LayoutError, width
from printing.escpos_out import encode, encode_line
from printing.profile import Encoding, PrinterProfile
from printing.slip import Align, Feed, Logo, Paper, QrCode, Rule, Slip, Text

ESC_AT = b"\x1b\x40"  # ESC @  initialise printer
FS_AMP = b"\x1c\x26"  # FS &  select Kanji character mode
FS_DOT = b"\x1c\x2e"  # FS .  cancel Kanji character mode
FS_C_UTF8 = b"\x1c\x28\x43\x02\x00\x30\x02"  # FS ( C pL pH fn=48 m=2: encode system UTF-8
KICK = b"\x1b\x70\x00\x32\x32"  # ESC p m=0 (pin 2) t1=50 t2=50 (×2 ms)
FEED_6 = b"\x1b\x64\x06"  # ESC d 6  print and feed six lines
PART_CUT = b"\x1d\x56\x01"  # GS V 1  partial cut
BOLD_ON, BOLD_OFF = b"\x1b\x45\x01", b"\x1b\x45\x00"  # ESC E n
LEFT, CENTER, RIGHT = b"\x1b\x61\x00", b"\x1b\x61\x01", b"\x1b\x61\x02"  # ESC a n
DOUBLE, SINGLE = b"\x1d\x21\x11", b"\x1d\x21\x00"  # GS ! n  (width ×2 | height ×2)
LF = b"\x0a"
BOX_GB = b"\xa1\xf5"  # □ in GB2312/GBK/GB18030


def profile(
    encoding: Encoding = Encoding.GB18030,
    *,
    paper: Paper = Paper.MM58,
    drawer: bool = False,
    cutter: bool = False,
    native_qr: bool = True,
) -> PrinterProfile:
    return PrinterProfile(
        "counter-1",
        "tcp://127.0.0.1:9100",
        paper=paper,
        encoding=encoding,
        drawer=drawer,
        cutter=cutter,
        native_qr=native_qr,
    )


def slip(
    *blocks: Text | Rule | Feed | QrCode | Logo, cut: bool = False, drawer: bool = False
) -> Slip:
    return Slip("test", Paper.MM58, blocks, cut=cut, open_drawer=drawer)


# --- encodings ----------------------------------------------------------------------------------


def test_gb18030_prints_full_width_punctuation_and_yuan_without_an_ideograph_on_the_line() -> None:
    # MagicEncode would send this line through a code page and print "????".
    result = encode(slip(Text("￥（）："), Text("电费")), profile())
    assert result.data == (
        ESC_AT
        + FS_AMP
        + b"\xa3\xa4\xa3\xa8\xa3\xa9\xa3\xba"
        + LF
        + b"\xb5\xe7\xb7\xd1"
        + LF
        + FEED_6
    )
    assert result.substitutions == ()


def test_gbk_sends_the_same_two_byte_codes() -> None:
    result = encode(slip(Text("电费：￥12.50")), profile(Encoding.GBK))
    assert result.data == (ESC_AT + FS_AMP + b"\xb5\xe7\xb7\xd1\xa3\xba\xa3\xa412.50" + LF + FEED_6)


def test_big5_uses_its_own_codes_and_boxes_simplified_characters_it_lacks() -> None:
    result = encode(slip(Text("￥（）："), Text("电费")), profile(Encoding.BIG5))
    # Big5 has the yen sign only as A2 44 (U+00A5), ( ) : as A1 5D, A1 5E, A1 47, □ as A1 BC.
    assert result.data == (
        ESC_AT
        + FS_AMP
        + b"\xa2\x44\xa1\x5d\xa1\x5e\xa1\x47"
        + LF
        + b"\xa1\xbc\xa1\xbc"
        + LF
        + FEED_6
    )
    assert len(result.substitutions) == 3
    assert any("U+FFE5" in note and "¥" in note for note in result.substitutions)
    assert any("U+7535" in note and "□" in note for note in result.substitutions)
    assert any("U+8D39" in note for note in result.substitutions)


def test_utf8_printers_leave_kanji_mode_and_select_utf8() -> None:
    result = encode(slip(Text("电费￥")), profile(Encoding.UTF8))
    assert result.data == (
        ESC_AT + FS_DOT + FS_C_UTF8 + b"\xe7\x94\xb5\xe8\xb4\xb9\xef\xbf\xa5" + LF + FEED_6
    )


def test_a_rare_character_is_four_bytes_in_gb18030() -> None:
    result = encode(slip(Text("王𠇔")), profile(Encoding.GB18030))
    assert result.data == ESC_AT + FS_AMP + b"\xcd\xf5\x95\x32\xb1\x34" + LF + FEED_6
    assert result.substitutions == ()


def test_a_rare_character_gbk_lacks_becomes_a_box_and_is_reported() -> None:
    result = encode(slip(Text("王𠇔")), profile(Encoding.GBK))
    assert result.data == ESC_AT + FS_AMP + b"\xcd\xf5" + BOX_GB + LF + FEED_6
    assert len(result.substitutions) == 1
    assert "U+201D4" in result.substitutions[0]
    assert "□" in result.substitutions[0]


def test_half_width_yen_and_no_break_space_keep_their_two_columns() -> None:
    # ¥ is only a four-byte code in GB18030 (rarely in a printer font): the full-width ￥ prints.
    # A no-break space was counted as two columns: two spaces keep the amounts aligned.
    result = encode(slip(Text("¥1\u00a02")), profile(Encoding.GB18030))
    assert result.data == ESC_AT + FS_AMP + b"\xa3\xa41  2" + LF + FEED_6
    assert len(result.substitutions) == 2


def test_a_replacement_narrower_than_the_original_is_padded() -> None:
    # ～ is not in Big5: an ASCII tilde plus a space keeps the two columns.
    result = encode(slip(Text("1～2")), profile(Encoding.BIG5))
    assert result.data == ESC_AT + FS_AMP + b"1~ 2" + LF + FEED_6


def test_control_characters_in_text_never_reach_the_printer() -> None:
    # A name pasted with an ESC in it must not become a command (here ESC i, a full cut).
    result = encode(slip(Text("A\x1bi\tB")), profile())
    assert result.data == ESC_AT + FS_AMP + b"AiB" + LF + FEED_6
    assert len(result.substitutions) == 2


def test_each_substitution_is_reported_once() -> None:
    result = encode(slip(Text("𠇔𠇔"), Text("𠇔")), profile(Encoding.GBK))
    assert len(result.substitutions) == 1


@pytest.mark.parametrize("encoding", [Encoding.GB18030, Encoding.GBK, Encoding.UTF8])
def test_a_realistic_receipt_has_no_question_mark(encoding: Encoding) -> None:
    lines = (
        Text("云溪市供电公司", Align.CENTER, bold=True, double=True),
        Text("电费缴费凭证（客户联）", Align.CENTER),
        Rule("="),
        Text("户号：0012345678  户名：张三丰"),
        Text("地址：东湖区幸福路1号3栋2单元"),
        Text("期间：2026年10月—2026年11月"),
        Text("峰时电费 123.5度      ￥61.75"),
        Text("违约金（滞纳金）       ￥1.20"),
        Rule("-"),
        Text("实收金额：￥384.58", Align.RIGHT, bold=True),
        Text("（叁佰捌拾肆元伍角捌分）", Align.RIGHT),
        Text("收费员：李四  窗口：3号"),
        Text("“请妥善保管”·谢谢！"),
    )
    result = encode(slip(*lines, cut=True, drawer=True), profile(encoding, cutter=True))
    assert b"?" not in result.data
    assert result.substitutions == ()


@given(st.text(max_size=40), st.sampled_from(list(Encoding)))
def test_any_text_keeps_its_width_and_sends_no_control_bytes(text: str, encoding: Encoding) -> None:
    encoded, _ = encode_line(text, encoding)
    assert width(encoded.decode(encoding.value)) == width(text)
    assert not any(byte < 0x20 or byte == 0x7F for byte in encoded)


# --- styles, rules, feeds -------------------------------------------------------------------------


def test_styles_are_sent_only_when_they_change() -> None:
    result = encode(
        slip(
            Text("合计", Align.RIGHT, bold=True),
            Text("5.00", Align.RIGHT, bold=True),
            Text("大字", Align.CENTER, bold=True, double=True),
            Text("x"),
        ),
        profile(),
    )
    assert result.data == (
        ESC_AT
        + FS_AMP
        + BOLD_ON
        + RIGHT
        + b"\xba\xcf\xbc\xc6"
        + LF
        + b"5.00"
        + LF
        + DOUBLE
        + CENTER
        + b"\xb4\xf3\xd7\xd6"
        + LF
        + SINGLE
        + BOLD_OFF
        + LEFT
        + b"x"
        + LF
        + FEED_6
    )


def test_rules_span_the_paper_in_plain_style_and_feeds_are_line_feeds() -> None:
    result = encode(slip(Text("A", Align.CENTER, bold=True), Rule("="), Feed(3)), profile())
    assert result.data == (
        ESC_AT
        + FS_AMP
        + BOLD_ON
        + CENTER
        + b"A"
        + LF
        + BOLD_OFF
        + LEFT
        + b"=" * 32
        + LF
        + LF * 3
        + FEED_6
    )


def test_an_80mm_rule_is_48_columns() -> None:
    wide = Slip("wide", Paper.MM80, (Rule("-"),), cut=False)
    assert encode(wide, profile(paper=Paper.MM80)).data == ESC_AT + FS_AMP + b"-" * 48 + LF + FEED_6


def test_a_slip_wider_than_the_printer_is_refused() -> None:
    wide = Slip("wide", Paper.MM80, (Rule("-"),))
    with pytest.raises(LayoutError, match="80 mm"):
        encode(wide, profile(paper=Paper.MM58))


# --- drawer and cutter -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("wanted", "fitted"), [(True, True), (True, False), (False, True), (False, False)]
)
def test_the_drawer_kicks_only_when_wanted_and_fitted(wanted: bool, fitted: bool) -> None:
    result = encode(slip(Text("A"), drawer=wanted), profile(drawer=fitted))
    if wanted and fitted:
        assert result.data == ESC_AT + KICK + FS_AMP + b"A" + LF + FEED_6
    else:
        assert result.data == ESC_AT + FS_AMP + b"A" + LF + FEED_6


def test_a_cutter_feeds_past_the_blade_and_cuts_partially() -> None:
    result = encode(slip(Text("A"), cut=True), profile(cutter=True))
    assert result.data == ESC_AT + FS_AMP + b"A" + LF + FEED_6 + PART_CUT


@pytest.mark.parametrize(("cut", "cutter"), [(True, False), (False, True)])
def test_without_a_cut_the_slip_is_fed_out_to_tear(cut: bool, cutter: bool) -> None:
    result = encode(slip(Text("A"), cut=cut), profile(cutter=cutter))
    assert result.data == ESC_AT + FS_AMP + b"A" + LF + FEED_6
    assert b"\x1d\x56" not in result.data


# --- QR codes and logos -------------------------------------------------------------------------


def test_native_qr_is_centred_and_sent_as_gs_k_with_its_length() -> None:
    data = "https://pay.example.cn/r/20261121-000123"  # 40 bytes
    result = encode(slip(QrCode(data, module=6)), profile(native_qr=True))
    store_length = len(data) + 3  # cn fn m + data: 43 = 0x2B
    assert result.data == (
        ESC_AT
        + FS_AMP
        + CENTER
        + b"\x1d\x28\x6b\x04\x00\x31\x41\x32\x00"  # fn 165: model 2
        + b"\x1d\x28\x6b\x03\x00\x31\x43\x06"  # fn 167: module 6 dots
        + b"\x1d\x28\x6b\x03\x00\x31\x45\x31"  # fn 169: error correction M
        + b"\x1d\x28\x6b"
        + bytes((store_length, 0))
        + b"\x31\x50\x30"
        + data.encode("ascii")  # fn 180: store
        + b"\x1d\x28\x6b\x03\x00\x31\x51\x30"  # fn 181: print
        + FEED_6
    )
    assert store_length == 0x2B


def test_a_line_after_the_qr_code_restores_its_justification() -> None:
    result = encode(slip(QrCode("x"), Text("A")), profile())
    assert result.data.endswith(b"\x1d\x28\x6b\x03\x00\x31\x51\x30" + LEFT + b"A" + LF + FEED_6)


def raster_header(data: bytes) -> tuple[int, int, bytes]:
    """Width in bytes, height and image bytes of the one GS v 0 image in ``data``."""
    start = data.index(b"\x1d\x76\x30\x00")  # GS v 0, m = 0 (normal density)
    x_bytes = data[start + 4] + 256 * data[start + 5]
    height = data[start + 6] + 256 * data[start + 7]
    body = data[start + 8 : start + 8 + x_bytes * height]
    return x_bytes, height, body


def test_without_a_qr_engine_the_code_is_a_centred_raster() -> None:
    result = encode(slip(QrCode("https://pay.example.cn/r/1", module=4)), profile(native_qr=False))
    assert b"\x1d\x28\x6b" not in result.data
    x_bytes, height, body = raster_header(result.data)
    assert x_bytes == 384 // 8
    rows = [body[row * x_bytes : (row + 1) * x_bytes] for row in range(height)]
    inked = [index for index in range(x_bytes) if any(row[index] for row in rows)]
    # As wide as tall (bytes are 8 dots) and as far from both edges.
    assert abs(len(inked) * 8 - height) <= 16
    assert abs(inked[0] - (x_bytes - 1 - inked[-1])) <= 1


def test_a_logo_is_padded_to_the_paper_and_centred(tmp_path: Path) -> None:
    path = tmp_path / "logo.png"
    Image.new("RGB", (16, 2), (0, 0, 0)).save(path)
    result = encode(slip(Logo(str(path))), profile())
    row = b"\x00" * 23 + b"\xff\xff" + b"\x00" * 23  # (384 - 16) / 2 = 184 dots = 23 bytes
    assert result.data == (
        ESC_AT + FS_AMP + b"\x1d\x76\x30\x00" + b"\x30\x00" + b"\x02\x00" + row * 2 + FEED_6
    )


def test_a_wide_logo_is_scaled_down_to_its_limit(tmp_path: Path) -> None:
    path = tmp_path / "wide.png"
    Image.new("L", (1000, 100), 0).save(path)
    result = encode(slip(Logo(str(path), max_dots=256)), profile())
    x_bytes, height, body = raster_header(result.data)
    assert (x_bytes, height) == (48, 26)  # 100 × 256 / 1000 = 25.6
    assert body[:x_bytes] == b"\x00" * 8 + b"\xff" * 32 + b"\x00" * 8


# --- the seam -----------------------------------------------------------------------------------


def test_the_bytes_are_what_python_escpos_sends_for_the_same_commands() -> None:
    printer = Dummy()
    printer._raw(b"\x1b@")
    printer.cashdraw(2)
    printer._raw(b"\x1c&")
    printer.set(bold=True, align="center")
    printer._raw("电费".encode("gb18030") + b"\n")
    printer.set(custom_size=True, width=2, height=2, bold=False, align="right")
    printer._raw("￥9.00".encode("gb18030") + b"\n")
    printer.set(align="center")
    printer.qr("https://x.cn", ec=1, size=5, native=True)
    printer.cut(mode="PART")
    result = encode(
        slip(
            Text("电费", Align.CENTER, bold=True),
            Text("￥9.00", Align.RIGHT, double=True),
            QrCode("https://x.cn", module=5),
            cut=True,
            drawer=True,
        ),
        profile(drawer=True, cutter=True),
    )
    assert result.data == printer.output


def test_a_missing_logo_prints_the_receipt_without_it(tmp_path: Path) -> None:
    slip = Slip(
        "logo",
        Paper.MM58,
        (Logo(str(tmp_path / "missing.png")), Text("电费")),
        cut=False,
    )
    encoded = encode(slip, PrinterProfile("receipt", "file:x", paper=Paper.MM58))
    assert b"\xb5\xe7\xb7\xd1\n" in encoded.data
    assert b"\x1dv0" not in encoded.data
    assert any("missing.png" in note for note in encoded.substitutions)


def test_a_four_times_line_sends_gs_exclamation_33() -> None:
    slip = Slip("ticket", Paper.MM80, (Text("A023", Align.CENTER, True, size=4),), cut=False)
    data = encode(slip, PrinterProfile("t", "file:x", drawer=False)).data
    assert b"\x1d!\x33" in data
    assert data.index(b"\x1d!\x33") < data.index(b"A023\n")


def test_a_size_outside_two_to_four_is_refused() -> None:
    with pytest.raises(LayoutError, match="size must be 2 to 4"):
        Slip("x", Paper.MM80, (Text("A", size=5),))
