"""the mentor: notes, mentor sessions and their messages (docs/mentor.md)

- ``notes``: a learner's notes on a roadmap, optionally on one concept
- ``mentor_sessions``: one conversation with the mentor about one concept
- ``mentor_messages``: its turns, with the server's checks on each answer

Revision ID: 0008
Revises: 0007
"""

from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision: str = "0008"
down_revision: str | None = "0007"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

NOW = sa.text("now()")


def _owned(table: str) -> list[Any]:
    return [
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("owner_id", sa.Uuid(), nullable=False),
        sa.Column("roadmap_id", sa.Uuid(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=NOW, nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), server_default=NOW, nullable=False),
        sa.ForeignKeyConstraint(
            ["owner_id"], ["users.id"], name=op.f(f"fk_{table}_owner_id_users"), ondelete="CASCADE"
        ),
        sa.ForeignKeyConstraint(
            ["roadmap_id"], ["roadmaps.id"], name=op.f(f"fk_{table}_roadmap_id_roadmaps"), ondelete="CASCADE"
        ),
        sa.PrimaryKeyConstraint("id", name=op.f(f"pk_{table}")),
    ]


def upgrade() -> None:
    op.create_table(
        "notes",
        *_owned("notes"),
        sa.Column("concept_id", sa.String(length=64), nullable=True),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("source_message_id", sa.Uuid(), nullable=True),
    )
    op.create_index("ix_notes_owner_roadmap", "notes", ["owner_id", "roadmap_id", "created_at"])
    op.create_table(
        "mentor_sessions",
        *_owned("mentor_sessions"),
        sa.Column("concept_id", sa.String(length=64), nullable=False),
        sa.Column("title", sa.String(length=200), nullable=False),
        sa.Column("prompt_tokens", sa.Integer(), server_default="0", nullable=False),
        sa.Column("completion_tokens", sa.Integer(), server_default="0", nullable=False),
        sa.Column("cost_usd", sa.Float(), server_default="0", nullable=False),
    )
    op.create_index(
        "ix_mentor_sessions_owner_concept", "mentor_sessions", ["owner_id", "roadmap_id", "concept_id"]
    )
    op.create_table(
        "mentor_messages",
        sa.Column("id", sa.Uuid(), nullable=False),
        sa.Column("session_id", sa.Uuid(), nullable=False),
        sa.Column("role", sa.String(length=16), nullable=False),
        sa.Column("status", sa.String(length=16), nullable=False),
        sa.Column("content", sa.Text(), nullable=False),
        sa.Column("quiz_question_id", sa.String(length=64), nullable=True),
        sa.Column("hint_level", sa.Integer(), nullable=True),
        sa.Column("checks", postgresql.JSONB(astext_type=sa.Text()), server_default="{}", nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), server_default=NOW, nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), server_default=NOW, nullable=False),
        sa.CheckConstraint("role IN ('user', 'assistant')", name=op.f("ck_mentor_messages_role")),
        sa.CheckConstraint(
            "status IN ('streaming', 'complete', 'stopped', 'failed')", name=op.f("ck_mentor_messages_status")
        ),
        sa.ForeignKeyConstraint(
            ["session_id"],
            ["mentor_sessions.id"],
            name=op.f("fk_mentor_messages_session_id_mentor_sessions"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_mentor_messages")),
    )
    op.create_index("ix_mentor_messages_session", "mentor_messages", ["session_id", "created_at"])


def downgrade() -> None:
    op.drop_index("ix_mentor_messages_session", table_name="mentor_messages")
    op.drop_table("mentor_messages")
    op.drop_index("ix_mentor_sessions_owner_concept", table_name="mentor_sessions")
    op.drop_table("mentor_sessions")
    op.drop_index("ix_notes_owner_roadmap", table_name="notes")
    op.drop_table("notes")
