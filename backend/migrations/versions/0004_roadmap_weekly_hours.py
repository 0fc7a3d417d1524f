"""roadmaps.weekly_hours: the learner's weekly time, for the pace plan

Revision ID: 0004
Revises: 0003
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004"
down_revision: str | None = "0003"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.add_column("roadmaps", sa.Column("weekly_hours", sa.Float(), nullable=True))
    op.execute(
        """
        UPDATE roadmaps SET weekly_hours = (tasks.preferences ->> 'weekly_hours')::float
        FROM tasks
        WHERE tasks.id = roadmaps.task_id AND jsonb_typeof(tasks.preferences -> 'weekly_hours') = 'number'
        """
    )


def downgrade() -> None:
    op.drop_column("roadmaps", "weekly_hours")
