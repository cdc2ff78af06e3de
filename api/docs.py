"""The interactive API documentation, served from this server (no CDN, no inline script)."""

from importlib.resources import files

from fastapi import FastAPI
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles
from swagger_ui_bundle import swagger_ui_path

_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Normbook API</title>
<link rel="stylesheet" href="/api/swagger/swagger-ui.css"></head>
<body><main id="swagger-ui"></main>
<script src="/api/swagger/swagger-ui-bundle.js"></script>
<script src="/api/static/docs-init.js"></script></body></html>"""


def install(app: FastAPI) -> None:
    app.mount("/api/swagger", StaticFiles(directory=swagger_ui_path), name="swagger")
    app.mount(
        "/api/static",
        StaticFiles(directory=str(files("api").joinpath("static"))),
        name="api-static",
    )

    @app.get("/api/docs", include_in_schema=False)
    def docs() -> HTMLResponse:
        return HTMLResponse(_PAGE)
