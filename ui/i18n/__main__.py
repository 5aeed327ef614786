"""``uv run python -m ui.i18n``: update the .ts files from the ui/*.py sources, then compile them.

lupdate keeps the translations already in a .ts file and adds new source strings as "unfinished";
translate those (Qt Linguist: ``uv run pyside6-linguist ui/i18n/counterdesk_zh_CN.ts``, or by hand)
and run this again. Exits 1 while any message is unfinished.

``--check`` (CI) changes nothing: it fails when the sources hold strings the ``.ts`` files lack,
when a translation is unfinished (``pyside6-lrelease -fail-on-unfinished``), or when a committed
``.qm`` is stale.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Final

I18N_DIR: Final = Path(__file__).resolve().parent
UI_DIR: Final = I18N_DIR.parent
LANGUAGES: Final = {"zh_CN": (), "en": ("-pluralonly",)}
"""Each language and its extra lupdate options. English is the source language: its file holds only
the plural forms ("1 account", "2 accounts"), which the source strings write as "account(s)"."""


def _tool(name: str) -> str:
    """The PySide6 tool installed beside this Python (the project's virtual environment)."""
    found = shutil.which(name, path=str(Path(sys.executable).parent)) or shutil.which(name)
    if found is None:
        raise SystemExit(f"{name} not found: run this with `uv run python -m ui.i18n`.")
    return found


def unfinished(ts_file: Path) -> list[str]:
    """Source texts of the messages in ``ts_file`` that have no finished translation."""
    root = ET.parse(ts_file).getroot()  # noqa: S314 - our own file
    missing = []
    for message in root.iter("message"):
        translation = message.find("translation")
        source = message.findtext("source", "")
        if translation is None or translation.get("type") in ("unfinished", "vanished"):
            missing.append(source)
            continue
        forms = [form.text or "" for form in translation.findall("numerusform")]
        if not all(text.strip() for text in forms or [translation.text or ""]):
            missing.append(source)
    return missing


def _update(ts_file: Path, language: str, sources: list[str]) -> None:
    """lupdate: add the sources' new strings to ``ts_file`` as unfinished, keep the rest."""
    subprocess.run(  # noqa: S603 - fixed tool, our own paths
        [
            _tool("pyside6-lupdate"),
            *sources,
            *LANGUAGES[language],
            "-no-obsolete",
            "-locations",
            "none",
            "-target-language",
            language,
            "-ts",
            str(ts_file),
        ],
        check=True,
        capture_output=True,
    )


def _release(ts_file: Path, qm_file: Path) -> bool:
    """lrelease with ``-fail-on-unfinished``: False (and lrelease's own message) when a
    message of ``ts_file`` has no finished translation."""
    done = subprocess.run(  # noqa: S603 - fixed tool, our own paths
        [_tool("pyside6-lrelease"), "-fail-on-unfinished", str(ts_file), "-qm", str(qm_file)],
        check=False,
        capture_output=True,
        text=True,
    )
    if done.returncode != 0:
        print(done.stdout + done.stderr, file=sys.stderr)
    return done.returncode == 0


def messages(ts_file: Path) -> set[tuple[str, str]]:
    """(context, source) of every message in ``ts_file``."""
    root = ET.parse(ts_file).getroot()  # noqa: S314 - our own file
    return {
        (context.findtext("name", ""), message.findtext("source", ""))
        for context in root.iter("context")
        for message in context.iter("message")
    }


def _sources() -> list[str]:
    return sorted(str(path) for path in UI_DIR.rglob("*.py") if "i18n" not in path.parts)


def check() -> int:
    """CI's check, changing nothing in the tree: the ``.ts`` files hold exactly the strings the
    sources use, every one is translated (``lrelease -fail-on-unfinished``), and the committed
    ``.qm`` files are what those ``.ts`` files compile to."""
    status = 0
    with tempfile.TemporaryDirectory() as scratch:
        for language in LANGUAGES:
            ts_file = I18N_DIR / f"counterdesk_{language}.ts"
            copy = Path(scratch) / ts_file.name
            shutil.copyfile(ts_file, copy)
            _update(copy, language, _sources())
            added = messages(copy) - messages(ts_file)
            if added:
                status = 1
                print(f"{ts_file.name}: {len(added)} string(s) in the sources are not in it, "
                      "e.g. " + "; ".join(f"{c}: {s!r}" for c, s in sorted(added)[:5]),
                      file=sys.stderr)  # fmt: skip
            qm_copy = copy.with_suffix(".qm")
            if not _release(ts_file, qm_copy):
                status = 1
                print(f"{ts_file.name}: unfinished translations (see above).", file=sys.stderr)
            elif qm_copy.read_bytes() != ts_file.with_suffix(".qm").read_bytes():
                status = 1
                print(f"{ts_file.with_suffix('.qm').name} is not what {ts_file.name} compiles "
                      "to.", file=sys.stderr)  # fmt: skip
    if status:
        print("Run `uv run python -m ui.i18n`, translate what it lists, and commit the .ts and "
              ".qm files.", file=sys.stderr)  # fmt: skip
    else:
        print(f"Translations complete: {', '.join(LANGUAGES)}.")
    return status


def main(argv: list[str] | None = None) -> int:
    if "--check" in (sys.argv[1:] if argv is None else argv):
        return check()
    from ui.messages import write_generated

    if write_generated():
        print("ui/service_messages.py updated from the services' messages.")
    status = 0
    for language in LANGUAGES:
        ts_file = I18N_DIR / f"counterdesk_{language}.ts"
        _update(ts_file, language, _sources())
        qm_file = ts_file.with_suffix(".qm")
        if not _release(ts_file, qm_file):
            subprocess.run(  # noqa: S603 - an unfinished file still compiles for trying it out
                [_tool("pyside6-lrelease"), str(ts_file), "-qm", str(qm_file)],
                check=True,
                capture_output=True,
            )
        missing = unfinished(ts_file)
        if missing:
            status = 1
            print(f"{ts_file.name}: {len(missing)} message(s) to translate:", file=sys.stderr)
            for source in missing:
                print(f"  {source}", file=sys.stderr)
    return status


if __name__ == "__main__":
    raise SystemExit(main())
