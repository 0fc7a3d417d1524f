"""content units: attempts and a lease per (roadmap, concept, content type, version)

A worker claims a unit before it pays for its generation; a unit under a live lease is
never generated twice, and a unit whose attempts ran out fails instead of looping.

Revision ID: 0005
Revises: 0004
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005"
down_revision: str | None = "0004"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("concept_contents", sa.Column("attempts", sa.Integer(), server_default="0", nullable=False))
    op.add_column(
        "concept_contents", sa.Column("lease_expires_at", sa.DateTime(timezone=True), nullable=True)
    )


def downgrade() -> None:
    op.drop_column("concept_contents", "lease_expires_at")
    op.drop_column("concept_contents", "attempts")
