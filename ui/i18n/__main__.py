"""``uv run python -m ui.i18n``: update the .ts files from the ui/*.py sources, then compile them.

lupdate keeps the translations already in a .ts file and adds new source strings as "unfinished";
translate those (Qt Linguist: ``uv run pyside6-linguist ui/i18n/counterdesk_zh_CN.ts``, or by hand)
and run this again. Exits 1 while any message is unfinished, so CI can run it as a check.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
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


def main() -> int:
    from ui.messages import write_generated

    if write_generated():
        print("ui/service_messages.py updated from the services' messages.")
    sources = sorted(str(path) for path in UI_DIR.rglob("*.py") if "i18n" not in path.parts)
    status = 0
    for language, options in LANGUAGES.items():
        ts_file = I18N_DIR / f"counterdesk_{language}.ts"
        qm_file = ts_file.with_suffix(".qm")
        subprocess.run(  # noqa: S603 - fixed tool, our own paths
            [
                _tool("pyside6-lupdate"),
                *sources,
                *options,
                "-no-obsolete",
                "-locations",
                "none",
                "-target-language",
                language,
                "-ts",
                str(ts_file),
            ],
            check=True,
        )
        subprocess.run(  # noqa: S603
            [_tool("pyside6-lrelease"), str(ts_file), "-qm", str(qm_file)], check=True
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
