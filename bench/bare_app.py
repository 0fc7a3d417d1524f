"""The bare baseline: one FastAPI endpoint, no middleware, no I/O.

uvicorn bare_app:app --app-dir bench --workers 1 --no-access-log
"""

from __future__ import annotations

from fastapi import FastAPI

app = FastAPI()


@app.get("/bare")
async def bare() -> dict[str, str]:
    return {"status": "ok"}
