"""audit entries name the change they belong to

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-02 07:00:00

Entries written by one change (an award: the stream and the application; an import) share one
``change`` id, so the audit trail shows them as one change. Older entries have none.
"""

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("audit_log") as batch_op:
        batch_op.add_column(sa.Column("change", sa.String(length=32), nullable=True))
        batch_op.create_index("ix_audit_log_change", ["change"])


def downgrade() -> None:
    with op.batch_alter_table("audit_log") as batch_op:
        batch_op.drop_index("ix_audit_log_change")
        batch_op.drop_column("change")
