"""awards: the terms of an award and what happens to its money after

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-02 20:37:49

DESIGN.md "After the award (version 1)": an award (key = the application's key) on a secured
stream, with its approved budget as numbered versions (cells per category and year), match
streams, program income, unliquidated obligations, drawdown requests and their payments. The
children hang on the award's id (deleted with it); budget cells and payments name their version
or request by its number within the award.
"""

import sqlalchemy as sa
from alembic import op

revision = "0016"
down_revision = "0015"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "award",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("key", sa.String(length=64), nullable=False),
        sa.Column("stream", sa.String(length=64), nullable=False),
        sa.Column("match_required", sa.BigInteger(), nullable=False),
        sa.Column("indirect_rate", sa.String(), nullable=False),
        sa.Column("indirect_type", sa.String(), nullable=False),
        sa.Column("program_income_election", sa.String(), nullable=False),
        sa.Column("payment_method", sa.String(), nullable=False),
        sa.Column("financial_report_frequency", sa.String(), nullable=False),
        sa.Column("financial_report_due_days", sa.Integer(), nullable=False),
        sa.Column("final_report_due_days", sa.Integer(), nullable=False),
        sa.Column("performance_report_frequency", sa.String(), nullable=False),
        sa.Column("performance_report_due_days", sa.Integer(), nullable=False),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(["key"], ["application.key"], onupdate="CASCADE", ondelete="RESTRICT"),
        sa.ForeignKeyConstraint(["stream"], ["funding_stream.key"], onupdate="CASCADE", ondelete="RESTRICT"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("key"),
    )
    with op.batch_alter_table("award", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_award_stream"), ["stream"], unique=False)

    op.create_table(
        "award_budget_amount",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("award_id", sa.Integer(), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.Column("category", sa.String(), nullable=False),
        sa.Column("year", sa.Integer(), nullable=False),
        sa.Column("federal", sa.BigInteger(), nullable=False),
        sa.Column("non_federal", sa.BigInteger(), nullable=False),
        sa.ForeignKeyConstraint(["award_id"], ["award.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("award_budget_amount", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_award_budget_amount_award_id"), ["award_id"], unique=False)

    op.create_table(
        "award_budget_version",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("award_id", sa.Integer(), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("date", sa.Date(), nullable=False),
        sa.Column("status", sa.String(), nullable=False),
        sa.Column("reason", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(["award_id"], ["award.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("award_budget_version", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_award_budget_version_award_id"), ["award_id"], unique=False)

    op.create_table(
        "award_drawdown",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("award_id", sa.Integer(), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("through", sa.Date(), nullable=False),
        sa.Column("requested_on", sa.Date(), nullable=False),
        sa.Column("amount", sa.BigInteger(), nullable=False),
        sa.Column("expenditures", sa.BigInteger(), nullable=False),
        sa.Column("indirect", sa.BigInteger(), nullable=False),
        sa.Column("income_deducted", sa.BigInteger(), nullable=False),
        sa.Column("requested_before", sa.BigInteger(), nullable=False),
        sa.Column("rejected_on", sa.Date(), nullable=True),
        sa.Column("note", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(["award_id"], ["award.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("award_drawdown", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_award_drawdown_award_id"), ["award_id"], unique=False)

    op.create_table(
        "award_match_stream",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("award_id", sa.Integer(), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("stream", sa.String(length=64), nullable=False),
        sa.ForeignKeyConstraint(["award_id"], ["award.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["stream"], ["funding_stream.key"], onupdate="CASCADE", ondelete="RESTRICT"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("award_match_stream", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_award_match_stream_award_id"), ["award_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_award_match_stream_stream"), ["stream"], unique=False)

    op.create_table(
        "award_obligation",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("award_id", sa.Integer(), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("date", sa.Date(), nullable=False),
        sa.Column("amount", sa.BigInteger(), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(["award_id"], ["award.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("award_obligation", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_award_obligation_award_id"), ["award_id"], unique=False)

    op.create_table(
        "award_payment",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("award_id", sa.Integer(), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("drawdown", sa.Integer(), nullable=False),
        sa.Column("date", sa.Date(), nullable=False),
        sa.Column("amount", sa.BigInteger(), nullable=False),
        sa.ForeignKeyConstraint(["award_id"], ["award.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("award_payment", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_award_payment_award_id"), ["award_id"], unique=False)

    op.create_table(
        "award_program_income",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("award_id", sa.Integer(), nullable=False),
        sa.Column("seq", sa.Integer(), nullable=False),
        sa.Column("date", sa.Date(), nullable=False),
        sa.Column("amount", sa.BigInteger(), nullable=False),
        sa.Column("description", sa.Text(), nullable=False),
        sa.ForeignKeyConstraint(["award_id"], ["award.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
    )
    with op.batch_alter_table("award_program_income", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_award_program_income_award_id"), ["award_id"], unique=False)


def downgrade() -> None:
    with op.batch_alter_table("award_program_income", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_award_program_income_award_id"))

    op.drop_table("award_program_income")
    with op.batch_alter_table("award_payment", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_award_payment_award_id"))

    op.drop_table("award_payment")
    with op.batch_alter_table("award_obligation", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_award_obligation_award_id"))

    op.drop_table("award_obligation")
    with op.batch_alter_table("award_match_stream", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_award_match_stream_stream"))
        batch_op.drop_index(batch_op.f("ix_award_match_stream_award_id"))

    op.drop_table("award_match_stream")
    with op.batch_alter_table("award_drawdown", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_award_drawdown_award_id"))

    op.drop_table("award_drawdown")
    with op.batch_alter_table("award_budget_version", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_award_budget_version_award_id"))

    op.drop_table("award_budget_version")
    with op.batch_alter_table("award_budget_amount", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_award_budget_amount_award_id"))

    op.drop_table("award_budget_amount")
    with op.batch_alter_table("award", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_award_stream"))

    op.drop_table("award")
