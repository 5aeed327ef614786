"""What a terminal's ``counterdesk.toml`` may say: sections, keys, their types and ranges.

Why pydantic with unknown keys forbidden and strict types: the file is typed by an IT person on a
hall PC, often copied from another window's. A typo (``windw = 3``) or a quoted number
(``window = "3"``) must be named at start-up, not silently ignored until the queue calls the
wrong window. TOML already says what type each value is, so nothing is coerced.

What is checked here is the shape and the rules the core knows (the terminal code's form, URLs).
Whether a printer address or a device port makes sense is the business of ``printing`` and
``devices``, which ``counterdesk`` must not import: the composition root
(:mod:`counterdesk.cli_config`) runs those checks on the sections defined here. The kinds,
encodings and paper widths are spelled out below so a typo is named with the choices; a test
keeps them equal to the enums in ``printing`` and ``devices``.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Annotated, Any, Final, Literal, get_args
from urllib.parse import urlsplit

from pydantic import AfterValidator, BaseModel, ConfigDict, Field

from counterdesk.store.settings import SETTINGS, SettingError

_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_]{0,31}")


def _terminal_code(value: str) -> str:
    """The same rule as the ``terminal.code`` setting, which receipt numbers start with."""
    check = SETTINGS["terminal.code"][1]
    try:
        return str(check("terminal.code", value))
    except SettingError:
        raise ValueError(
            f"must be 1 to 8 capital letters or digits (receipt numbers start with it), "
            f"not {value!r}"
        ) from None


def _hall_name(value: str) -> str:
    if not value.strip() or len(value.strip()) > 40:
        raise ValueError(f"must be the hall's name, 1 to 40 characters, not {value!r}")
    return value.strip()


def _web_address(value: str) -> str:
    """An ``http://`` or ``https://`` address with a host: what the hall server and HQ answer."""
    example = "such as http://192.168.1.10:8750"
    try:
        parts = urlsplit(value.strip())
        port = parts.port
    except ValueError:
        raise ValueError(f"is not a web address {example}: {value!r}") from None
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ValueError(f"must start with http:// or https:// and name a host ({example}), "
                         f"not {value!r}")  # fmt: skip
    if parts.query or parts.fragment:
        raise ValueError(f"must not carry ?query or #fragment: {value!r}")
    del port  # reading it is the check that the port is a number
    return value.strip().rstrip("/")


def _database(value: str) -> str:
    path = Path(value).expanduser()
    if not path.is_absolute():
        raise ValueError(f"must be a full path such as D:/CounterDesk/terminal.db, not {value!r}")
    return str(path)


def _section_names(value: dict[str, Any]) -> dict[str, Any]:
    for name in value:
        if not _NAME.fullmatch(name):
            raise ValueError(
                f"{name!r} cannot be a name: use one short word of letters, digits and _ "
                "(such as receipt or window_display), up to 32 characters"
            )
    return value


TerminalCode = Annotated[str, AfterValidator(_terminal_code)]
HallName = Annotated[str, AfterValidator(_hall_name)]
WebAddress = Annotated[str, AfterValidator(_web_address)]
DatabasePath = Annotated[str, AfterValidator(_database)]


class _Section(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True, frozen=True)


class TerminalSection(_Section):
    """``[terminal]``: who this terminal is. ``id`` is the terminal code receipt numbers start
    with; ``window`` the window (窗口) it serves; ``database`` its SQLite file when not in the
    user data folder."""

    id: TerminalCode | None = None
    hall: HallName | None = None
    window: int | None = Field(default=None, ge=1, le=999)
    language: Literal["zh_CN", "en"] | None = None
    database: DatabasePath | None = None


class ServerSection(_Section):
    """``[server]``: the hall's queue server on the LAN and HQ over the WAN."""

    hall: WebAddress | None = None
    hq: WebAddress | None = None


class PrinterSection(_Section):
    """``[printers.NAME]``: a printer of this terminal; ``receipt`` is the window's receipt
    printer. ``address`` is checked by ``printing.address`` in the composition root."""

    address: str
    paper: Literal[58, 80] = 80
    encoding: Literal["gb18030", "gbk", "big5", "utf-8"] = "gb18030"
    native_qr: bool = True
    cutter: bool = True
    drawer: bool = True
    timeout: float = Field(default=5.0, ge=0.2, le=120)


class DeviceSection(_Section):
    """``[devices.NAME]``: a display, keypad or reader. Options by kind: ``template`` (LED
    strip), ``rows`` (hall screen: ``[[11, "{number}号 → {window}号窗口"], …]``), ``register``
    (Modbus display), ``pattern`` (card reader). ``baudrate`` defaults by kind."""

    kind: Literal[
        "led_strip",
        "hall_screen",
        "modbus_display",
        "caller_keypad",
        "evaluator",
        "card_reader",
        "id_reader",
    ]
    port: str
    address: int = Field(default=1, ge=0, le=254)
    baudrate: int | None = None
    enabled: bool = True
    template: str | None = None
    rows: list[tuple[int, str]] | None = None
    modbus_register: int | None = Field(default=None, alias="register")
    """``register`` in the file (the name would shadow pydantic's ``BaseModel.register``)."""
    pattern: str | None = None

    def options(self) -> dict[str, Any]:
        """The kind's options as ``devices.config.DeviceConfig.options`` holds them."""
        found: dict[str, Any] = {}
        if self.template is not None:
            found["template"] = self.template
        if self.rows is not None:
            found["rows"] = [[address, text] for address, text in self.rows]
        if self.modbus_register is not None:
            found["register"] = self.modbus_register
        if self.pattern is not None:
            found["pattern"] = self.pattern
        return found


class TerminalConfig(_Section):
    """The whole file, after the user's file is laid over the machine's."""

    terminal: TerminalSection = TerminalSection()
    server: ServerSection = ServerSection()
    printers: Annotated[dict[str, PrinterSection], AfterValidator(_section_names)] = Field(
        default_factory=dict
    )
    devices: Annotated[dict[str, DeviceSection], AfterValidator(_section_names)] = Field(
        default_factory=dict
    )

    @property
    def database(self) -> Path | None:
        return None if self.terminal.database is None else Path(self.terminal.database)


LANGUAGES: Final[tuple[str, ...]] = get_args(
    get_args(TerminalSection.model_fields["language"].annotation)[0]
)
PAPER_WIDTHS: Final[tuple[int, ...]] = get_args(PrinterSection.model_fields["paper"].annotation)
ENCODINGS: Final[tuple[str, ...]] = get_args(PrinterSection.model_fields["encoding"].annotation)
DEVICE_KINDS: Final[tuple[str, ...]] = get_args(DeviceSection.model_fields["kind"].annotation)
"""The choices above as tuples, for messages and for the test that keeps them equal to the enums
of ``printing`` and ``devices``."""
