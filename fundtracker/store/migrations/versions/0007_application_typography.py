"""applications carry their typography: font, size and line spacing

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-02 16:30:00

Funders set the narrative's typeface, size and spacing (DOJ: 12 pt, double-spaced), and the PDF
and DOCX exports lay the application out with them. Existing applications keep the look they had
(DejaVu Sans, 10 pt, single spacing).
"""

import sqlalchemy as sa
from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("application") as batch_op:
        batch_op.add_column(sa.Column("font", sa.String(), nullable=False, server_default="sans"))
        batch_op.add_column(sa.Column("font_size", sa.Integer(), nullable=False, server_default="10"))
        batch_op.add_column(sa.Column("line_spacing", sa.String(), nullable=False, server_default="single"))


def downgrade() -> None:
    with op.batch_alter_table("application") as batch_op:
        batch_op.drop_column("line_spacing")
        batch_op.drop_column("font_size")
        batch_op.drop_column("font")
