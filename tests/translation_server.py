"""A small real HTTP server that speaks LibreTranslate's `POST /translate`, for the tests."""

import json
import threading
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest


class LibreTranslateServer(BaseHTTPRequestHandler):
    """Speaks LibreTranslate's POST /translate: each text tagged with its target language."""

    received: list[dict[str, Any]] = []  # noqa: RUF012 - shared by the server's handler threads

    def do_POST(self) -> None:
        if self.path != "/translate":
            self.send_error(404)
            return
        payload = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        self.received.append(payload)
        texts = payload["q"] if isinstance(payload["q"], list) else [payload["q"]]
        answer = {"translatedText": [f"[{payload['target']}] {text}" for text in texts]}
        body = json.dumps(answer).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, format: str, *args: Any) -> None:
        pass


@pytest.fixture
def libretranslate() -> Iterator[str]:
    server = ThreadingHTTPServer(("127.0.0.1", 0), LibreTranslateServer)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    LibreTranslateServer.received.clear()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()
    server.server_close()
