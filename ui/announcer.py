"""Calling a ticket out loud: a voice when one is installed for the hall's language, else a chime.

``Announcer(parent, language="zh_CN").announce("A023", 3)`` says "请 A 零二三 号到 三号窗口 办理"
(the sentence comes from :mod:`counterdesk.queue.speech`). Why it is built the way it is:

- **Never blocking the GUI thread.** Opening a speech engine can take seconds (speech-dispatcher
  is spawned on first use; seen here: 1.6 s) or hang outright when a stale daemon holds the
  socket, and writing the chime is file I/O. So the engine, the probing and the chime's file live
  on a thread of their own ("counterdesk-voice"); the GUI thread only hands over sentences. The
  chime's ``QSoundEffect`` alone is made on the GUI thread, at first use: made on the voice thread
  it deadlocked against the window's ``show()`` here (QtMultimedia wants the GUI thread).
- **One at a time, in order.** ``QTextToSpeech.say`` interrupts whatever it is saying, and two
  windows calling within a second is normal. Announcements wait in a queue; the next one starts
  when the engine reports it has finished (or after :data:`ANNOUNCEMENT_TIMEOUT_MS`, so an engine
  that never reports back — speech-dispatcher without a sound card does exactly that — cannot
  hold the hall's calls forever).
- **A voice for the language or none.** A Chinese sentence read by an English voice is noise, so
  for ``zh_CN`` only a Chinese voice counts; espeak-ng under speech-dispatcher reports its Mandarin
  voice with no locale (Qt does not map ``cmn``), so a voice named "Mandarin"/"Chinese" counts too.
  Qt's own ``mock`` engine (a test plug-in that says nothing) is never chosen unless asked for.
- **The chime** is two tones written with :mod:`wave` into the cache folder at first use (no
  binary in the repository) and played with ``QSoundEffect``. Without QtMultimedia at all (its
  shared libraries need PulseAudio's client library, ``libpulse0`` on Debian) the announcer is
  ``silent``: it still queues, logs and emits each sentence so a screen can show it.

Signals (GUI thread): ``announcing(str)`` with the screen text when an announcement starts,
``announced(str)`` when it has ended, ``ready()`` once the engine has been probed.
"""

from __future__ import annotations

import contextlib
import logging
import math
import struct
import tempfile
import threading
import wave
from collections import deque
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Final

import shiboken6
from PySide6.QtCore import (
    QCoreApplication,
    QLocale,
    QObject,
    QStandardPaths,
    QThread,
    QTimer,
    QUrl,
    Signal,
    Slot,
)

from counterdesk.queue.speech import announcement, display_text

log = logging.getLogger(__name__)

try:  # both load libpulse.so.0; a machine without it still runs, silently
    from PySide6.QtTextToSpeech import QTextToSpeech, QVoice
except ImportError as error:  # pragma: no cover - depends on the machine's libraries
    QTextToSpeech = None  # type: ignore[assignment,misc]
    QVoice = None  # type: ignore[assignment,misc]
    log.warning("Speech unavailable (%s): calls are not spoken.", error)
try:
    from PySide6.QtMultimedia import QSoundEffect
except ImportError as error:  # pragma: no cover - depends on the machine's libraries
    QSoundEffect = None  # type: ignore[assignment,misc]
    log.warning("Sound unavailable (%s): calls get no chime.", error)

MODES: Final = ("voice", "chime", "silent")
"""From most to least: a voice speaks the call; a chime sounds; nothing sounds (text only)."""
TEST_ENGINE: Final = "mock"
ANNOUNCEMENT_TIMEOUT_MS: Final = 15_000
SILENT_GAP_MS: Final = 600
"""With nothing to hear, calls still go out one at a time, a moment apart, for the screens."""
QUIT_WAIT_MS: Final = 3_000
CHIME_RATE: Final = 22_050
CHIME_TONES: Final = ((784.0, 0.28), (659.0, 0.42))
"""G5 then E5, "ding-dong": short, gentle, unlike a phone or an alarm."""
QT_LOG_NOISE: Final = (
    "PulseAudioService",
    "QSoundEffect",
    "text-to-speech plug-in",
    "speech-dispatcher",
    r"Couldn't (load|resolve) va",
)
"""What Qt logs on a machine without a sound server, a speech engine or VA-API (regular
expressions for pytest-qt's ``qt_log_ignore``)."""

_VOICE_NAMES: Final = {
    QLocale.Language.Chinese: ("mandarin", "chinese"),
    QLocale.Language.English: ("english",),
}
_AVOIDED_NAMES: Final = ("hakka", "cantonese", "yue")
_STUCK_THREADS: list[QThread] = []
"""Voice threads that did not stop in time (a hung engine): kept alive, never destroyed running."""


def chime_path() -> Path:
    """Where the chime lives: the user's cache folder, else the temp folder."""
    folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.CacheLocation)
    base = Path(folder) if folder else Path(tempfile.gettempdir())
    return base / "counterdesk" / "chime.wav"


def write_chime(path: Path) -> Path:
    """Write the two-tone chime as a 16-bit mono WAV (kept if it is already there)."""
    if path.exists() and path.stat().st_size > 44:
        return path
    path.parent.mkdir(parents=True, exist_ok=True)
    frames = bytearray()
    for frequency, seconds in CHIME_TONES:
        count = int(CHIME_RATE * seconds)
        for i in range(count):
            envelope = min(1.0, i / 200) * (1.0 - i / count) ** 2  # soft attack, bell-like decay
            sample = 0.45 * envelope * math.sin(2 * math.pi * frequency * i / CHIME_RATE)
            frames += struct.pack("<h", int(sample * 32767))
    partial = path.with_suffix(f".{threading.get_ident()}.tmp")
    with wave.open(str(partial), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(CHIME_RATE)
        out.writeframes(bytes(frames))
    partial.replace(path)
    return path


def _voice_fits(name: str, locale: QLocale, target: QLocale) -> int:
    """0 when the voice speaks ``target``'s language and country, 1 its language, 2 its language
    by name only (no locale reported), 3 not at all."""
    lowered = name.lower()
    if any(word in lowered for word in _AVOIDED_NAMES):
        return 3
    if locale.language() == target.language():
        return 0 if locale.territory() == target.territory() else 1
    if locale.language() in (QLocale.Language.C, QLocale.Language.AnyLanguage):
        names = _VOICE_NAMES.get(target.language(), ())
        if any(word in lowered for word in names):
            return 2
    return 3


def hall_locale(language: str) -> QLocale:
    return QLocale("en_US") if language.lower().startswith("en") else QLocale("zh_CN")


class _Speaker(QObject):
    """Lives on the voice thread: owns the engine and the chime; says one thing at a time."""

    ready = Signal(str, str, str)  # mode it can do, voice name ("" none), chime file ("" none)
    done = Signal()

    def __init__(self, language: str, engines: Sequence[str] | None) -> None:
        super().__init__()
        self.language = language
        self.engines = engines
        self.mode = "silent"
        self.tts: Any = None
        self._busy = False
        self._sequence = 0
        self._watchdog: QTimer | None = None

    # --- probing ------------------------------------------------------------------------------

    @Slot()
    def start(self) -> None:
        self._watchdog = QTimer(self)
        self._watchdog.setSingleShot(True)
        self._watchdog.timeout.connect(self._timed_out)
        voice = chime = ""
        try:
            voice = self._open_voice()
        except Exception:  # an engine plug-in's failure must not silence the hall
            log.exception("The speech engine failed to start.")
            self.tts = None
        if QSoundEffect is not None:  # also with a voice: a counter may choose the chime
            try:
                chime = str(write_chime(chime_path()))
            except OSError as error:
                log.warning("The chime could not be written (%s): calls are shown only.", error)
        self.mode = "voice" if self.tts is not None else "chime" if chime else "silent"
        log.info("Announcer: %s%s", self.mode, f" ({voice})" if voice else "")
        self.ready.emit(self.mode, voice, chime)

    def _candidate_engines(self) -> list[str]:
        if QTextToSpeech is None:
            return []
        available = list(QTextToSpeech.availableEngines())
        if self.engines is not None:
            return [name for name in self.engines if name in available]
        return [name for name in available if name != TEST_ENGINE]

    def _open_voice(self) -> str:
        target = hall_locale(self.language)
        for engine in self._candidate_engines():
            tts = QTextToSpeech(engine, self)
            if tts.state() == QTextToSpeech.State.Error:
                log.info("Speech engine %s: %s", engine, tts.errorString())
                tts.deleteLater()
                continue
            best: tuple[int, QLocale, Any] | None = None
            unnamed = (QLocale.Language.C, QLocale.Language.AnyLanguage)
            for locale in tts.availableLocales():
                if locale.language() not in (target.language(), *unnamed):
                    continue
                tts.setLocale(locale)
                for voice in tts.availableVoices():
                    fit = _voice_fits(voice.name(), voice.locale(), target)
                    if fit < 3 and (best is None or fit < best[0]):
                        best = (fit, locale, voice)
            if best is None:
                log.info("Speech engine %s has no voice for %s.", engine, target.name())
                tts.deleteLater()
                continue
            _fit, locale, voice = best
            tts.setLocale(locale)
            tts.setVoice(voice)
            tts.stateChanged.connect(self._speech_state)
            self.tts = tts
            return f"{engine}: {voice.name()}"
        return ""

    # --- saying -------------------------------------------------------------------------------

    @Slot(str)
    def say(self, text: str) -> None:
        self._busy = True
        self._sequence += 1
        if self._watchdog is not None:
            self._watchdog.start(ANNOUNCEMENT_TIMEOUT_MS)
        if self.tts is not None:
            self.tts.say(text)
        else:
            self._finish(self._sequence)

    def _speech_state(self, state: Any) -> None:
        if self._busy and state in (QTextToSpeech.State.Ready, QTextToSpeech.State.Error):
            self._finish(self._sequence)

    def _timed_out(self) -> None:
        log.warning("An announcement took over %d ms; going on.", ANNOUNCEMENT_TIMEOUT_MS)
        if self.tts is not None:
            self.tts.stop()
        self._finish(self._sequence)

    def _finish(self, sequence: int) -> None:
        if not self._busy or sequence != self._sequence:
            return  # a late timer of an announcement that has already ended
        self._busy = False
        if self._watchdog is not None:
            self._watchdog.stop()
        self.done.emit()

    @Slot()
    def stop(self) -> None:
        """Runs on the voice thread: release the engine there, then end the thread."""
        self._busy = False
        if self._watchdog is not None:
            self._watchdog.stop()
        if self.tts is not None:
            self.tts.stop()
            shiboken6.delete(self.tts)
            self.tts = None
        thread = self.thread()
        if thread is not None:
            thread.quit()


class _Chime(QObject):
    """The two tones, on the GUI thread: QtMultimedia objects made on another thread can
    deadlock against the GUI thread (seen here: QSoundEffect's constructor on the voice thread
    and ``show()`` on the GUI thread waited for each other). ``done`` follows each ``play``."""

    done = Signal()

    def __init__(self, path: str, parent: QObject) -> None:
        super().__init__(parent)
        self._busy = False
        self._sequence = 0
        self._warned = False
        self.effect = QSoundEffect(self)
        self.effect.setSource(QUrl.fromLocalFile(path))
        self.effect.setVolume(0.8)
        self.effect.playingChanged.connect(self._playing_changed)
        self.effect.statusChanged.connect(self._status_changed)

    def playable(self) -> bool:
        status = self.effect.status()
        return bool(status in (QSoundEffect.Status.Ready, QSoundEffect.Status.Loading))

    def play(self) -> None:
        self._busy = True
        self._sequence += 1
        sequence = self._sequence
        if self.playable():
            self.effect.play()
            # playingChanged ends it; this only guards a sound system that never reports back
            QTimer.singleShot(ANNOUNCEMENT_TIMEOUT_MS, self, lambda: self._finish(sequence))
        else:
            self._finish_later()

    def _finish_later(self) -> None:
        """Nothing to hear: end the call after a short gap, so calls still come one by one."""
        sequence = self._sequence
        QTimer.singleShot(SILENT_GAP_MS, self, lambda: self._finish(sequence))

    def _playing_changed(self) -> None:
        if self._busy and not self.effect.isPlaying():
            self._finish(self._sequence)

    def _status_changed(self) -> None:
        if self.effect.status() != QSoundEffect.Status.Error:
            return
        if not self._warned:
            self._warned = True
            log.warning("The chime cannot be played here (no sound output?): calls are shown only.")
        if self._busy:
            self._finish_later()

    def _finish(self, sequence: int) -> None:
        if not self._busy or sequence != self._sequence:
            return  # a late timer of a chime that has already ended
        self._busy = False
        self.done.emit()

    def stop(self) -> None:
        self._busy = False
        self.effect.stop()


class Announcer(QObject):
    """Speaks (or chimes) called tickets one after another without ever blocking the caller.

    ``engines`` names the speech engines to consider, in order (default: every installed one but
    Qt's test plug-in). ``mode`` is what is done now: ``voice``, ``chime`` or ``silent``; setting
    it lowers it (a counter that must be quiet), never raises it above what is installed.
    """

    announcing = Signal(str)
    announced = Signal(str)
    ready = Signal()
    _say = Signal(str)

    def __init__(
        self,
        parent: QObject | None = None,
        language: str = "zh_CN",
        *,
        engines: Sequence[str] | None = None,
    ) -> None:
        super().__init__(parent)
        self.language = language
        self._capable = "silent"
        self._wanted = "voice"
        self._voice: str | None = None
        self._chime: _Chime | None = None
        self._chime_path = ""
        self._ready = False
        self._queue: deque[tuple[str, str]] = deque()
        self._current: str | None = None
        self._sequence = 0
        self._thread = QThread()
        self._thread.setObjectName("counterdesk-voice")
        self._speaker = _Speaker(language, engines)
        self._speaker.moveToThread(self._thread)
        self._thread.started.connect(self._speaker.start)
        self._thread.finished.connect(self._speaker.deleteLater)
        self._speaker.ready.connect(self._on_ready)
        self._speaker.done.connect(self._on_done)
        self._say.connect(self._speaker.say)
        self._closed = False
        thread, speaker = self._thread, self._speaker
        # If the parent deletes us without shutdown(), the thread must still stop before it goes.
        self.destroyed.connect(lambda: _stop_thread(thread, speaker))
        app = QCoreApplication.instance()
        if app is not None:
            app.aboutToQuit.connect(self.shutdown)
        self._thread.start()

    # --- the interface ------------------------------------------------------------------------

    def announce(self, number: str, window: int | str) -> None:
        """Queue the call of ``number`` to ``window``; returns at once."""
        if self._closed:
            return
        shown = display_text(number, window, self.language)
        log.info("Call: %s", shown)
        self._queue.append((announcement(number, window, self.language), shown))
        self._next()

    @property
    def mode(self) -> str:
        wanted, capable = MODES.index(self._wanted), MODES.index(self._capable)
        return MODES[max(wanted, capable)]

    @mode.setter
    def mode(self, mode: str) -> None:
        if mode not in MODES:
            raise ValueError(f"mode must be one of {MODES}, not {mode!r}")
        self._wanted = mode

    def available_voice(self) -> str | None:
        """``"engine: voice"`` that speaks the hall's language, or None (also before ready)."""
        return self._voice

    @property
    def is_ready(self) -> bool:
        return self._ready

    @property
    def pending(self) -> int:
        """Announcements waiting or under way."""
        return len(self._queue) + (1 if self._current is not None else 0)

    @Slot()
    def shutdown(self) -> None:
        """Stop speaking and end the voice thread; queued announcements are dropped."""
        if self._closed:
            return
        self._closed = True
        self._queue.clear()
        if self._chime is not None:
            self._chime.stop()
        app = QCoreApplication.instance()
        if app is not None and shiboken6.isValid(app):
            with contextlib.suppress(RuntimeError, TypeError):  # already disconnected
                app.aboutToQuit.disconnect(self.shutdown)
        _stop_thread(self._thread, self._speaker)

    # --- the queue ----------------------------------------------------------------------------

    @Slot(str, str, str)
    def _on_ready(self, mode: str, voice: str, chime: str) -> None:
        self._capable = mode
        self._voice = voice or None
        self._chime_path = chime
        self._ready = True
        self.ready.emit()
        self._next()

    def _next(self) -> None:
        if not self._ready or self._current is not None or not self._queue or self._closed:
            return
        spoken, shown = self._queue.popleft()
        self._current = shown
        self.announcing.emit(shown)
        mode = self.mode
        if mode == "voice":
            self._say.emit(spoken)
        elif mode == "chime" and self._chime_path and QSoundEffect is not None:
            if self._chime is None:  # made at first use, on this (the GUI) thread
                self._chime = _Chime(self._chime_path, self)
                self._chime.done.connect(self._on_done)
            self._chime.play()
        else:
            self._sequence += 1
            sequence = self._sequence
            QTimer.singleShot(SILENT_GAP_MS, self, lambda: self._silent_done(sequence))

    def _silent_done(self, sequence: int) -> None:
        if sequence == self._sequence:
            self._on_done()

    @Slot()
    def _on_done(self) -> None:
        shown, self._current = self._current, None
        if shown is not None:
            self.announced.emit(shown)
        self._next()


def _stop_thread(thread: QThread, speaker: QObject) -> None:
    if not shiboken6.isValid(thread) or not thread.isRunning():
        return
    if shiboken6.isValid(speaker):
        QTimer.singleShot(0, speaker, getattr(speaker, "stop"))  # noqa: B009 - runs on its thread
    else:
        thread.quit()
    if not thread.wait(QUIT_WAIT_MS):
        log.warning("The voice thread did not stop (a hung speech engine); leaving it be.")
        _STUCK_THREADS.append(thread)
