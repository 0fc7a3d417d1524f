"""Loading an object only for its owner: anyone else gets ``None``, exactly like a missing id."""

from __future__ import annotations

import uuid
from typing import Any, Protocol, TypeVar

from sqlalchemy import select
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.orm import InstrumentedAttribute


class Owned(Protocol):
    id: Any
    owner_id: Any


OwnedT = TypeVar("OwnedT", bound=Owned)


async def get_owned(
    session: AsyncSession, model: type[OwnedT], object_id: uuid.UUID, owner_id: uuid.UUID
) -> OwnedT | None:
    id_column: InstrumentedAttribute[Any] = model.id
    owner_column: InstrumentedAttribute[Any] = model.owner_id
    result = await session.execute(select(model).where(id_column == object_id, owner_column == owner_id))
    return result.scalar_one_or_none()
