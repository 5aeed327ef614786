"""Starting the Qt application: font, style, translations and the counter window.

A composition root (ARCHITECTURE.md): ``counterdesk demo`` and the installed app call :func:`run`;
tests and the screenshot script call :func:`make_window` under their own ``QApplication``.

Chinese (zh_CN) is the default language; English when ``language="en"`` or ``COUNTERDESK_LANG=en``.
Source strings are English; English still has a small translation file for its plural forms.
"""

from __future__ import annotations

import logging
import os
import sys
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Final

from PySide6.QtCore import QCoreApplication, QLibraryInfo, QLocale, Qt, QTimer, QTranslator
from PySide6.QtGui import QFont, QFontDatabase, QGuiApplication, QIcon
from PySide6.QtWidgets import QApplication, QStyleFactory, QWidget

if TYPE_CHECKING:  # the sign-in window is shown before SQLAlchemy and the services are loaded
    from sqlalchemy import Engine

    from counterdesk.services.auth import SignedIn
    from counterdesk.sync.engine import SyncEngine
    from ui.counter_window import CounterWindow  # imported by make_window: see there for why

log = logging.getLogger(__name__)

LANGUAGE_ENV: Final = "COUNTERDESK_LANG"
SIGN_IN_SHOWN: Final = "The sign-in window is shown."
TERMINAL_OPENED: Final = "The terminal's database is open; a sign-in can be checked."
DEFAULT_LANGUAGE: Final = "zh_CN"
LANGUAGES: Final = ("zh_CN", "en")
I18N_DIR: Final = Path(__file__).resolve().parent / "i18n"
ICON: Final = Path(__file__).resolve().parent / "icons" / "counterdesk.svg"
"""The app's picture: every window's icon (and, drawn into an .ico, the exe's: installer/)."""
WINDOW_SIZE: Final = (1366, 768)
BASE_POINT_SIZE: Final = 10.5
"""Body text: readable for eight hours at a counter, and 1366×768 still holds the bills table."""

CJK_FONTS: Final = (
    "Microsoft YaHei UI",  # Windows, the counters' platform
    "Microsoft YaHei",
    "PingFang SC",  # macOS
    "Noto Sans CJK SC",  # Linux
    "Source Han Sans SC",
    "WenQuanYi Micro Hei",
)

_installed: list[QTranslator] = []


def resolve_language(language: str | None = None) -> str:
    """``language``, else ``$COUNTERDESK_LANG``, else zh_CN; folded to one of :data:`LANGUAGES`."""
    chosen = (language or os.environ.get(LANGUAGE_ENV) or DEFAULT_LANGUAGE).strip()
    folded = chosen.replace("-", "_").lower()
    if folded.startswith("en"):
        return "en"
    if folded.startswith("zh"):
        return "zh_CN"
    log.warning("Unknown language %r; using %s.", chosen, DEFAULT_LANGUAGE)
    return DEFAULT_LANGUAGE


def install_translations(app: QCoreApplication, language: str) -> list[str]:
    """Replace the translators CounterDesk installed before with those for ``language``.

    Loads Qt's own ``qtbase`` translation (dialog buttons, context menus) when PySide6 ships it,
    and ours from ``ui/i18n``. Returns the names of the files loaded.
    """
    for translator in _installed:
        app.removeTranslator(translator)
    _installed.clear()
    loaded: list[str] = []
    qt_dir = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    candidates = [(f"counterdesk_{language}", str(I18N_DIR))]
    if language != "en":  # Qt's own strings are English already
        candidates.insert(0, (f"qtbase_{language}", qt_dir))
    for name, folder in candidates:
        translator = QTranslator(app)
        if translator.load(name, folder):
            app.installTranslator(translator)
            _installed.append(translator)
            loaded.append(name)
        elif name.startswith("counterdesk"):
            log.warning("No translation %s.qm in %s; showing English.", name, folder)
    return loaded


def pick_font_family(families: list[str]) -> str | None:
    """The first CJK-capable family installed, or ``None`` to keep Qt's default."""
    available = set(families)
    return next((family for family in CJK_FONTS if family in available), None)


def prepare_application(app: QApplication, language: str) -> None:
    """Style, palette, font and translators: everything a window expects of the application."""
    fusion = QStyleFactory.create("Fusion")
    if fusion is not None:
        app.setStyle(fusion)
        app.setPalette(fusion.standardPalette())
    # A counter works in a lit hall: always light, whatever the desktop's dark mode says.
    QGuiApplication.styleHints().setColorScheme(Qt.ColorScheme.Light)
    font = QFont(app.font())
    family = pick_font_family(QFontDatabase.families())
    if family is not None:
        font.setFamilies([family])
    font.setPointSizeF(BASE_POINT_SIZE)
    app.setFont(font)
    install_translations(app, language)
    QLocale.setDefault(QLocale(QLocale.Language.English if language == "en" else "zh_CN"))


def start_application(language: str | None = None) -> tuple[QApplication, str]:
    """The running ``QApplication`` (made if there is none), prepared for ``language``; the
    language chosen. Every CounterDesk program starts here: counter, kiosk, hall screen,
    dashboard."""
    existing = QApplication.instance()
    app = existing if isinstance(existing, QApplication) else QApplication(sys.argv[:1])
    app.setApplicationName("CounterDesk")
    app.setApplicationDisplayName("CounterDesk")
    app.setWindowIcon(QIcon(str(ICON)))
    from counterdesk.logs import setup_logging
    from ui.crash import install_crash_reporter

    setup_logging("counter", replace=False)  # kept when the CLI set up demo.log, open.log…
    install_crash_reporter(app)
    chosen = resolve_language(language)
    prepare_application(app, chosen)
    return app, chosen


def make_window(
    db_path: Path,
    language: str | None = None,
    *,
    today: date | None = None,
    clerk: SignedIn | None = None,
    clock: Callable[[], datetime] | None = None,
    hall_url: str | None = None,
    sync: SyncEngine | None = None,
) -> CounterWindow:
    """The counter window on ``db_path``, 1366×768, not shown; a ``QApplication`` must exist.

    ``today`` is the business date bills are overdue against (default: the computer's date);
    ``clock`` the time payments are taken at (default: now); ``clerk`` who is signed in;
    ``hall_url`` the hall server whose queue the window's queue bar works (none: no queue bar);
    ``sync`` the running sync engine whose status the window shows (none: not joined to HQ).
    """
    # Imported here, not at the top: the counter window pulls in printing, devices, reportlab and
    # every panel (over a second on a counter PC), and the sign-in window must not wait for that.
    from ui.counter_window import CounterWindow

    app = QApplication.instance()
    if not isinstance(app, QApplication):
        raise RuntimeError("make_window needs a QApplication; create one first.")
    prepare_application(app, resolve_language(language))
    window = CounterWindow(
        db_path, today=today, clerk=clerk, clock=clock, hall_url=hall_url, sync=sync
    )
    window.resize(*WINDOW_SIZE)
    return window


def demo_hint(password: str) -> str:
    """The line under the demo's sign-in form: who can sign in, in the clerk's language."""
    return QCoreApplication.translate(
        "DemoHint", "Demo sign-ins: clerk 0107 · manager 0001 · IT 9001 — password %1"
    ).replace("%1", password)


@dataclass(frozen=True)
class Terminal:
    """What the counter window runs on, once the database is open."""

    db_path: Path
    hall_url: str | None = None


def run(
    db_path: Path,
    *,
    language: str | None = None,
    demo_password: str = "",
    demo_card: tuple[str, str, str] | None = None,
    hall_url: str | None = None,
) -> int:
    """Sign in, then run the counter window on ``db_path`` until it is closed; the exit code.

    ``demo_card`` (holder's name, ID number, account number) puts simulators behind the demo's
    ``virtual:`` device ports and opens the virtual hall devices window beside the counter.
    """
    return run_opening(
        lambda: Terminal(db_path, hall_url),
        language=language,
        demo_password=demo_password,
        demo_card=demo_card,
    )


def run_opening(
    open_terminal: Callable[[], Terminal],
    *,
    language: str | None = None,
    refused: Callable[[Exception], int] | None = None,
    demo_password: str = "",
    demo_card: tuple[str, str, str] | None = None,
) -> int:
    """Show the sign-in at once and run ``open_terminal`` on its worker meanwhile (checking the
    configuration, bringing the database up to date: see :mod:`ui.sign_in`), then the counter.

    When ``open_terminal`` fails, the sign-in closes and ``refused(error)`` gives the exit code
    (the installed start shows the configuration problems there); without ``refused``, the error
    is raised.
    """
    app, _language = start_application(language)
    opened: list[Terminal] = []

    def open_database() -> Engine:
        from counterdesk.store.database import make_engine

        terminal = open_terminal()
        opened.append(terminal)
        engine = make_engine(terminal.db_path)
        log.info(TERMINAL_OPENED)
        return engine

    from ui.sign_in import SignInDialog

    sign_in = SignInDialog(
        open_database, demo_hint=demo_hint(demo_password) if demo_password else ""
    )
    try:
        # The first turn of the dialog's event loop, just after it is shown: when the counter
        # came up, for support (and what the start-up benchmark waits for in the log).
        QTimer.singleShot(0, lambda: log.info(SIGN_IN_SHOWN))
        accepted = sign_in.exec() == SignInDialog.DialogCode.Accepted
    finally:
        if sign_in.engine is not None:
            sign_in.engine.dispose()
    if sign_in.open_error is not None:
        if refused is None:
            raise sign_in.open_error
        return refused(sign_in.open_error)
    if not accepted:
        return 0
    clerk = sign_in.signed_in
    terminal = opened[0]
    hall = None
    if demo_card is not None:
        hall = _virtual_hall(terminal.db_path, demo_card)
    sync_db, sync = start_sync(terminal.db_path)
    try:
        window = make_window(
            terminal.db_path, language, clerk=clerk, hall_url=terminal.hall_url, sync=sync
        )
        window.showMaximized()
        if hall is not None:
            hall.show()
        try:
            return app.exec()
        finally:
            window.shutdown()
    finally:
        if sync is not None:
            sync.stop()
        sync_db.dispose()


def start_sync(db_path: Path) -> tuple[Engine, SyncEngine | None]:
    """The sync engine on its own connections, started, when the terminal is joined to HQ.

    Its own engine (connection pool), because it writes on its own thread while the window's
    worker reads; a terminal that is not joined gets ``None`` and works alone. A sync engine
    that cannot start is logged and the counter runs without it: taking money never waits for HQ.
    """
    from counterdesk.store.database import make_engine
    from counterdesk.sync.engine import SyncEngine

    sync_db = make_engine(db_path)
    try:
        sync = SyncEngine.from_database(sync_db)
        if sync is not None:
            sync.start()
    except Exception:
        log.exception("The sync engine did not start; the counter works without HQ.")
        sync = None
    return sync_db, sync


def _virtual_hall(db_path: Path, card: tuple[str, str, str]) -> QWidget:
    """The demo's simulated devices on their ``virtual:`` wires, and a window to work them."""
    from counterdesk.store.database import make_engine
    from devices import config
    from ui.virtual_devices import VirtualDevicesWindow, attach_simulators, demo_card

    engine = make_engine(db_path)
    try:
        with engine.connect() as connection:
            configs = list(config.load_all(connection).values())
    finally:
        engine.dispose()
    name, id_number, account_number = card
    sims = attach_simulators(configs, demo_card(name, id_number))
    return VirtualDevicesWindow(sims, account_hint=account_number)
