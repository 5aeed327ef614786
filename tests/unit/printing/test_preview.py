"""The receipt preview is drawn on the printer's dot grid: widths, pitches and positions in dots."""

from __future__ import annotations

import io

import pytest
from PIL import Image

from printing.fonts import FontNotFoundError, find_cjk_font
from printing.preview import MARGIN, PITCH, TOP, render, render_png
from printing.slip import Align, Block, Feed, Paper, QrCode, Rule, Slip, Text


@pytest.fixture(autouse=True)
def _cjk_font() -> None:
    try:
        find_cjk_font()
    except FontNotFoundError as error:  # pragma: no cover - the CI image has fonts-wqy-microhei
        pytest.skip(str(error))


def slip(
    *blocks: Block, paper: Paper = Paper.MM58, cut: bool = False, drawer: bool = False
) -> Slip:
    return Slip("test", paper, blocks, cut=cut, open_drawer=drawer)


def ink_box(image: Image.Image) -> tuple[int, int, int, int]:
    """Left, top, right, bottom (exclusive) of the black dots; grey notes are not ink."""
    box = image.point(lambda level: 255 if level == 0 else 0).getbbox()
    assert box is not None, "no ink"
    return box


def ink_count(image: Image.Image) -> int:
    return image.histogram()[0]


def line_band(image: Image.Image, index: int) -> Image.Image:
    """The paper under text line ``index`` (no drawer note), one 30-dot pitch tall."""
    top = TOP + index * PITCH
    return image.crop((MARGIN, top, image.width - MARGIN, top + PITCH))


@pytest.mark.parametrize("paper", [Paper.MM58, Paper.MM80])
def test_the_strip_is_the_paper_width_plus_margins(paper: Paper) -> None:
    image = render(slip(Text("A"), paper=paper))
    assert image.width == paper.dots + 2 * MARGIN
    assert image.getpixel((0, 0)) == image.getpixel((image.width - 1, 0)) != 255
    assert image.getpixel((MARGIN, 0)) == image.getpixel((MARGIN + paper.dots - 1, 0)) == 255


def test_each_line_adds_one_pitch_of_30_dots() -> None:
    one = render(slip(Text("户号")))
    two = render(slip(Text("户号"), Text("户名")))
    fed = render(slip(Text("户号"), Feed(3)))
    ruled = render(slip(Text("户号"), Rule()))
    double = render(slip(Text("户号"), Text("大", double=True)))
    assert two.height - one.height == 30
    assert fed.height - one.height == 90
    assert ruled.height - one.height == 30
    assert double.height - one.height == 60


def test_a_right_aligned_amount_ends_in_the_last_column_and_a_label_starts_in_the_first() -> None:
    image = render(slip(Text("户号"), Text("￥12.50", Align.RIGHT)))
    paper = Paper.MM58.dots
    label_left, _, label_right, _ = ink_box(line_band(image, 0))
    amount_left, _, amount_right, _ = ink_box(line_band(image, 1))
    # 户号 is two 24-dot cells from the left edge; ￥12.50 is 2 + 5 columns = 84 dots, flush right.
    assert label_left <= 3
    assert label_right <= 48
    assert amount_right >= paper - 4
    assert amount_left >= paper - 84


def test_columns_line_up_whatever_the_characters() -> None:
    # Same width in columns (汉字 = 2, digit = 1): the right-aligned digits end at the same dot.
    image = render(slip(Text("电费  ￥1.00", Align.RIGHT), Text("ab1234567.00", Align.RIGHT)))
    first = ink_box(line_band(image, 0))
    second = ink_box(line_band(image, 1))
    assert abs(first[2] - second[2]) <= 1


def test_a_double_line_is_twice_as_tall_and_wide() -> None:
    normal = ink_box(render(slip(Text("电"))))
    double = ink_box(render(slip(Text("电", double=True))))
    assert double[3] - double[1] == 2 * (normal[3] - normal[1])
    assert double[2] - double[0] == 2 * (normal[2] - normal[0])


def test_bold_adds_ink() -> None:
    assert ink_count(render(slip(Text("电费", bold=True)))) > ink_count(render(slip(Text("电费"))))


def test_a_qr_code_is_square_and_centred() -> None:
    image = render(slip(Text("扫码"), QrCode("https://pay.example.cn/r/1", module=4)))
    qr = image.crop((0, TOP + PITCH, image.width, image.height))
    left, top, right, bottom = ink_box(qr)
    assert right - left == bottom - top
    assert abs((left + right) / 2 - image.width / 2) <= 4


def test_the_same_slip_gives_the_same_bytes() -> None:
    receipt = slip(
        Text("云溪市供电公司", Align.CENTER, bold=True, double=True),
        Rule("="),
        Text("实收金额       ￥384.58", bold=True),
        QrCode("https://pay.example.cn/r/1"),
        cut=True,
        drawer=True,
    )
    first = render_png(receipt)
    assert render_png(receipt) == first
    assert Image.open(io.BytesIO(first)).format == "PNG"


def test_scale_enlarges_every_dot() -> None:
    receipt = slip(Text("电费 ￥1.00"))
    one, two = render(receipt), render(receipt, scale=2)
    assert two.size == (one.width * 2, one.height * 2)
    assert two.resize(one.size, Image.Resampling.NEAREST).tobytes() == one.tobytes()


def test_a_chinese_character_is_drawn_not_a_missing_glyph_box() -> None:
    drawn = render(slip(Text("电")))
    other = render(slip(Text("费")))
    missing = render(slip(Text("\U0010fffd")))  # private use: no font has it
    assert ink_count(drawn) > 40
    assert drawn.tobytes() != missing.tobytes()
    assert drawn.tobytes() != other.tobytes()


def test_a_rule_is_drawn_across_the_paper() -> None:
    left, _, right, _ = ink_box(render(slip(Rule("-"))))
    assert left <= MARGIN + 3
    assert right >= MARGIN + Paper.MM58.dots - 4


def test_the_cut_and_the_drawer_are_marked_in_grey() -> None:
    plain = render(slip(Text("A")))
    marked = render(slip(Text("A"), cut=True, drawer=True))
    assert marked.height > plain.height
    note = marked.crop((MARGIN, 0, marked.width - MARGIN, 24))
    cut = marked.crop((MARGIN, marked.height - 24, marked.width - MARGIN, marked.height))
    for part in (note, cut):
        assert sum(part.histogram()[1:255]) > 20
    top = plain.crop((MARGIN, 0, plain.width - MARGIN, TOP))
    assert top.histogram()[255] == top.width * top.height
