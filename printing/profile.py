"""A receipt printer as configured on a terminal: where it is and what it can do."""

from __future__ import annotations

import enum
from dataclasses import dataclass

from printing.slip import Paper


class Encoding(enum.StrEnum):
    """The character set the printer's Chinese font expects (python-escpos issue #678).

    Mainland printers take GB18030 (GBK is its two-byte subset); Taiwan and Hong Kong models take
    Big5; newer ones can switch to UTF-8. A wrong choice prints mojibake, so it is per printer.
    """

    GB18030 = "gb18030"
    GBK = "gbk"
    BIG5 = "big5"
    UTF8 = "utf-8"


@dataclass(frozen=True)
class PrinterProfile:
    """One printer: ``address`` is the transport string (``tcp://192.168.1.50:9100``, …).

    ``native_qr`` sends QR codes as the printer's own command (``GS ( k``), which is smaller and
    sharper; printers without it get the code as a raster image. ``drawer`` says a cash drawer
    hangs off the printer; ``cutter`` that it can cut. ``timeout`` bounds every wait on it.
    """

    name: str
    address: str
    paper: Paper = Paper.MM80
    encoding: Encoding = Encoding.GB18030
    native_qr: bool = True
    cutter: bool = True
    drawer: bool = True
    timeout: float = 5.0
