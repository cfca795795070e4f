"""The baseline for the HTTP load bench: a trivial FastAPI app served the way `ceasefire
serve` serves the real one (uvicorn, one process, no access log).

Run: `.venv/bin/python bench/bare_app.py --port 8001`. `GET /bare` answers a small JSON
document; `POST /bare` reads a JSON body and answers 201. Neither touches a database, so
what they measure is the ceiling of FastAPI and uvicorn on this machine.
"""

from __future__ import annotations

import argparse
from typing import Annotated, Any

import uvicorn
from fastapi import Body, FastAPI

__all__ = ["create_bare_app"]


def create_bare_app() -> FastAPI:
    """An app with one trivial read and one trivial write."""
    app = FastAPI(title="bare")

    @app.get("/bare")
    async def bare() -> dict[str, Any]:
        return {"items": [], "next_cursor": None}

    @app.post("/bare", status_code=201)
    async def bare_post(body: Annotated[dict[str, Any], Body()]) -> dict[str, Any]:
        return {"received": len(body)}

    return app


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8001)
    args = parser.parse_args()
    uvicorn.run(
        create_bare_app(), host=args.host, port=args.port, log_level="warning", access_log=False,
        loop="asyncio",  # as `ceasefire serve` runs
    )  # fmt: skip


if __name__ == "__main__":
    main()
