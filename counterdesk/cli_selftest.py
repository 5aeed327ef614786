"""``counterdesk self-test``: start the real app on a throwaway database and check it comes up.

Why it exists: a frozen bundle can build cleanly and still fail on a terminal because a Qt plugin,
a translation or a migration script was left out; only running the app finds that. IT runs it
after an install, CI runs it inside the built bundle (offscreen), and the start-up benchmark runs
it with ``--until sign-in``. It goes the way a clerk's morning goes: the database is brought to
the newest schema, the Qt application starts through :func:`ui.app.start_application`, the
sign-in window shows, a throwaway clerk signs in through that window's own worker, and the counter
window made by :func:`ui.app.make_window` shows. Nothing is mocked and nothing outside a
temporary folder is touched.

A composition root (ARCHITECTURE.md): it imports ``ui`` inside the command only, so
``counterdesk --help`` never loads Qt.
"""

from __future__ import annotations

import os
import secrets
import sys
import tempfile
import time
import traceback
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Final

import click

from counterdesk import __version__

if TYPE_CHECKING:
    from PySide6.QtWidgets import QApplication, QWidget

STAGES: Final = ("sign-in", "main-window")
WAIT_SECONDS: Final = 30.0
"""How long any one step may take before the self-test gives up (a slow CI runner included)."""
SIGN_IN_MIN: Final = (400, 300)
WINDOW_MIN: Final = (1024, 700)
"""Smaller than these, a window has lost its layout (the counter window opens at 1366×768)."""
SELF_TEST_CLERK: Final = "9990"


class SelfTestError(RuntimeError):
    """A step did not come out as expected; the message says which and what was seen."""


class _Clock:
    """Seconds since the command started: the figures IT and the benchmark read."""

    def __init__(self) -> None:
        self.started = time.perf_counter()

    def __call__(self) -> float:
        return time.perf_counter() - self.started


@click.command("self-test")
@click.option(
    "--until",
    type=click.Choice(STAGES),
    default="main-window",
    show_default=True,
    help="Stop once this window has shown (the start-up benchmark stops at the sign-in).",
)
@click.option("--lang", type=click.Choice(["zh_CN", "en"]), default=None, help="UI language.")
@click.option(
    "--db",
    "db_path",
    type=click.Path(dir_okay=False, exists=True, path_type=Path),
    default=None,
    help="Start on this existing terminal database instead of a throwaway one (only with "
    "--until sign-in, which writes nothing): the start of a counter's ordinary day.",
)
@click.option(
    "--offscreen",
    is_flag=True,
    help="Render without a screen (sets QT_QPA_PLATFORM=offscreen), e.g. on a build server.",
)
def self_test(until: str, lang: str | None, db_path: Path | None, offscreen: bool) -> None:
    """Start CounterDesk on a throwaway database, sign a test clerk in, check the windows show.

    Prints how long each step took and exits 0; any failure exits 1 with the reason. Your own
    database, settings and printers are not touched.
    """
    clock = _Clock()
    if db_path is not None and until != "sign-in":
        raise click.UsageError("--db works with --until sign-in only: signing in writes a clerk.")
    if offscreen:
        os.environ["QT_QPA_PLATFORM"] = "offscreen"
    click.echo(f"CounterDesk {__version__} self-test ({_where()}); times since the command started")
    try:
        if db_path is not None:
            _run(db_path, until=until, language=lang, clock=clock)
        else:
            with tempfile.TemporaryDirectory(prefix="counterdesk-self-test-") as folder:
                _run(Path(folder) / "terminal.db", until=until, language=lang, clock=clock)
    except SelfTestError as error:
        click.echo(f"self-test failed: {error}", err=True)
        sys.exit(1)
    except Exception as error:  # anything else is a broken install too: say what and where
        click.echo(f"self-test failed: {type(error).__name__}: {error}{_origin(error)}", err=True)
        sys.exit(1)
    click.echo(f"self-test passed in {clock():.2f} s")


def _origin(error: BaseException) -> str:
    """`` (at file.py:12 in f)``: the line that raised, enough for IT to name the missing part."""
    frames = traceback.extract_tb(error.__traceback__)
    if not frames:
        return ""
    last = frames[-1]
    return f" (at {Path(last.filename).name}:{last.lineno} in {last.name})"


def _where() -> str:
    """The frozen bundle's folder, or the Python running the source tree."""
    bundle = getattr(sys, "_MEIPASS", None)
    if getattr(sys, "frozen", False) and bundle:
        return f"bundle {bundle}"
    return f"Python {sys.version.split()[0]} at {sys.executable}"


def _run(db_path: Path, *, until: str, language: str | None, clock: _Clock) -> None:
    from counterdesk.store.database import make_engine
    from counterdesk.store.migrate import HEAD, upgrade

    _check_files()
    engine = make_engine(db_path)
    try:
        revision = upgrade(engine)
        if revision != HEAD:
            raise SelfTestError(f"the database stopped at revision {revision}")
        click.echo(f"database at revision {revision} after {clock():.2f} s")

        from ui.app import start_application
        from ui.sign_in import SignInDialog

        app, chosen = start_application(language)
        _check_translations(app, chosen)
        _check_image_formats()
        sign_in = SignInDialog(engine)
        try:
            sign_in.show()
            _wait(app, lambda: _exposed(sign_in), "the sign-in window to show")
            click.echo(f"sign-in shown after {clock():.2f} s")
            _check_rendered(app, sign_in, "the sign-in window", chosen, SIGN_IN_MIN)
            if until == "sign-in":
                return
            clerk = _sign_in(app, sign_in, engine)
            click.echo(f"signed in after {clock():.2f} s")
        finally:
            sign_in.close()
            sign_in.runner.shutdown()
        _main_window(app, db_path, chosen, clerk, clock)
    finally:
        engine.dispose()


def _check_files() -> None:
    """The files the app reads beside its code: what a bundle most easily leaves out."""
    from counterdesk.store.migrate import MIGRATIONS_DIR
    from ui.app import I18N_DIR
    from ui.counter_dialog import ARROW

    wanted = {
        "the database migrations": MIGRATIONS_DIR / "env.py",
        "the translations": I18N_DIR / "counterdesk_zh_CN.qm",
        "the icons": Path(ARROW),
    }
    for what, path in wanted.items():
        if not path.is_file():
            raise SelfTestError(f"{what} are missing: no {path}")


def _check_translations(app: QApplication, language: str) -> None:
    """Chinese needs ours and Qt's own (dialog buttons); English needs ours (plural forms)."""
    from ui.app import install_translations

    loaded = install_translations(app, language)
    wanted = [f"counterdesk_{language}"] + ([] if language == "en" else [f"qtbase_{language}"])
    missing = [name for name in wanted if name not in loaded]
    if missing:
        raise SelfTestError(f"translations not found: {', '.join(n + '.qm' for n in missing)}")


def _check_image_formats() -> None:
    """The icons are SVG (the drop-down arrows): without Qt's svg plugin they vanish silently."""
    from PySide6.QtGui import QImageReader

    formats = {bytes(name.data()).decode() for name in QImageReader.supportedImageFormats()}
    if "svg" not in formats:
        raise SelfTestError(
            f"Qt cannot read SVG icons (image formats: {', '.join(sorted(formats))})"
        )


def _sign_in(app: QApplication, dialog: object, engine: object) -> object:
    """A throwaway clerk signs in through the dialog's own button and worker, as a clerk would."""
    from sqlalchemy import Engine

    from counterdesk.domain.permissions import Role
    from counterdesk.services import auth
    from ui.sign_in import SignInDialog

    assert isinstance(dialog, SignInDialog)
    assert isinstance(engine, Engine)
    password = secrets.token_urlsafe(12)
    with engine.begin() as connection:
        auth.add_clerk(connection, auth.CLI_ADMIN, number=SELF_TEST_CLERK, name="Self-test",
                       role=Role.CLERK, password=password, now=datetime.now(UTC))  # fmt: skip
    dialog.number.setText(SELF_TEST_CLERK)
    dialog.password.setText(password)
    dialog.button.click()
    _wait(app, lambda: dialog.signed_in is not None or dialog.problem.isVisible(), "signing in")
    if dialog.signed_in is None:
        raise SelfTestError(f"the sign-in was refused: {dialog.problem.text()}")
    return dialog.signed_in


def _main_window(
    app: QApplication, db_path: Path, language: str, clerk: object, clock: _Clock
) -> None:
    from counterdesk.services.auth import SignedIn
    from ui.app import make_window, start_sync

    assert isinstance(clerk, SignedIn)
    sync_db, sync = start_sync(db_path)
    try:
        if sync is not None:  # a fresh database is never joined to HQ
            raise SelfTestError("a fresh database claims to be joined to HQ")
        window = make_window(db_path, language, clerk=clerk)
        try:
            window.show()
            _wait(app, lambda: _exposed(window), "the counter window to show")
            click.echo(f"main window shown after {clock():.2f} s")
            _check_rendered(app, window, "the counter window", language, WINDOW_MIN)
            if clerk.number not in window.clerk_label.text():
                raise SelfTestError("the counter window's status bar does not name the clerk")
        finally:
            window.shutdown()
            window.close()
    finally:
        sync_db.dispose()


def _exposed(widget: QWidget) -> bool:
    handle = widget.windowHandle()
    return widget.isVisible() and handle is not None and handle.isExposed()


def _check_rendered(
    app: QApplication, widget: QWidget, what: str, language: str, least: tuple[int, int]
) -> None:
    """Visible, titled in the language chosen, of a usable size, and painted with something."""
    app.processEvents()
    if not widget.isVisible():
        raise SelfTestError(f"{what} is not visible")
    title = widget.windowTitle()
    if not title.startswith("CounterDesk"):
        raise SelfTestError(f"{what} has the title {title!r}")
    if language == "zh_CN" and title.isascii():
        raise SelfTestError(f"{what} is titled in English ({title!r}): the translation is missing")
    size = widget.size()
    if size.width() < least[0] or size.height() < least[1]:
        raise SelfTestError(f"{what} is {size.width()}×{size.height()}, too small")
    image = widget.grab().toImage()
    step_x, step_y = max(1, image.width() // 40), max(1, image.height() // 40)
    colours = {
        image.pixel(x, y)
        for x in range(0, image.width(), step_x)
        for y in range(0, image.height(), step_y)
    }
    if len(colours) < 3:
        raise SelfTestError(f"{what} painted as a blank area")
    click.echo(f"  {what}: {title!r}, {size.width()}×{size.height()}, {len(colours)} colours")


def _wait(app: QApplication, condition: Callable[[], object], what: str) -> None:
    """Run Qt's events until ``condition`` holds; a step that never comes is a failure."""
    deadline = time.monotonic() + WAIT_SECONDS
    while not condition():
        if time.monotonic() > deadline:
            raise SelfTestError(f"gave up after {WAIT_SECONDS:.0f} s waiting for {what}")
        app.processEvents()
        time.sleep(0.002)
