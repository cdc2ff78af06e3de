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
    login_attempts: int = 5
    login_window_seconds: int = 300
    https: bool = False
    base_url: str = "http://127.0.0.1:8000"
    # Published syntheses' reports, made once (`synthesis.render.report.kept`); may be emptied any time.
    report_cache: Path = Path("var") / "reports"
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
