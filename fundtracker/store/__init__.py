"""Storage: SQLModel tables, engine and sessions, Alembic migrations, audit, JSON format."""
