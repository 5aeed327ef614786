"""The terminal's local store: SQLAlchemy models, Alembic migrations, search index, repositories."""
