"""The terminal's configuration file, ``counterdesk.toml`` (issue 9).

One TOML file per terminal says who it is (terminal code, hall, window, language, database), where
its servers are, and its printers and devices. :mod:`~counterdesk.config.files` finds and reads
the machine's and the user's files and checks them together
(:mod:`~counterdesk.config.schema`); :mod:`~counterdesk.config.writer` changes one table of a
file for the settings pages. Printer addresses and device ports are checked by ``printing`` and
``devices``, through the composition root :mod:`counterdesk.cli_config`, because this package
must not import them.
"""

from counterdesk.config.files import (
    CONFIG_ENV_VAR,
    FILE_NAME,
    ConfigError,
    FileState,
    Loaded,
    Locations,
    Problem,
    load,
    locations,
)
from counterdesk.config.schema import (
    DeviceSection,
    PrinterSection,
    ServerSection,
    TerminalConfig,
    TerminalSection,
)
from counterdesk.config.writer import settings_files, update_table, write_settings_to

__all__ = [
    "CONFIG_ENV_VAR",
    "FILE_NAME",
    "ConfigError",
    "DeviceSection",
    "FileState",
    "Loaded",
    "Locations",
    "PrinterSection",
    "Problem",
    "ServerSection",
    "TerminalConfig",
    "TerminalSection",
    "load",
    "locations",
    "settings_files",
    "update_table",
    "write_settings_to",
]
