"""the mentor's daily token ledger (docs/mentor.md, "Budget")

- ``mentor_token_ledger``: per user and UTC day, the tokens answers used and the tokens held
  by answers still streaming (their estimates, reserved before each call)

Revision ID: 0009
Revises: 0008
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0009"
down_revision: str | None = "0008"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_table(
        "mentor_token_ledger",
        sa.Column("user_id", sa.Uuid(), nullable=False),
        sa.Column("day", sa.Date(), nullable=False),
        sa.Column("used_tokens", sa.BigInteger(), server_default="0", nullable=False),
        sa.Column("reserved_tokens", sa.BigInteger(), server_default="0", nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), server_default=sa.text("now()"), nullable=False),
        sa.CheckConstraint("used_tokens >= 0", name=op.f("ck_mentor_token_ledger_used")),
        sa.CheckConstraint("reserved_tokens >= 0", name=op.f("ck_mentor_token_ledger_reserved")),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_mentor_token_ledger_user_id_users"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("user_id", "day", name=op.f("pk_mentor_token_ledger")),
    )


def downgrade() -> None:
    op.drop_table("mentor_token_ledger")
