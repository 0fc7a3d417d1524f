from __future__ import annotations

import uuid
from datetime import datetime

from sqlalchemy import ForeignKey, func
from sqlalchemy.orm import Mapped, mapped_column

from waymark.db.models.base import Base, utcnow


class AuthSession(Base):
    """One signed-in session: the ``sid`` of the access tokens a login issued. Signing out
    sets ``revoked_at``; from then on its tokens are refused (docs/architecture.md §9)."""

    __tablename__ = "auth_sessions"

    id: Mapped[uuid.UUID] = mapped_column(primary_key=True)
    user_id: Mapped[uuid.UUID] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    created_at: Mapped[datetime] = mapped_column(server_default=func.now(), default=utcnow)
    expires_at: Mapped[datetime]
    revoked_at: Mapped[datetime | None]
