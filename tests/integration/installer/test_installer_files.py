"""The installer's files agree with the code they package (fast; the real check is ci-check).

What can drift without anyone noticing until a counter PC fails: a Qt module imported in the code
but excluded by the spec, a data folder renamed, the configuration file's name or folder changed
in ``counterdesk.config`` but not in the NSIS script, a version Windows cannot hold.
"""

from __future__ import annotations

import ast
import re
import sys
from pathlib import Path

import pytest

from counterdesk import APP_NAME
from counterdesk.config.places import FILE_NAME

ROOT = Path(__file__).resolve().parents[3]
INSTALLER = ROOT / "installer"
SPEC = INSTALLER / "counterdesk.spec"
NSI = INSTALLER / "counterdesk.nsi"
CODE = ("counterdesk", "ui", "printing", "devices")

sys.path.insert(0, str(INSTALLER))
from version_info import version_info_text, version_numbers  # noqa: E402


def _spec_list(name: str) -> list[str]:
    """A module-level list of strings in the spec (UNUSED_QT, hiddenimports, …)."""
    tree = ast.parse(SPEC.read_text(encoding="utf-8"))
    for node in tree.body:
        if isinstance(node, ast.Assign) and any(
            isinstance(target, ast.Name) and target.id == name for target in node.targets
        ):
            return list(ast.literal_eval(node.value))
    raise AssertionError(f"no {name} = [...] in {SPEC}")


def _qt_modules_used() -> set[str]:
    pattern = re.compile(r"PySide6\.(Qt[A-Za-z0-9]+)")
    return {
        match
        for package in CODE
        for path in (ROOT / package).rglob("*.py")
        for match in pattern.findall(path.read_text(encoding="utf-8"))
    }


def test_the_spec_excludes_no_qt_module_the_code_imports() -> None:
    used = _qt_modules_used()
    assert {"QtCore", "QtGui", "QtWidgets"} <= used
    assert not used & set(_spec_list("UNUSED_QT"))


def test_the_spec_bundles_the_data_folders_the_code_reads() -> None:
    spec = SPEC.read_text(encoding="utf-8")
    folders = re.findall(r'tree\("([^"]+)", "([^"]+)"\)', spec)
    assert {folder for folder, _ in folders} >= {
        "counterdesk/store/migrations",
        "counterdesk/hq/migrations",
        "ui/i18n",
        "ui/icons",
    }
    for folder, pattern in folders:
        assert list((ROOT / folder).rglob(pattern)), f"{folder}/{pattern} matches nothing"
    assert spec.count("upx=False") == 2  # the executables and the folder
    assert "COLLECT(" in spec
    assert "entry.py" in spec


def test_the_nsis_script_puts_the_configuration_where_the_app_reads_it() -> None:
    nsi = NSI.read_text(encoding="utf-8")
    assert re.search(r'^!define APP "([^"]+)"', nsi, re.M)[1] == APP_NAME  # type: ignore[index]
    assert re.search(r'^!define CONFIG_NAME "([^"]+)"', nsi, re.M)[1] == FILE_NAME  # type: ignore[index]
    # $APPDATA is ProgramData (platformdirs' site_config_dir) only under SetShellVarContext all
    for function in ("Function .onInit", "Function un.onInit"):
        body = nsi.split(function, 1)[1].split("FunctionEnd", 1)[0]
        assert "SetShellVarContext all" in body, function
    assert 'CopyFiles /SILENT "$ConfigFile" "$APPDATA\\${APP}\\${CONFIG_NAME}"' in nsi


def test_the_nsis_script_essentials() -> None:
    nsi = NSI.read_text(encoding="utf-8")
    assert nsi.startswith(";")
    assert "\nUnicode True\n" in nsi
    languages = re.findall(r'!insertmacro MUI_LANGUAGE "(\w+)"', nsi)
    assert languages == ["SimpChinese", "English"]
    assert "RequestExecutionLevel admin" in nsi
    assert 'InstallDir "$PROGRAMFILES64\\${APP}"' in nsi
    assert '"$INSTDIR\\${EXE}" "open"' in nsi  # the shortcuts open the counter
    data = nsi.split('Section /o "un.$(DataSection)" SecData', 1)[1]
    assert "RMDir /r" in data  # deleting data is the unticked (/o) section ...
    assert "SectionSetFlags ${SecData} ${SF_SELECTED}" in nsi.split("un.onInit", 1)[1]  # ... /PURGE


def test_the_version_resource_is_a_python_expression_with_four_numbers() -> None:
    text = version_info_text("1.4.2")
    call = ast.parse(text, mode="exec").body[0]
    assert isinstance(call, ast.Expr)
    assert isinstance(call.value, ast.Call)
    assert "filevers=(1, 4, 2, 0)" in text
    assert "'ProductVersion', '1.4.2'" in text
    assert version_numbers("2.0") == (2, 0, 0, 0)
    assert version_numbers("1.2.3.4") == (1, 2, 3, 4)


@pytest.mark.parametrize("version", ["0.0.0+unknown", "dev", "1.70000.0"])
def test_a_version_windows_cannot_hold_is_refused(version: str) -> None:
    with pytest.raises(ValueError, match="ersion"):
        version_numbers(version)


def test_the_icon_holds_every_windows_size_drawn_from_the_apps_svg(
    qapp: object, tmp_path: Path
) -> None:
    from icon import SIZES, make_ico
    from PIL import Image

    out = tmp_path / "counterdesk.ico"
    assert make_ico(out) == SIZES
    for size in (16, 32, 256):
        with Image.open(out) as ico:
            ico.size = (size, size)
            picture = ico.convert("RGBA")
        assert picture.size == (size, size)
        # The blue of the app's buttons left of the bolt, above the counter; clear corners.
        assert picture.getpixel((size * 40 // 256, size // 2))[:3] == (0x15, 0x70, 0xEF)
        assert picture.getpixel((0, 0))[3] == 0
    nsi = NSI.read_text(encoding="utf-8")
    assert '!define MUI_ICON "${ICON}"' in nsi
    assert "icon=str(ICON) if WINDOWS else None" in SPEC.read_text(encoding="utf-8")


def test_every_window_carries_the_apps_icon(qapp: object, monkeypatch: pytest.MonkeyPatch) -> None:
    import threading

    from PySide6.QtWidgets import QApplication

    from ui.app import ICON, start_application

    assert ICON.is_file()
    monkeypatch.setattr(sys, "excepthook", sys.excepthook)  # start_application installs its own
    monkeypatch.setattr(threading, "excepthook", threading.excepthook)
    app, _language = start_application("en")
    assert isinstance(app, QApplication)
    assert not app.windowIcon().isNull()
    assert app.windowIcon().pixmap(32, 32).toImage().pixelColor(6, 16).name() == "#1570ef"
