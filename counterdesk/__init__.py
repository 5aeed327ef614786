"""CounterDesk: one-stop counter software for utility service halls (一站式服务).

The core package holds the domain rules, the local store, services, sync, server and CLI. It never
imports Qt, ``ui``, ``printing`` or ``devices``; the composition roots named in ARCHITECTURE.md are
the only exception, and import-linter enforces it.
"""

from importlib.metadata import PackageNotFoundError, version
from typing import Final

APP_NAME: Final = "CounterDesk"
"""The name of the per-user and machine-wide folders (data, configuration, logs)."""

try:
    __version__ = version("counterdesk")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0.0.0+unknown"
