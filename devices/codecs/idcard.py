"""Resident ID card readers (二代证 阅读器): the SAM frame format of GA 467, and the card's text.

Every frame, both ways, is ``AA AA AA 96 69 | LEN_H LEN_L | body | XOR``; LEN counts the body and
the checksum, and the checksum is the XOR of LEN_H, LEN_L and the body. A host command's body is
``CMD PARA``; a reply's body is ``SW1 SW2 SW3`` and data. SW3 carries the outcome, with codes that
public drivers agree on (``STATUS_TEXT``): 0x90 success, 0x9F "card found" (the only success code
of FIND, with 4 bytes of the card's management number), 0x80 no card found, 0x81 select failed,
0x41 read failed. A successful READ carries the text length (2 bytes, big-endian, 256), the photo
length (1024), 256 bytes of UCS-2LE text and the WLT photo, which is encrypted and never decoded.

The text is fixed-width fields padded with spaces. A garbled field becomes an empty string or None
rather than an exception, so one bad byte costs a field, not the whole card; only a reply whose
lengths do not add up raises :class:`IdCardError`.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date
from functools import reduce
from operator import xor
from typing import Final

from counterdesk.domain.id_numbers import is_valid
from devices.events import IdCard

HEADER: Final = b"\xaa\xaa\xaa\x96\x69"

SAM_STATUS: Final = (0x11, 0xFF)
FIND: Final = (0x20, 0x01)
SELECT: Final = (0x20, 0x02)
READ: Final = (0x30, 0x01)

SW_OK: Final = 0x90
SW_FOUND: Final = 0x9F
SW_NO_CARD: Final = 0x80
SW_SELECT_FAILED: Final = 0x81
SW_READ_FAILED: Final = 0x41
SW_BAD_COMMAND: Final = 0x21

STATUS_TEXT: Final[dict[int, str]] = {
    0x90: "success",
    0x91: "no such item on the card",
    0x9F: "card found",
    0x10: "checksum error in the host's frame",
    0x11: "length error in the host's frame",
    0x21: "bad command",
    0x23: "operation not permitted",
    0x24: "unknown error",
    0x31: "card failed to authenticate the SAM",
    0x32: "SAM failed to authenticate the card",
    0x33: "information verification failed",
    0x40: "unknown card type",
    0x41: "read failed",
    0x47: "could not get a random number",
    0x60: "SAM self-test failed",
    0x66: "SAM not authorised",
    0x80: "no card found",
    0x81: "select failed",
}
"""SW3 codes as SAM documentation and public drivers list them (for logs and the device panel)."""

TEXT_LENGTH: Final = 256
PHOTO_LENGTH: Final = 1024

MAX_COMMAND_BODY: Final = 256
MAX_REPLY_BODY: Final = 4096
"""Bigger than any reply (text + photo + fingerprints is 2,314), small enough to resync soon."""

FIELDS: Final = (
    ("name", 30),
    ("gender", 2),
    ("nation", 4),
    ("birth_date", 16),
    ("address", 70),
    ("id_number", 36),
    ("issuer", 30),
    ("valid_from", 16),
    ("valid_to", 16),
    ("reserved", 36),
)
"""The text's fields and their widths in bytes (two bytes a character)."""

FOR_LIFE: Final = "长期"
"""What the valid-to field says on a card for people over 46: valid for life."""

NATIONS: Final[dict[str, str]] = {
    "01": "汉", "02": "蒙古", "03": "回", "04": "藏", "05": "维吾尔", "06": "苗", "07": "彝",
    "08": "壮", "09": "布依", "10": "朝鲜", "11": "满", "12": "侗", "13": "瑶", "14": "白",
    "15": "土家", "16": "哈尼", "17": "哈萨克", "18": "傣", "19": "黎", "20": "傈僳", "21": "佤",
    "22": "畲", "23": "高山", "24": "拉祜", "25": "水", "26": "东乡", "27": "纳西", "28": "景颇",
    "29": "柯尔克孜", "30": "土", "31": "达斡尔", "32": "仫佬", "33": "羌", "34": "布朗",
    "35": "撒拉", "36": "毛南", "37": "仡佬", "38": "锡伯", "39": "阿昌", "40": "普米",
    "41": "塔吉克", "42": "怒", "43": "乌孜别克", "44": "俄罗斯", "45": "鄂温克", "46": "德昂",
    "47": "保安", "48": "裕固", "49": "京", "50": "塔塔尔", "51": "独龙", "52": "鄂伦春",
    "53": "赫哲", "54": "门巴", "55": "珞巴", "56": "基诺",
    "97": "其他", "98": "外国血统中国籍人士",
}  # fmt: skip
"""Nationality codes of GB/T 3304, as the card stores them (two digits)."""

_NATION_CODES: Final = {name: code for code, name in NATIONS.items()}
GENDERS: Final = {"1": "男", "2": "女"}
_GENDER_CODES: Final = {name: code for code, name in GENDERS.items()}


class IdCardError(ValueError):
    """A READ reply whose lengths do not add up; the driver counts it and reads again."""


# -- frames ------------------------------------------------------------------------------------
def _frame(body: bytes) -> bytes:
    length = len(body) + 1
    if length > 0xFFFF:
        raise ValueError(f"an ID card frame body holds at most 65,534 bytes, not {len(body)}")
    prefix = length.to_bytes(2, "big") + body
    return HEADER + prefix + bytes([reduce(xor, prefix, 0)])


def command(cmd: int, para: int) -> bytes:
    """A host command: ``command(*FIND)`` is ``AA AA AA 96 69 00 03 20 01 22``."""
    for label, value in (("command", cmd), ("parameter", para)):
        if not 0 <= value <= 0xFF:
            raise ValueError(f"ID card {label} byte must be 0..255, not {value}")
    return _frame(bytes([cmd, para]))


def reply(sw3: int, data: bytes = b"", *, sw1: int = 0, sw2: int = 0) -> bytes:
    """A reader's reply (the simulator's side)."""
    for label, value in (("SW1", sw1), ("SW2", sw2), ("SW3", sw3)):
        if not 0 <= value <= 0xFF:
            raise ValueError(f"ID card {label} must be 0..255, not {value}")
    return _frame(bytes([sw1, sw2, sw3]) + data)


@dataclass(frozen=True)
class IdReply:
    sw1: int
    sw2: int
    sw3: int
    data: bytes

    @property
    def ok(self) -> bool:
        """Success: 00 00 90, or 00 00 9F (the success code of FIND)."""
        return self.sw1 == 0 and self.sw2 == 0 and self.sw3 in (SW_OK, SW_FOUND)

    @property
    def status(self) -> str:
        return STATUS_TEXT.get(self.sw3, f"status {self.sw1:02X} {self.sw2:02X} {self.sw3:02X}")


@dataclass(frozen=True)
class IdCommand:
    cmd: int
    para: int
    data: bytes = b""


class _FrameSplitter:
    """Finds ``HEADER LEN body XOR`` frames in a byte stream and yields their bodies.

    On a bad checksum or length only the first header byte is dropped, so a frame that starts
    inside a broken one is still found.
    """

    def __init__(self, min_body: int, max_body: int) -> None:
        self._min_body = min_body
        self._max_body = max_body
        self._buffer = bytearray()
        self.errors: Counter[str] = Counter()

    def reset(self) -> None:
        """Forget a partial frame (the driver calls this when a reply never completed)."""
        if self._buffer:
            self.errors["truncated"] += 1
        self._buffer.clear()

    def feed(self, data: bytes) -> list[bytes]:
        self._buffer += data
        bodies: list[bytes] = []
        buffer = self._buffer
        while True:
            start = buffer.find(HEADER)
            if start < 0:
                self._drop_noise(buffer)
                return bodies
            if start:
                self.errors["noise"] += 1
                del buffer[:start]
            if len(buffer) < len(HEADER) + 2:
                return bodies
            length = int.from_bytes(buffer[5:7], "big")
            if not self._min_body + 1 <= length <= self._max_body + 1:
                self.errors["length"] += 1
                del buffer[:1]
                continue
            end = len(HEADER) + 2 + length
            if len(buffer) < end:
                return bodies
            if reduce(xor, buffer[5:end], 0) != 0:  # the XOR of LEN..body equals the last byte
                self.errors["checksum"] += 1
                del buffer[:1]
                continue
            bodies.append(bytes(buffer[7 : end - 1]))
            del buffer[:end]

    def _drop_noise(self, buffer: bytearray) -> None:
        """Keep only a tail that could still become a header."""
        keep = 0
        for size in range(min(len(HEADER) - 1, len(buffer)), 0, -1):
            if buffer.endswith(HEADER[:size]):
                keep = size
                break
        if len(buffer) > keep:
            self.errors["noise"] += 1
            del buffer[: len(buffer) - keep]


class IdReplyDecoder:
    """The reader's replies, in any chunking; never raises."""

    def __init__(self) -> None:
        self._splitter = _FrameSplitter(3, MAX_REPLY_BODY)

    @property
    def errors(self) -> Counter[str]:
        return self._splitter.errors

    def reset(self) -> None:
        self._splitter.reset()

    def feed(self, data: bytes) -> list[IdReply]:
        return [IdReply(b[0], b[1], b[2], b[3:]) for b in self._splitter.feed(data)]


class IdCommandDecoder:
    """The host's commands, for the simulated reader; never raises."""

    def __init__(self) -> None:
        self._splitter = _FrameSplitter(2, MAX_COMMAND_BODY)

    @property
    def errors(self) -> Counter[str]:
        return self._splitter.errors

    def feed(self, data: bytes) -> list[IdCommand]:
        return [IdCommand(b[0], b[1], b[2:]) for b in self._splitter.feed(data)]


# -- the card's text ---------------------------------------------------------------------------
def _field(raw: bytes) -> str:
    """One field's text without its padding; "" when it does not decode to printable text."""
    try:
        text = raw.decode("utf-16-le")
    except UnicodeDecodeError:
        return ""
    text = text.strip(" \x00")
    return text if text.isprintable() else ""


def _date(text: str) -> date | None:
    if len(text) != 8 or not text.isdigit() or not text.isascii():
        return None
    try:
        return date(int(text[:4]), int(text[4:6]), int(text[6:]))
    except ValueError:
        return None


def parse_text(text256: bytes) -> IdCard:
    """The card's 256 bytes of text as an :class:`IdCard`; garbled fields come out empty/None."""
    if len(text256) != TEXT_LENGTH:
        raise IdCardError(f"ID card text must be {TEXT_LENGTH} bytes, not {len(text256)}")
    fields: dict[str, str] = {}
    offset = 0
    for name, width in FIELDS:
        fields[name] = _field(text256[offset : offset + width])
        offset += width
    gender = fields["gender"]
    nation = fields["nation"]
    valid_to = fields["valid_to"]
    return IdCard(
        name=fields["name"],
        gender=GENDERS.get(gender, gender),
        nation=NATIONS.get(nation, nation),
        birth_date=_date(fields["birth_date"]),
        address=fields["address"],
        id_number=fields["id_number"],
        issuer=fields["issuer"],
        valid_from=_date(fields["valid_from"]),
        valid_to=None if valid_to == FOR_LIFE else _date(valid_to),
    )


def parse_read_reply(data: bytes) -> IdCard:
    """The data of a successful READ: text length, photo length, text, photo."""
    if len(data) < 4:
        raise IdCardError(f"READ reply data too short: {len(data)} bytes")
    text_length = int.from_bytes(data[0:2], "big")
    photo_length = int.from_bytes(data[2:4], "big")
    if text_length != TEXT_LENGTH:
        raise IdCardError(f"READ reply text length is {text_length}, not {TEXT_LENGTH}")
    if 4 + text_length + photo_length != len(data):
        raise IdCardError(
            f"READ reply lengths do not add up: 4 + {text_length} + {photo_length}"
            f" != {len(data)} bytes"
        )
    return parse_text(data[4 : 4 + text_length])


def _encode_field(label: str, text: str, width: int) -> bytes:
    if not text.isprintable():
        raise ValueError(f"ID card {label} {text!r} holds control characters")
    try:
        raw = text.encode("utf-16-le")
    except UnicodeEncodeError as error:
        raise ValueError(f"ID card {label} {text!r} is not UCS-2 text") from error
    if len(raw) != 2 * len(text):
        raise ValueError(f"ID card {label} {text!r} has characters outside UCS-2")
    if len(raw) > width:
        raise ValueError(f"ID card {label} {text!r} is longer than {width // 2} characters")
    return raw + " ".encode("utf-16-le") * ((width - len(raw)) // 2)


def encode_text(card: IdCard) -> bytes:
    """The 256 bytes of text a reader would return for ``card`` (for the simulator and tests)."""
    values = {
        "name": card.name,
        "gender": _GENDER_CODES.get(card.gender, card.gender),
        "nation": _NATION_CODES.get(card.nation, card.nation),
        "birth_date": card.birth_date.strftime("%Y%m%d") if card.birth_date else "",
        "address": card.address,
        "id_number": card.id_number,
        "issuer": card.issuer,
        "valid_from": card.valid_from.strftime("%Y%m%d") if card.valid_from else "",
        "valid_to": card.valid_to.strftime("%Y%m%d") if card.valid_to else FOR_LIFE,
        "reserved": "",
    }
    return b"".join(_encode_field(name, values[name], width) for name, width in FIELDS)


def read_reply_data(card: IdCard, photo: bytes = bytes(PHOTO_LENGTH)) -> bytes:
    """The data of a successful READ reply for ``card``."""
    return (
        TEXT_LENGTH.to_bytes(2, "big") + len(photo).to_bytes(2, "big") + encode_text(card) + photo
    )


def id_number_valid(id_number: str) -> bool:
    """Whether an 18-character citizen ID number (GB 11643) has the right check character."""
    return is_valid(id_number)
