"""account → category mappings kept in the workspace; late bills keep their date and post to an open month

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-02 21:10:00

``account_category`` holds, per accounting file layout, which SF-424A category each account
belongs to (edited as a table; an import reads it instead of guessing from the account's words).
``actual.posted`` is the day a late bill counts on when its own date is in a locked month: the
first day of the first open month (NULL: it counts on its own date).
"""

import sqlalchemy as sa
from alembic import op

revision = "0018"
down_revision = "0017"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "account_category",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("layout", sa.String(), nullable=False),
        sa.Column("account", sa.Text(), nullable=False),
        sa.Column("category", sa.String(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("key"),
        sa.UniqueConstraint("layout", "account", name="uq_account_category_layout_account"),
    )
    with op.batch_alter_table("actual") as batch_op:
        batch_op.add_column(sa.Column("posted", sa.Date(), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table("actual") as batch_op:
        batch_op.drop_column("posted")
    op.drop_table("account_category")
