"""One settings object, read from BETWEEN_* environment variables.

Every setting is documented here (a test checks that README lists them all).
"""

from __future__ import annotations

import secrets
from functools import lru_cache
from pathlib import Path

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="BETWEEN_", extra="ignore")

    database_url: str = Field(
        "sqlite:///./var/between.db",
        description="SQLAlchemy URL. SQLite by default; PostgreSQL as "
        "postgresql+psycopg://user@host:5432/dbname.",
    )
    var_dir: Path = Field(Path("./var"), description="Where local state (database, secret key) lives.")
    data_dir: Path = Field(
        Path("../shared/data"),
        description="Public labelled data sets, read only by evaluation and training.",
    )
    secret_key: str = Field(
        "",
        description="Signs cookies. Empty: a random key is created once in var_dir/secret_key.",
    )
    session_days: int = Field(14, description="How long a web login or API token stays valid.")
    invite_hours: int = Field(72, description="How long a couple invite code stays valid.")
    login_attempts: int = Field(5, description="Failed logins allowed per email and address ...")
    login_window_seconds: int = Field(900, description="... within this many seconds.")
    login_attempts_per_address: int = Field(
        20, description="Failed logins allowed from one address, and with one password, across "
        "all emails, within the same window (password spraying).")
    trusted_proxies: str = Field(
        "", description="Comma-separated addresses of reverse proxies whose X-Forwarded-For is "
        "believed. Empty: the header is ignored and the connecting address is the client's.")
    redis_url: str = Field(
        "", description="Redis URL (redis://127.0.0.1:6379/0) for shared state between workers "
        "(login limits). Empty: kept in the process's memory.")
    redis_prefix: str = Field("between:", description="Prefix of every Redis key Between writes.")
    max_text_chars: int = Field(5000, description="Longest free text accepted in any field.")
    max_request_bytes: int = Field(
        1_048_576, description="Largest request body accepted; larger ones answer 413.")
    secure_cookies: bool = Field(False, description="Mark cookies Secure (set when served over HTTPS).")
    host: str = Field("127.0.0.1", description="Address `between serve` listens on.")
    port: int = Field(8000, description="Port `between serve` listens on.")

    def resolved_secret_key(self) -> str:
        if self.secret_key:
            return self.secret_key
        path = self.var_dir / "secret_key"
        if not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(secrets.token_urlsafe(48))
            path.chmod(0o600)
        return path.read_text().strip()


@lru_cache
def get_settings() -> Settings:
    return Settings()
