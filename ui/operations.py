"""Background operations: database work off the GUI thread, results back on it.

After Anki's ``aqt.operations`` and ``aqt.taskman`` (STYLE.md, example 2)::

    Op(self, lambda: search(engine, text), key="search").success(self.show).failure(self.oops).run()

Why one worker thread and not a pool: SQLite has one writer at a time, and one thread keeps every
operation in the order the clerk asked for them, so a payment can never overtake the search that
found its account. The function runs on that thread and must not touch any widget; the callbacks
run on the GUI thread, delivered through a queued Qt signal.

Why keys: a clerk types faster than a search returns. Operations with the same ``key`` supersede one
another (a generation counter per key): only the newest one's callbacks run, and a superseded
operation that has not started yet is not run at all. An operation whose ``parent`` widget is gone
by the time it finishes is dropped as well.
"""

from __future__ import annotations

import contextlib
import logging
import threading
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Generic, TypeVar

import shiboken6
from PySide6.QtCore import QCoreApplication, QObject, Qt, Signal, Slot

T = TypeVar("T")

log = logging.getLogger(__name__)

WORKER_NAME = "counterdesk-db"


@dataclass(frozen=True, slots=True)
class _Outcome:
    """What the worker hands back: the value, or the exception, or neither when skipped."""

    value: object = None
    error: Exception | None = None
    skipped: bool = False


class OpRunner(QObject):
    """Owns the one worker thread that runs operations, and delivers their results.

    Put one in a window (``OpRunner(window)``); an :class:`Op` finds it through its parent chain.
    :meth:`shutdown` stops the worker; it is also called when the application is about to quit.

    Signals:
        unhandled_failure(Exception): an operation failed and had no failure callback.
    """

    unhandled_failure = Signal(object)
    _closures_pending = Signal()

    def __init__(self, parent: QObject | None = None, *, name: str = WORKER_NAME) -> None:
        super().__init__(parent)
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix=name)
        self._lock = threading.Lock()
        self._generations: dict[str, int] = {}
        self._closed = False
        self._worker_ident: int | None = None
        # As in Anki's taskman: results wait in a list and an argument-less queued signal tells
        # the GUI thread to run them, so no Python object has to cross threads inside Qt.
        self._closures: list[Callable[[], None]] = []
        self._closures_pending.connect(self._run_closures, Qt.ConnectionType.QueuedConnection)
        app = QCoreApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(self.shutdown)

    @property
    def worker_ident(self) -> int | None:
        """The worker thread's ``threading.get_ident()``, once it has run something."""
        return self._worker_ident

    @property
    def closed(self) -> bool:
        return self._closed

    def generation(self, key: str) -> int:
        """How many operations (and cancels) have been started under ``key``."""
        with self._lock:
            return self._generations.get(key, 0)

    def cancel(self, key: str) -> None:
        """Drop whatever is under way for ``key``: its callbacks will not run."""
        with self._lock:
            self._generations[key] = self._generations.get(key, 0) + 1

    def submit(self, op: Op[T]) -> int:
        """Queue ``op`` on the worker; returns its generation (0 when it has no key)."""
        with self._lock:
            if self._closed:
                log.warning("Operation %s dropped: the worker has shut down.", op.name)
                return -1
            generation = 0
            if op.key is not None:
                generation = self._generations.get(op.key, 0) + 1
                self._generations[op.key] = generation
        self._executor.submit(self._work, op, generation)
        return generation

    def _is_current(self, op: Op[T], generation: int) -> bool:
        with self._lock:
            if self._closed:
                return False
            return op.key is None or self._generations.get(op.key, 0) == generation

    def _work(self, op: Op[T], generation: int) -> None:
        """Runs on the worker thread: no widget may be touched here."""
        self._worker_ident = threading.get_ident()
        if not self._is_current(op, generation):
            outcome = _Outcome(skipped=True)
        else:
            try:
                outcome = _Outcome(value=op.fn())
            except Exception as error:
                outcome = _Outcome(error=error)
        with self._lock:
            if self._closed:
                return
            self._closures.append(lambda: self._finish(op, generation, outcome))
            # Emitted under the lock so that shutdown() cannot delete us in between.
            self._closures_pending.emit()

    @Slot()
    def _run_closures(self) -> None:
        with self._lock:
            closures, self._closures = self._closures, []
        for closure in closures:
            closure()

    def _finish(self, op: Op[T], generation: int, outcome: _Outcome) -> None:
        """Runs on the GUI thread: calls the operation's callbacks unless it went stale."""
        if outcome.skipped or not self._is_current(op, generation):
            log.debug("Operation %s (generation %d) superseded.", op.name, generation)
            return
        if op.parent is not None and not shiboken6.isValid(op.parent):
            return
        if outcome.error is not None:
            if op.on_failure is not None:
                op.on_failure(outcome.error)
            else:
                log.error("Operation %s failed.", op.name, exc_info=outcome.error)
                self.unhandled_failure.emit(outcome.error)
            return
        if op.on_success is not None:
            op.on_success(outcome.value)  # type: ignore[arg-type]

    @Slot()
    def shutdown(self, final: Callable[[], None] | None = None) -> None:
        """Stop the worker: queued operations are skipped, the running one is waited for.

        ``final`` runs last on the worker (closing database connections there, off the GUI
        thread). Safe to call more than once.
        """
        with self._lock:
            if self._closed:
                return
            self._closed = True
        if final is not None:
            self._executor.submit(_run_logged, final)
        self._executor.shutdown(wait=True)
        app = QCoreApplication.instance()
        if app is not None and shiboken6.isValid(app):
            with contextlib.suppress(RuntimeError, TypeError):  # already disconnected
                app.aboutToQuit.disconnect(self.shutdown)


def _run_logged(fn: Callable[[], None]) -> None:
    try:
        fn()
    except Exception:
        log.exception("Clean-up on the worker failed.")


def find_runner(parent: QObject) -> OpRunner:
    """The :class:`OpRunner` of ``parent`` or of its nearest ancestor that has one."""
    node: QObject | None = parent
    while node is not None:
        if isinstance(node, OpRunner):
            return node
        runner = node.findChild(OpRunner, "", Qt.FindChildOption.FindDirectChildrenOnly)
        if runner is not None:
            return runner
        node = node.parent()
    raise LookupError(f"No OpRunner above {parent!r}: create one in the window.")


class Op(Generic[T]):
    """One background operation: ``fn`` on the worker, ``success``/``failure`` on the GUI thread.

    ``parent`` is the widget the result is for: when it has been deleted by the time ``fn``
    returns, the callbacks are not called. ``key`` names a stream of operations where only the
    newest counts (the search box, the open account).
    """

    def __init__(
        self,
        parent: QObject,
        fn: Callable[[], T],
        *,
        key: str | None = None,
        runner: OpRunner | None = None,
    ) -> None:
        self.parent = parent
        self.fn = fn
        self.key = key
        self.name = key or getattr(fn, "__name__", "operation")
        self.on_success: Callable[[T], object] | None = None
        self.on_failure: Callable[[Exception], object] | None = None
        self._runner = runner
        self.generation: int | None = None

    def success(self, callback: Callable[[T], object]) -> Op[T]:
        self.on_success = callback
        return self

    def failure(self, callback: Callable[[Exception], object]) -> Op[T]:
        self.on_failure = callback
        return self

    def run(self) -> None:
        runner = self._runner or find_runner(self.parent)
        self.generation = runner.submit(self)
