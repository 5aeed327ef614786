"""Reading, merging, checking and writing ``counterdesk.toml`` on real files.

Every refusal must name the file and the key (and the line where it can be found), because IT
fixes the file on a hall PC from that one line of text.
"""

from __future__ import annotations

import tomllib
from pathlib import Path

import pytest

from counterdesk.cli_config import load_checked
from counterdesk.config.files import ConfigError, load
from counterdesk.config.schema import DEVICE_KINDS, ENCODINGS, LANGUAGES, PAPER_WIDTHS
from counterdesk.config.writer import update_table
from devices.config import DeviceKind
from printing.profile import Encoding
from printing.slip import Paper
from tests.integration.config.conftest import Files

GOOD = """\
# Window 3 of the 幸福路 hall — rolled out by IT
[terminal]
id = "T03"
hall = "幸福路营业厅"
window = 3          # the window above the counter
language = "zh_CN"

[server]
hall = "http://192.168.1.10:8750"
hq = "https://hq.example.cn"

[printers.receipt]
address = "tcp://192.168.1.53:9100"
paper = 80

[devices.keypad]
kind = "caller_keypad"
port = "COM3"
address = 3
"""


def problems_of(files: Files) -> list[str]:
    loaded = load_checked(files.where)
    assert not loaded.ok
    return [str(problem) for problem in loaded.problems]


def one_problem(files: Files, text: str) -> str:
    files.machine.write_text(text, encoding="utf-8")
    problems = problems_of(files)
    assert len(problems) == 1, problems
    return problems[0]


def test_no_file_is_the_defaults(files: Files) -> None:
    loaded = load_checked(files.where)
    assert loaded.ok
    config = loaded.require()
    assert config.terminal.window is None
    assert config.printers == {}
    assert [state.exists for state in loaded.files] == [False, False]


def test_a_good_file_reads(files: Files) -> None:
    files.machine.write_text(GOOD, encoding="utf-8")
    config = load_checked(files.where).require()
    assert config.terminal.id == "T03"
    assert config.terminal.window == 3
    assert config.server.hall == "http://192.168.1.10:8750"
    assert config.printers["receipt"].address == "tcp://192.168.1.53:9100"
    assert config.devices["keypad"].address == 3


def test_unknown_key_is_named_with_a_suggestion(files: Files) -> None:
    text = GOOD.replace("window = 3 ", "windw = 3 ")
    problem = one_problem(files, text)
    assert problem.startswith(f"[terminal].windw in {files.machine}, line 5: unknown key")
    assert "did you mean window?" in problem


def test_unknown_section_is_named(files: Files) -> None:
    problem = one_problem(files, GOOD + '\n[printer.kiosk]\naddress = "virtual:kiosk"\n')
    assert problem.startswith(f"[printer] in {files.machine}, line 21: unknown key")


def test_wrong_type_is_named(files: Files) -> None:
    problem = one_problem(files, GOOD.replace("window = 3 ", 'window = "3"'))
    assert problem.startswith(f"[terminal].window in {files.machine}, line 5:")
    assert 'valid integer, not "3"' in problem


def test_bad_language_is_named(files: Files) -> None:
    problem = one_problem(files, GOOD.replace('"zh_CN"', '"fr"'))
    assert problem.startswith(f"[terminal].language in {files.machine}, line 6:")
    assert "'zh_CN' or 'en'" in problem


def test_bad_url_is_named(files: Files) -> None:
    problem = one_problem(files, GOOD.replace("http://192.168.1.10:8750", "192.168.1.10:8750"))
    assert problem.startswith(f"[server].hall in {files.machine}, line 9:")
    assert "http:// or https://" in problem


def test_bad_terminal_code_is_named(files: Files) -> None:
    problem = one_problem(files, GOOD.replace('"T03"', '"t-03"'))
    assert problem.startswith(f"[terminal].id in {files.machine}, line 3:")
    assert "capital letters or digits" in problem


def test_bad_printer_address_is_named_by_printing(files: Files) -> None:
    problem = one_problem(files, GOOD.replace("tcp://192.168.1.53:9100", "192.168.1.53:9100"))
    assert problem.startswith(f"[printers.receipt].address in {files.machine}, line 13:")
    assert "A network printer is written tcp://192.168.1.53:9100" in problem


def test_bad_device_port_is_named_by_devices(files: Files) -> None:
    problem = one_problem(files, GOOD.replace('port = "COM3"', 'port = "COM 3"'))
    assert problem.startswith(f"[devices.keypad].port in {files.machine}, line 18:")
    assert "no spaces" in problem


def test_bad_device_kind_is_named(files: Files) -> None:
    problem = one_problem(files, GOOD.replace('"caller_keypad"', '"keypad"'))
    assert problem.startswith(f"[devices.keypad].kind in {files.machine}, line 17:")
    assert "'caller_keypad'" in problem


def test_device_rules_across_devices_are_checked(files: Files) -> None:
    text = GOOD + '\n[devices.strip]\nkind = "led_strip"\nport = "COM3"\naddress = 1\n'
    problem = one_problem(files, text)
    assert problem.startswith(f"[devices] in {files.machine}")
    assert "different protocols" in problem


def test_every_problem_is_listed_at_once(files: Files) -> None:
    text = (
        GOOD.replace("window = 3 ", "windw = 3 ")
        .replace('"zh_CN"', '"fr"')
        .replace("tcp://192.168.1.53:9100", "tcp//x")
        .replace('"caller_keypad"', '"keypad"')
    )
    files.machine.write_text(text, encoding="utf-8")
    keys = [problem.split(" in ")[0] for problem in problems_of(files)]
    assert sorted(keys) == sorted(
        ["[terminal].windw", "[terminal].language", "[printers.receipt].address",
         "[devices.keypad].kind"]
    )  # fmt: skip


def test_toml_syntax_error_names_file_and_line(files: Files) -> None:
    files.machine.write_text(GOOD.replace("window = 3 ", "window = "), encoding="utf-8")
    problem = one_problem(files, files.machine.read_text(encoding="utf-8"))
    assert problem.startswith(f"{files.machine}, line 5: is not valid TOML")


def test_a_file_that_is_not_utf8_is_named(files: Files) -> None:
    raw = GOOD.encode("gbk")
    files.machine.write_bytes(raw)
    first = next(index for index, byte in enumerate(raw) if byte >= 0x80)
    assert problems_of(files) == [
        f"{files.machine}: is not UTF-8 text (byte {first}); save it as UTF-8"
    ]


def test_an_unreadable_file_is_named(files: Files) -> None:
    files.machine.mkdir()  # a folder where the file should be: read_bytes fails as for a lock
    assert problems_of(files) == [f"{files.machine}: cannot be read (Is a directory)"]


def test_user_file_overrides_machine_file_key_by_key(files: Files) -> None:
    files.machine.write_text(GOOD, encoding="utf-8")
    files.user.parent.mkdir(parents=True)
    files.user.write_text(
        '[terminal]\nlanguage = "en"\n\n[devices.keypad]\naddress = 4\n\n'
        '[printers.kiosk]\naddress = "virtual:kiosk"\npaper = 58\n',
        encoding="utf-8",
    )
    config = load_checked(files.where).require()
    assert config.terminal.language == "en"  # from the user's file
    assert config.terminal.window == 3  # kept from the machine's
    assert config.terminal.id == "T03"
    keypad = config.devices["keypad"]
    assert (keypad.kind, keypad.port, keypad.address) == ("caller_keypad", "COM3", 4)
    assert set(config.printers) == {"receipt", "kiosk"}


def test_a_problem_names_the_file_that_set_the_key(files: Files) -> None:
    files.machine.write_text(GOOD, encoding="utf-8")
    files.user.parent.mkdir(parents=True)
    files.user.write_text("# mine\n[devices.keypad]\naddress = 300\n", encoding="utf-8")
    assert problems_of(files) == [
        f"[devices.keypad].address in {files.user}, line 3: input should be less than or "
        "equal to 254, not 300"
    ]


def test_a_required_key_missing_names_the_table(files: Files) -> None:
    files.machine.write_text("[printers.receipt]\npaper = 58\n", encoding="utf-8")
    assert problems_of(files) == [
        f"[printers.receipt].address in {files.machine}, line 1: is missing; it is required"
    ]


def test_a_broken_user_file_is_a_problem_not_ignored(files: Files) -> None:
    files.machine.write_text(GOOD, encoding="utf-8")
    files.user.parent.mkdir(parents=True)
    files.user.write_text("[terminal\n", encoding="utf-8")
    problems = problems_of(files)
    assert len(problems) == 1
    assert problems[0].startswith(f"{files.user}, line 1: is not valid TOML")
    with pytest.raises(ConfigError):
        load(files.where).require()


def test_update_keeps_comments_order_and_other_tables(files: Files) -> None:
    files.machine.write_text(GOOD, encoding="utf-8")
    changed = update_table(
        files.machine,
        ("devices", "keypad"),
        {"kind": "caller_keypad", "port": "COM4", "address": 3, "enabled": True},
    )
    assert changed
    text = files.machine.read_text(encoding="utf-8")
    assert text.startswith("# Window 3 of the 幸福路 hall — rolled out by IT\n[terminal]\n")
    assert "window = 3          # the window above the counter\n" in text
    assert 'port = "COM4"\naddress = 3\nenabled = true\n' in text
    assert tomllib.loads(text)["printers"]["receipt"]["paper"] == 80
    assert not update_table(
        files.machine,
        ("devices", "keypad"),
        {"kind": "caller_keypad", "port": "COM4", "address": 3, "enabled": True},
    )


def test_update_makes_the_user_file_and_its_folder(files: Files) -> None:
    update_table(files.user, ("devices", "reader"), {"kind": "card_reader", "port": "keyboard"})
    assert tomllib.loads(files.user.read_text(encoding="utf-8")) == {
        "devices": {"reader": {"kind": "card_reader", "port": "keyboard"}}
    }
    assert files.user.read_text(encoding="utf-8").startswith("[devices.reader]\n")
    assert update_table(files.user, ("devices", "reader"), None)
    assert tomllib.loads(files.user.read_text(encoding="utf-8")) == {}


def test_update_refuses_to_write_an_invalid_file_and_changes_nothing(files: Files) -> None:
    files.machine.write_text(GOOD, encoding="utf-8")
    with pytest.raises(ConfigError) as raised:
        update_table(files.machine, ("devices", "keypad"), {"kind": "keypad", "port": "COM3"})
    assert str(raised.value).startswith(f"[devices.keypad].kind in {files.machine}, line 17:")
    assert files.machine.read_text(encoding="utf-8") == GOOD
    assert [p.name for p in files.machine.parent.iterdir()] == ["counterdesk.toml"]


def test_update_refuses_a_file_that_does_not_parse(files: Files) -> None:
    files.user.parent.mkdir(parents=True)
    files.user.write_text("[devices.keypad\n", encoding="utf-8")
    with pytest.raises(ConfigError):
        update_table(files.user, ("devices", "keypad"), {"kind": "evaluator", "port": "COM3"})
    assert files.user.read_text(encoding="utf-8") == "[devices.keypad\n"


def test_schema_choices_match_printing_and_devices() -> None:
    assert set(DEVICE_KINDS) == {kind.value for kind in DeviceKind}
    assert set(ENCODINGS) == {encoding.value for encoding in Encoding}
    assert set(PAPER_WIDTHS) == {paper.millimetres for paper in Paper}
    assert LANGUAGES == ("zh_CN", "en")


def test_locations_without_the_variable_are_platformdirs(monkeypatch: pytest.MonkeyPatch) -> None:
    import platformdirs

    from counterdesk.config.places import locations

    monkeypatch.delenv("COUNTERDESK_CONFIG", raising=False)
    found = locations()
    assert not found.explicit
    site = Path(platformdirs.site_config_dir("CounterDesk", appauthor=False))
    assert found.machine == site / "counterdesk.toml"
    assert found.user.name == "counterdesk.toml"
    assert found.user.parent == Path(platformdirs.user_config_dir("CounterDesk", appauthor=False))
