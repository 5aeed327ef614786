"""Build CounterDesk for this platform: the PyInstaller one-folder bundle, then the installer.

Run through ``installer/build`` (``uv run python installer/build.py``). The bundle goes to
``dist/counterdesk/`` (PyInstaller's work files to ``build/installer/``); where ``makensis`` is
on the PATH, the NSIS script is compiled against it into ``dist/CounterDesk-<version>-setup.exe``.
On Linux that installer carries Linux binaries and is of no use, but compiling it proves the
script and the bundle's layout agree (CI does that with ``--quick``); the real one is built on
Windows (``.github/workflows/windows-installer.yml``).
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
INSTALLER = ROOT / "installer"
SPEC = INSTALLER / "counterdesk.spec"
NSI = INSTALLER / "counterdesk.nsi"
WORK = ROOT / "build" / "installer"
DIST = ROOT / "dist"
BUNDLE = DIST / "counterdesk"

sys.path[:0] = [str(ROOT), str(INSTALLER)]
from version_info import version_numbers  # noqa: E402


class BuildError(RuntimeError):
    """A step failed; the message says which and where its output is."""


def say(text: str) -> None:
    print(f"[build] {text}", flush=True)


def package_version() -> str:
    from counterdesk import __version__

    try:
        version_numbers(__version__)
    except ValueError as error:
        raise BuildError(str(error)) from error
    return __version__


def run(command: list[str], log: Path, what: str) -> None:
    """Run ``command`` with its output in ``log``; a failure names the log and shows its end."""
    log.parent.mkdir(parents=True, exist_ok=True)
    started = time.monotonic()
    with log.open("w", encoding="utf-8") as out:
        done = subprocess.run(command, stdout=out, stderr=subprocess.STDOUT, cwd=ROOT, check=False)  # noqa: S603
    if done.returncode != 0:
        tail = "\n".join(log.read_text(encoding="utf-8", errors="replace").splitlines()[-25:])
        raise BuildError(
            f"{what} failed (exit {done.returncode}); the last lines of {log}:\n{tail}"
        )
    say(f"{what} done in {time.monotonic() - started:.0f} s (log: {log.relative_to(ROOT)})")


def build_bundle(clean: bool) -> Path:
    say(f"PyInstaller: {SPEC.relative_to(ROOT)} -> {BUNDLE.relative_to(ROOT)}/")
    command = [sys.executable, "-m", "PyInstaller", "--noconfirm", "--log-level", "WARN",
               "--distpath", str(DIST), "--workpath", str(WORK), str(SPEC)]  # fmt: skip
    if clean:
        command.insert(3, "--clean")
    run(command, WORK / "pyinstaller.log", "PyInstaller")
    exe = BUNDLE / ("counterdesk.exe" if sys.platform == "win32" else "counterdesk")
    if not exe.is_file():
        raise BuildError(f"PyInstaller reported success but {exe} is not there.")
    return BUNDLE


def build_installer(version: str, *, quick: bool, out: Path | None) -> Path | None:
    makensis = shutil.which("makensis")
    if makensis is None:
        say(
            "makensis not found: no installer built (apt-get install nsis, or on Windows "
            "choco install nsis / the NSIS installer from nsis.sourceforge.io)"
        )
        return None
    target = (out or DIST / f"CounterDesk-{version}-setup.exe").resolve()  # makensis cds away
    numbers = ".".join(str(number) for number in version_numbers(version))
    # "-" options: makensis takes them on every platform ("/" only on Windows). The icon was
    # drawn by the spec (installer/icon.py).
    command = [makensis, "-V2", "-WX", f"-DVERSION={version}", f"-DVI_VERSION={numbers}",
               f"-DBUNDLE={BUNDLE}", f"-DOUTFILE={target}",
               f"-DICON={WORK / 'counterdesk.ico'}"]  # fmt: skip
    if quick:
        command.append("-DQUICK")
    command.append(str(NSI))
    say(
        f"makensis: {NSI.relative_to(ROOT)} -> {target}"
        + (" (uncompressed check)" if quick else "")
    )
    run(command, WORK / "makensis.log", "makensis")
    return target


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="installer/build", description=__doc__.splitlines()[0])
    parser.add_argument("--clean", action="store_true", help="Start PyInstaller from scratch.")
    parser.add_argument("--no-installer", action="store_true", help="Build the bundle only.")
    parser.add_argument(
        "--quick", action="store_true", help="Compile the NSIS script uncompressed (a check)."
    )
    parser.add_argument(
        "--installer-out",
        type=Path,
        default=None,
        help="Where to write the installer (default: dist/CounterDesk-VERSION-setup.exe).",
    )
    args = parser.parse_args(argv)
    try:
        version = package_version()
        say(f"CounterDesk {version} on {sys.platform}, Python {sys.version.split()[0]}")
        bundle = build_bundle(args.clean)
        say(f"bundle: {bundle}")
        if not args.no_installer:
            installer = build_installer(version, quick=args.quick, out=args.installer_out)
            if installer is not None:
                say(f"installer: {installer}")
    except BuildError as error:
        print(f"[build] FAILED: {error}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
