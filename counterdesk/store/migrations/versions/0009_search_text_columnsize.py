"""account search: the full-text index keeps no column sizes (``columnsize=0``)

FTS5 keeps each row's token count per column for its ``bm25`` ranking. CounterDesk never ranks
by it (a search asks only which accounts match, and orders them itself), and writing those
counts was about a fifth of building the index of a million accounts, which the initial load
from HQ waits on before the clerk can search. The table is made again with the option and
filled from the accounts; the triggers, which name it, are unchanged.

Revision ID: 0009
Revises: 0008
Create Date: 2026-11-21 22:30:00.000000
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

_FILL = (
    "INSERT INTO account_text (rowid, name, address) SELECT a.id, c.name, a.address "
    "FROM account AS a JOIN customer AS c ON c.id = a.customer_id"
)


def _remake(options: str) -> None:
    op.execute("DROP TABLE account_text")
    op.execute(
        f"CREATE VIRTUAL TABLE account_text USING fts5(name, address, tokenize='trigram'{options})"
    )
    op.execute(_FILL)
    op.execute("INSERT INTO account_text (account_text) VALUES ('optimize')")


def upgrade() -> None:
    _remake(", columnsize=0")


def downgrade() -> None:
    _remake("")
