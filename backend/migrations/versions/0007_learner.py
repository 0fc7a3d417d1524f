"""the learner: profile, what the workflow understood, review history, trash, mastery, placement

- ``learner_profiles``: one per user (deleted with the account)
- ``tasks.intent``: the intent analysis the workflow read, shown on the task
- ``review_records.proposal`` / ``wrong_assumption``: each round's proposal and the assumption
  the learner pointed at, for the edit history
- ``roadmaps.deleted_at``: the trash (purged after ``ROADMAP_TRASH_DAYS``)
- ``quiz_attempts.missed``, ``mastery_corrections``: the learner model's evidence and the
  learner's own corrections
- ``placements``, ``concepts.tested_out``: the placement check and the concepts it showed known

Revision ID: 0007
Revises: 0006
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0007"
down_revision: str | None = "0006"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

NOW = sa.text("now()")


def upgrade() -> None:
    op.create_table(
        "learner_profiles",
        sa.Column("user_id", sa.Uuid(), nullable=False),
        sa.Column("profile", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=NOW, nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), server_default=NOW, nullable=False),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_learner_profiles_user_id_users"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("user_id", name=op.f("pk_learner_profiles")),
    )
    op.add_column("tasks", sa.Column("intent", postgresql.JSONB(astext_type=sa.Text()), nullable=True))
    op.add_column(
        "review_records", sa.Column("proposal", postgresql.JSONB(astext_type=sa.Text()), nullable=True)
    )
    op.add_column("review_records", sa.Column("wrong_assumption", sa.Text(), nullable=True))
    op.add_column("roadmaps", sa.Column("deleted_at", sa.DateTime(timezone=True), nullable=True))
    op.create_index(op.f("ix_roadmaps_deleted_at"), "roadmaps", ["deleted_at"], unique=False)
    op.add_column(
        "quiz_attempts",
        sa.Column(
            "missed", postgresql.JSONB(astext_type=sa.Text()), server_default=sa.text("'[]'"), nullable=False
        ),
    )
    op.create_table(
        "mastery_corrections",
        sa.Column("user_id", sa.Uuid(), nullable=False),
        sa.Column("roadmap_id", sa.Uuid(), nullable=False),
        sa.Column("concept_id", sa.String(length=64), nullable=False),
        sa.Column("correction", sa.String(length=16), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.CheckConstraint(
            "correction IN ('known', 'reset')", name=op.f("ck_mastery_corrections_correction")
        ),
        sa.ForeignKeyConstraint(
            ["roadmap_id", "concept_id"],
            ["concepts.roadmap_id", "concepts.concept_id"],
            name=op.f("fk_mastery_corrections_roadmap_id_concepts"),
            ondelete="CASCADE",
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["users.id"], name=op.f("fk_mastery_corrections_user_id_users"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("user_id", "roadmap_id", "concept_id", name=op.f("pk_mastery_corrections")),
    )
    op.create_table(
        "placements",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("owner_id", sa.Uuid(), nullable=False),
        sa.Column("goal", sa.Text(), nullable=False),
        sa.Column("level", sa.String(length=16), nullable=False),
        sa.Column("questions", postgresql.JSONB(astext_type=sa.Text()), nullable=False),
        sa.Column("result", postgresql.JSONB(astext_type=sa.Text()), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("submitted_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["owner_id"], ["users.id"], name=op.f("fk_placements_owner_id_users"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_placements")),
    )
    op.create_index(op.f("ix_placements_owner_id"), "placements", ["owner_id"], unique=False)
    op.add_column(
        "concepts", sa.Column("tested_out", sa.Boolean(), server_default=sa.text("false"), nullable=False)
    )


def downgrade() -> None:
    op.drop_column("concepts", "tested_out")
    op.drop_index(op.f("ix_placements_owner_id"), table_name="placements")
    op.drop_table("placements")
    op.drop_table("mastery_corrections")
    op.drop_column("quiz_attempts", "missed")
    op.drop_index(op.f("ix_roadmaps_deleted_at"), table_name="roadmaps")
    op.drop_column("roadmaps", "deleted_at")
    op.drop_column("review_records", "wrong_assumption")
    op.drop_column("review_records", "proposal")
    op.drop_column("tasks", "intent")
    op.drop_table("learner_profiles")
