"""time and effort certifications; report submissions

Revision ID: 0017
Revises: 0016
Create Date: 2026-12-02 21:00:00

Issue 16 (2 CFR 200.430(i)): per position and month, the effort certified after the fact: the
percent per stream (as the workspace JSON writes it, one text column), who certified and when.
A position with certifications cannot be deleted from under them (RESTRICT): they are records
an auditor asks for.

The compliance calendar's reports are generated from each award's terms; what is stored is that a
report (award, kind, period) was submitted, and when.
"""

import sqlalchemy as sa
from alembic import op

revision = "0017"
down_revision = "0016"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "effort_certification",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column(
            "position",
            sa.String(64),
            sa.ForeignKey("position.key", onupdate="CASCADE", ondelete="RESTRICT"),
            nullable=False,
            index=True,
        ),
        sa.Column("month", sa.String(7), nullable=False),
        sa.Column("shares", sa.Text(), nullable=False),
        sa.Column("certifier", sa.String(), nullable=False),
        sa.Column("certified_on", sa.Date(), nullable=False),
        sa.Column("notes", sa.Text(), nullable=False, server_default=""),
        sa.Column("version", sa.Integer(), nullable=False, server_default="1"),
        sa.UniqueConstraint("position", "month", name="uq_effort_position_month"),
    )
    op.create_table(
        "report_submission",
        sa.Column("id", sa.Integer(), primary_key=True),
        sa.Column(
            "award",
            sa.String(64),
            sa.ForeignKey("award.key", onupdate="CASCADE", ondelete="RESTRICT"),
            nullable=False,
            index=True,
        ),
        sa.Column("kind", sa.String(), nullable=False),
        sa.Column("period_start", sa.Date(), nullable=False),
        sa.Column("period_end", sa.Date(), nullable=False),
        sa.Column("submitted_on", sa.Date(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False, server_default="1"),
        sa.UniqueConstraint("award", "kind", "period_end", name="uq_report_submission"),
    )


def downgrade() -> None:
    op.drop_table("report_submission")
    op.drop_table("effort_certification")
