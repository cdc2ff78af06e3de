"""The ceiling: a bare FastAPI endpoint returning a constant JSON, served like the app."""

from fastapi import FastAPI

PAYLOAD = {"status": "ok", "items": [], "total": 0}


def create_app() -> FastAPI:
    app = FastAPI(docs_url=None, redoc_url=None, openapi_url=None)

    @app.get("/")
    async def constant() -> dict[str, object]:
        return PAYLOAD

    return app
