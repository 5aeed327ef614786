"""Account search index: FTS5 trigram over name and address, two-character name grams.

A frozen copy of the DDL in counterdesk/store/search_index.py as it stood for this revision
(migrations never import live code; tests/integration/test_migrations.py checks they agree).
Accounts that exist when this runs are indexed by the backfill at the end.

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-21
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0002"
down_revision: str | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


TABLES = (
    "CREATE VIRTUAL TABLE account_text USING fts5(name, address, tokenize='trigram')",
    "CREATE TABLE search_position (i INTEGER PRIMARY KEY)",
    "WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 64) INSERT INTO search_position (i) SELECT i FROM n",
    "CREATE TABLE account_name_gram (gram TEXT NOT NULL, rank INTEGER NOT NULL, account_id INTEGER NOT NULL, PRIMARY KEY (gram, rank, account_id)) WITHOUT ROWID",
)


TRIGGERS = (
    "CREATE TRIGGER account_search_insert AFTER INSERT ON account BEGIN INSERT INTO account_text (rowid, name, address) VALUES (NEW.id, (SELECT name FROM customer WHERE id = NEW.customer_id), NEW.address); INSERT OR IGNORE INTO account_name_gram (gram, rank, account_id) SELECT lower(substr((SELECT name FROM customer WHERE id = NEW.customer_id), p.i, 2)), CASE WHEN length((SELECT name FROM customer WHERE id = NEW.customer_id)) = 2 THEN 0 WHEN p.i = 1 THEN 1 ELSE 2 END, NEW.id FROM search_position AS p WHERE p.i < length((SELECT name FROM customer WHERE id = NEW.customer_id)); END",
    "CREATE TRIGGER account_search_delete AFTER DELETE ON account BEGIN DELETE FROM account_text WHERE rowid = OLD.id; DELETE FROM account_name_gram WHERE account_id = OLD.id AND rank IN (0, 1, 2) AND gram IN (SELECT lower(substr((SELECT name FROM customer WHERE id = OLD.customer_id), p.i, 2)) FROM search_position AS p WHERE p.i < length((SELECT name FROM customer WHERE id = OLD.customer_id))); END",
    "CREATE TRIGGER account_search_update AFTER UPDATE OF address, customer_id ON account BEGIN UPDATE account_text SET name = (SELECT name FROM customer WHERE id = NEW.customer_id), address = NEW.address WHERE rowid = NEW.id; DELETE FROM account_name_gram WHERE account_id = OLD.id AND rank IN (0, 1, 2) AND gram IN (SELECT lower(substr((SELECT name FROM customer WHERE id = OLD.customer_id), p.i, 2)) FROM search_position AS p WHERE p.i < length((SELECT name FROM customer WHERE id = OLD.customer_id))); INSERT OR IGNORE INTO account_name_gram (gram, rank, account_id) SELECT lower(substr((SELECT name FROM customer WHERE id = NEW.customer_id), p.i, 2)), CASE WHEN length((SELECT name FROM customer WHERE id = NEW.customer_id)) = 2 THEN 0 WHEN p.i = 1 THEN 1 ELSE 2 END, NEW.id FROM search_position AS p WHERE p.i < length((SELECT name FROM customer WHERE id = NEW.customer_id)); END",
    "CREATE TRIGGER customer_search_rename AFTER UPDATE OF name ON customer BEGIN UPDATE account_text SET name = NEW.name WHERE rowid IN (SELECT id FROM account WHERE customer_id = NEW.id); DELETE FROM account_name_gram WHERE rank IN (0, 1, 2) AND account_id IN (SELECT id FROM account WHERE customer_id = NEW.id) AND gram IN (SELECT lower(substr(OLD.name, p.i, 2)) FROM search_position AS p WHERE p.i < length(OLD.name)); INSERT OR IGNORE INTO account_name_gram (gram, rank, account_id) SELECT lower(substr(NEW.name, p.i, 2)), CASE WHEN length(NEW.name) = 2 THEN 0 WHEN p.i = 1 THEN 1 ELSE 2 END, a.id FROM account AS a JOIN search_position AS p ON p.i < length(NEW.name) WHERE a.customer_id = NEW.id; END",
)


BACKFILL = (
    "INSERT INTO account_text (rowid, name, address) "
    "SELECT a.id, c.name, a.address FROM account AS a JOIN customer AS c ON c.id = a.customer_id",
    "INSERT OR IGNORE INTO account_name_gram (gram, rank, account_id) "
    "SELECT lower(substr(c.name, p.i, 2)), "
    "CASE WHEN length(c.name) = 2 THEN 0 WHEN p.i = 1 THEN 1 ELSE 2 END, a.id "
    "FROM account AS a JOIN customer AS c ON c.id = a.customer_id "
    "JOIN search_position AS p ON p.i < length(c.name)",
)


def upgrade() -> None:
    for statement in (*TABLES, *TRIGGERS, *BACKFILL):
        op.execute(statement)


def downgrade() -> None:
    for name in (
        "account_search_insert",
        "account_search_delete",
        "account_search_update",
        "customer_search_rename",
    ):
        op.execute(f"DROP TRIGGER IF EXISTS {name}")
    for table in ("account_name_gram", "search_position", "account_text"):
        op.execute(f"DROP TABLE IF EXISTS {table}")
