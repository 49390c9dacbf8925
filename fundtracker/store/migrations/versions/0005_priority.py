"""positions and expenses have a priority (the order they are charged in)

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-02 16:30:00

DESIGN.md "Runway semantics (version 2)" §1: an optional integer, 1 protected first; lines
without one are charged after all that have one. Existing rows have none (version 1's order).
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    for table in ("position", "expense"):
        with op.batch_alter_table(table) as batch_op:
            batch_op.add_column(sa.Column("priority", sa.Integer(), nullable=True))


def downgrade() -> None:
    for table in ("position", "expense"):
        with op.batch_alter_table(table) as batch_op:
            batch_op.drop_column("priority")
