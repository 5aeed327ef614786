"""A demo HQ: the city of 云溪市 made as a terminal-format file, then imported into HQ.

The demo and the million-account benchmark need an HQ full of accounts and bills. The city is
made by the terminal's seeder (:func:`counterdesk.demo.seed.seed_database`, deterministic and
tuned for a million accounts) rather than by a second generator written for HQ's tables, so the
two can never tell different stories; :func:`counterdesk.hq.importer.import_terminal_db` then
copies it into HQ the way a utility's existing data would arrive.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Final

from sqlalchemy import Engine

from counterdesk.demo.seed import seed_database
from counterdesk.hq.database import reading
from counterdesk.hq.importer import HqImportError, ImportReport, check_empty, import_terminal_db
from counterdesk.store.database import make_engine

SOURCE_NAME: Final = "hq-seed.db"
"""The terminal-format file left in ``work_dir`` (delete it when done; HQ does not need it)."""


def seed_hq(
    hq: Engine,
    *,
    accounts: int,
    seed: int = 1,
    as_of: date | None = None,
    workers: int = 1,
    work_dir: Path,
    bill_months: int | None = None,
    progress: Callable[[str, int, int], None] | None = None,
) -> ImportReport:
    """Fill an empty HQ with a seeded city of ``accounts`` accounts and return the import report.

    ``seed``, ``as_of`` and ``workers`` are :func:`~counterdesk.demo.seed.seed_database`'s (the
    same arguments give the same UUIDs and amounts); ``bill_months`` is the importer's.
    ``progress(step, done, total)`` reports ``"seed"`` (accounts made) and then ``"import"``
    (rows copied). The file is made as ``work_dir/hq-seed.db``, which must not exist yet.
    Refuses an HQ that is not empty before spending minutes on the seed.
    """
    work_dir.mkdir(parents=True, exist_ok=True)
    source = work_dir / SOURCE_NAME
    if source.exists():
        raise HqImportError(f"{source} already exists: delete it or choose another work_dir.")
    _check_empty(hq)
    engine = make_engine(source)
    try:
        seed_database(
            engine,
            accounts=accounts,
            seed=seed,
            as_of=as_of,
            workers=workers,
            progress=None if progress is None else lambda d, t: progress("seed", d, t),
        )
    finally:
        engine.dispose()
    return import_terminal_db(
        hq,
        source,
        bill_months=bill_months,
        progress=None if progress is None else lambda d, t: progress("import", d, t),
    )


def _check_empty(hq: Engine) -> None:
    with reading(hq) as connection:
        check_empty(connection)
