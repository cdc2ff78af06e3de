"""Security headers on every response, and the If-None-Match comparison of conditional GETs."""

from starlette.types import ASGIApp, Message, Receive, Scope, Send

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
    "object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'"
)
HEADERS = [
    (b"content-security-policy", CSP.encode()),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"strict-origin-when-cross-origin"),
    (b"x-frame-options", b"DENY"),
    (b"cross-origin-opener-policy", b"same-origin"),
]


class SecurityHeaders:
    def __init__(self, app: ASGIApp, hsts: bool = False) -> None:
        self.app = app
        self.extra = HEADERS + (
            [(b"strict-transport-security", b"max-age=31536000")] if hsts else []
        )

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                present = {name for name, _ in message.get("headers", [])}
                message["headers"] = list(message.get("headers", [])) + [
                    (name, value) for name, value in self.extra if name not in present
                ]
            await send(message)

        await self.app(scope, receive, send_with_headers)


def etag_matches(if_none_match: str, tag: str) -> bool:
    """Weak comparison (RFC 9110 §13.1.2), as If-None-Match asks; `*` matches any current copy."""
    tags = {t.strip().removeprefix("W/") for t in if_none_match.split(",")}
    return tag.removeprefix("W/") in tags or if_none_match.strip() == "*"
