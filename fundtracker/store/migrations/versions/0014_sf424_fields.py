"""applications carry the SF-424 assistance listing and the expected program income

Revision ID: 0014
Revises: 0008
Create Date: 2026-12-02 21:00:00

The SF-424 face page and SF-424A Section A name the funder's Assistance Listing number
(formerly CFDA, e.g. "16.123"); Section B line 7 reports the program income the project
expects to earn. Existing applications have neither ("" and $0).
"""

import sqlalchemy as sa
from alembic import op

revision = "0014"
down_revision = "0008"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("application") as batch_op:
        batch_op.add_column(sa.Column("assistance_listing", sa.String(), nullable=False, server_default=""))
        batch_op.add_column(sa.Column("program_income", sa.BigInteger(), nullable=False, server_default="0"))


def downgrade() -> None:
    with op.batch_alter_table("application") as batch_op:
        batch_op.drop_column("program_income")
        batch_op.drop_column("assistance_listing")
