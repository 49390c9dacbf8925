"""funding streams can list outcomes and depend on another stream

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-02 17:00:00

DESIGN.md "Runway semantics (version 2)" §3: an uncertain stream may list outcomes (probability,
amount, delay in months) instead of one probability, and depend on one other stream. Both are
kept as the workspace JSON writes them, one text column each: "[]" and NULL mean none.
"""

import sqlalchemy as sa
from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("funding_stream") as batch_op:
        batch_op.add_column(sa.Column("outcomes", sa.Text(), nullable=False, server_default="[]"))
        batch_op.add_column(sa.Column("depend_on", sa.Text(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("funding_stream") as batch_op:
        batch_op.drop_column("depend_on")
        batch_op.drop_column("outcomes")
