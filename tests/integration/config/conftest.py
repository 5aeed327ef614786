"""The configuration files of these tests: in ``tmp_path``, found as the app finds them.

``$COUNTERDESK_CONFIG`` names the machine file and ``$XDG_CONFIG_HOME`` moves the user's config
folder (platformdirs reads both on every call), so nothing here touches the real ``/etc/xdg`` or
``~/.config``.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pytest

from counterdesk.config.places import CONFIG_ENV_VAR, Locations, locations


@dataclass(frozen=True)
class Files:
    machine: Path
    user: Path

    @property
    def where(self) -> Locations:
        return Locations(self.machine, self.user, explicit=True)


@pytest.fixture
def files(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Files:
    machine = tmp_path / "ProgramData" / "counterdesk.toml"
    machine.parent.mkdir()
    monkeypatch.setenv(CONFIG_ENV_VAR, str(machine))
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "home-config"))
    found = locations()
    assert found.machine == machine
    assert found.user == tmp_path / "home-config" / "CounterDesk" / "counterdesk.toml"
    return Files(machine, found.user)
