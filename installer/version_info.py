"""The Windows version resource of the bundle's executables, written from the package version.

Why a text file and not PyInstaller's ``VSVersionInfo`` objects: those live in a module that needs
``pefile``, which PyInstaller installs on Windows only, and the spec must also run on the Linux
build that CI checks. The text is the format PyInstaller's ``--version-file`` reads (a Python
expression it evaluates on Windows); :func:`version_numbers` refuses a version that is not one.
"""

from __future__ import annotations

import re
from pathlib import Path

TEMPLATE = """\
# UTF-8: written by installer/version_info.py from counterdesk.__version__; do not edit.
VSVersionInfo(
  ffi=FixedFileInfo(
    filevers={numbers},
    prodvers={numbers},
    mask=0x3f,
    flags=0x0,
    OS=0x40004,
    fileType=0x1,
    subtype=0x0,
    date=(0, 0)
  ),
  kids=[
    StringFileInfo([
      StringTable(
        '080404B0',
        [StringStruct('CompanyName', 'CounterDesk'),
         StringStruct('FileDescription', {description!r}),
         StringStruct('FileVersion', {version!r}),
         StringStruct('InternalName', {name!r}),
         StringStruct('LegalCopyright', 'Proprietary'),
         StringStruct('OriginalFilename', {filename!r}),
         StringStruct('ProductName', 'CounterDesk'),
         StringStruct('ProductVersion', {version!r})])
    ]),
    VarFileInfo([VarStruct('Translation', [0x0804, 1200])])
  ]
)
"""
"""080404B0 and 0x0804, 1200: Simplified Chinese, Unicode strings."""


def version_numbers(version: str) -> tuple[int, int, int, int]:
    """``0.1.0`` → (0, 1, 0, 0): the four numbers a Windows version resource holds."""
    match = re.match(r"^(\d+)\.(\d+)(?:\.(\d+))?(?:\.(\d+))?(?:[.+-]?[A-Za-z0-9.+-]*)?$", version)
    if match is None or "+unknown" in version:
        raise ValueError(
            f"CounterDesk's version is {version!r}: install the project first (`uv sync`) so the "
            "bundle and the installer carry a real version."
        )
    numbers = tuple(int(part or 0) for part in match.groups())
    if any(number > 65535 for number in numbers):
        raise ValueError(f"Version {version!r}: each number must be at most 65535 on Windows.")
    return numbers[0], numbers[1], numbers[2], numbers[3]


def version_info_text(version: str, name: str = "counterdesk") -> str:
    return TEMPLATE.format(
        numbers=version_numbers(version),
        version=version,
        name=name,
        filename=f"{name}.exe",
        description="CounterDesk 营业厅柜台",
    )


def write_version_info(path: Path, version: str, name: str = "counterdesk") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(version_info_text(version, name), encoding="utf-8")
    return path
