"""actual spending keeps what the accounting export says

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-02 16:40:00

Each transaction keeps the export's account (as written), payee/name, check or invoice number and
the row of the file it came from, so a duplicate is the same transaction on all of them. Rows
imported before keep empty details and no source row (duplicates of those are matched on date,
amount, code and memo as before).

Text stored before the one text rule (fundtracker.domain.text) could hold control characters an
accounting file had (only SQLite stored them; PostgreSQL refuses NUL): they are removed here from
the imported fields, so every workspace exports to JSON and imports again.
"""

import re

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None

_REFUSED = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f]")


def upgrade() -> None:
    with op.batch_alter_table("actual") as batch_op:
        batch_op.add_column(sa.Column("account", sa.Text(), nullable=False, server_default=""))
        batch_op.add_column(sa.Column("payee", sa.Text(), nullable=False, server_default=""))
        batch_op.add_column(sa.Column("number", sa.String(), nullable=False, server_default=""))
        batch_op.add_column(sa.Column("source_row", sa.Integer(), nullable=True))
    # The model has no server defaults (inserts always give every column): drop them again.
    with op.batch_alter_table("actual") as batch_op:
        batch_op.alter_column("account", server_default=None)
        batch_op.alter_column("payee", server_default=None)
        batch_op.alter_column("number", server_default=None)
    bind = op.get_bind()
    if bind.dialect.name == "sqlite":
        rows = bind.execute(sa.text("SELECT id, category, code, memo FROM actual")).all()
        for row in rows:
            cleaned = [_REFUSED.sub("", value or "") for value in row[1:]]
            if cleaned != list(row[1:]):
                bind.execute(
                    sa.text("UPDATE actual SET category = :c, code = :k, memo = :m WHERE id = :i"),
                    {"c": cleaned[0], "k": cleaned[1], "m": cleaned[2], "i": row[0]},
                )


def downgrade() -> None:
    with op.batch_alter_table("actual") as batch_op:
        batch_op.drop_column("source_row")
        batch_op.drop_column("number")
        batch_op.drop_column("payee")
        batch_op.drop_column("account")
