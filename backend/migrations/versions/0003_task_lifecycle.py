"""task lifecycle: retry attempt floor, review proposal, content estimate, per-role LLM stats

Revision ID: 0003
Revises: 0002
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0003"
down_revision: str | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("tasks", sa.Column("attempt_floor", sa.Integer(), server_default="0", nullable=False))
    op.add_column("tasks", sa.Column("proposal", postgresql.JSONB(astext_type=sa.Text()), nullable=True))
    op.add_column(
        "tasks", sa.Column("content_estimate", postgresql.JSONB(astext_type=sa.Text()), nullable=True)
    )
    op.create_table(
        "llm_role_stats",
        sa.Column("role", sa.String(length=32), nullable=False),
        sa.Column("items", sa.BigInteger(), server_default="0", nullable=False),
        sa.Column("calls", sa.BigInteger(), server_default="0", nullable=False),
        sa.Column("prompt_tokens", sa.BigInteger(), server_default="0", nullable=False),
        sa.Column("completion_tokens", sa.BigInteger(), server_default="0", nullable=False),
        sa.Column("cost_usd", sa.Numeric(precision=14, scale=6), server_default="0", nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.PrimaryKeyConstraint("role", name=op.f("pk_llm_role_stats")),
    )


def downgrade() -> None:
    op.drop_table("llm_role_stats")
    op.drop_column("tasks", "content_estimate")
    op.drop_column("tasks", "proposal")
    op.drop_column("tasks", "attempt_floor")
