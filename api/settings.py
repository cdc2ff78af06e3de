"""All configuration, from the environment (prefix NORMBOOK_), built once."""

import hashlib
from functools import lru_cache
from pathlib import Path

from pydantic import AliasChoices, Field, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict

DEFAULT_DATABASE = f"sqlite:///{Path('var') / 'normbook.db'}"


class MissingSecret(ValueError):
    pass


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="NORMBOOK_", env_file=".env", extra="ignore")

    database_url: str = Field(
        default=DEFAULT_DATABASE,
        validation_alias=AliasChoices("NORMBOOK_DATABASE_URL", "DATABASE_URL"),
    )
    secret_key: str = ""
    demo: bool = False
    token_lifetime_minutes: int = 12 * 60
    session_lifetime_minutes: int = 8 * 60
    max_body_bytes: int = 1_000_000
    login_attempts: int = 5  # failed logins per account in a window
    login_address_attempts: int = 20  # failed logins per client address in a window
    login_window_seconds: int = 300
    # Addresses (or networks) of the reverse proxies whose X-Forwarded-For/-Proto are believed,
    # comma-separated; empty: no forwarded header is believed.
    trusted_proxies: str = ""
    https: bool = False
    # The site's public address: links in reports and e-mails use it, never a request's Host.
    base_url: str = "http://127.0.0.1:8000"
    # Connections a process keeps to the database (and so requests using it at once), those it
    # may open beyond them (for the batches of streamed exports), and how long a request waits
    # for a place before it is answered 503 with Retry-After. Unset: 4 and 4 on SQLite, whose
    # reads are the process's own CPU work (bench/README.md), 10 and 10 otherwise.
    db_pool_size: int | None = None
    db_max_overflow: int | None = None
    db_wait_seconds: float = 10.0
    # Kept reports, one file per synthesis, format and language (`api/reports.py`); shared by the
    # instances and the worker.
    report_cache: Path = Path("var") / "reports"
    # smtp://user:password@host:587?starttls=1 or smtps://host:465; empty: no e-mail is sent.
    smtp_url: str = ""
    mail_from: str = "Normbook <no-reply@normbook.invalid>"
    # The job queue (`api/queue.py`): a SQLite file, `redis://…`, or `inline` (no worker).
    queue: str = f"sqlite:///{Path('var') / 'queue.db'}"
    # Machine drafts of texts in the other language: "", "apertium" or "libretranslate:<url>".
    translation: str = ""

    @model_validator(mode="after")
    def _secret(self) -> "Settings":
        if not self.secret_key:
            if not self.demo:
                raise MissingSecret(
                    "NORMBOOK_SECRET_KEY is not set. Set it to a long random string "
                    "(python -c 'import secrets; print(secrets.token_urlsafe(48))'), "
                    "or set NORMBOOK_DEMO=1 for a local demonstration."
                )
            self.secret_key = hashlib.sha256(
                b"normbook-demo:" + self.database_url.encode()
            ).hexdigest()
        return self


@lru_cache
def get_settings() -> Settings:
    return Settings()
