"""match from named streams; equipment purpose and procurement; fringe components

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-02 21:30:00

An application's match can come from named non-federal streams (``match_streams``, JSON list of
keys); an expense records an equipment item's purpose and procurement method; an organization
and a position can break their fringe rate into components (JSON list of {name, rate}), as the
workspace JSON writes them. Existing records have none of these.
"""

import sqlalchemy as sa
from alembic import op

revision = "0015"
down_revision = "0014"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("application") as batch_op:
        batch_op.add_column(sa.Column("match_streams", sa.Text(), nullable=False, server_default="[]"))
    with op.batch_alter_table("expense") as batch_op:
        batch_op.add_column(sa.Column("purpose", sa.Text(), nullable=False, server_default=""))
        batch_op.add_column(sa.Column("procurement_method", sa.String(), nullable=False, server_default=""))
    with op.batch_alter_table("position") as batch_op:
        batch_op.add_column(sa.Column("fringe_components", sa.Text(), nullable=False, server_default="[]"))
    with op.batch_alter_table("organization") as batch_op:
        batch_op.add_column(sa.Column("fringe_components", sa.Text(), nullable=False, server_default="[]"))


def downgrade() -> None:
    with op.batch_alter_table("organization") as batch_op:
        batch_op.drop_column("fringe_components")
    with op.batch_alter_table("position") as batch_op:
        batch_op.drop_column("fringe_components")
    with op.batch_alter_table("expense") as batch_op:
        batch_op.drop_column("procurement_method")
        batch_op.drop_column("purpose")
    with op.batch_alter_table("application") as batch_op:
        batch_op.drop_column("match_streams")
