"""Read Tidtam's settings from the environment, in one typed place.

Every setting that differs between a laptop, CI and production comes from a ``TIDTAM_*``
variable read here; ``settings.py`` never calls ``os.environ`` itself.
"""

from __future__ import annotations

import os
import secrets
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

TRUE_WORDS = frozenset({"1", "true", "yes", "on"})
FALSE_WORDS = frozenset({"0", "false", "no", "off", ""})


class ConfigError(RuntimeError):
    """Raised when a TIDTAM_* variable is missing or cannot be read."""


def env_str(name: str, default: str | None = None) -> str | None:
    """Return the variable's value, or ``default`` when it is unset or blank."""
    value = os.environ.get(name)
    if value is None or value.strip() == "":
        return default
    return value.strip()


def env_bool(name: str, default: bool = False) -> bool:
    """Return a boolean variable; refuse words that are neither true nor false."""
    value = os.environ.get(name)
    if value is None:
        return default
    word = value.strip().lower()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise ConfigError(f"{name} must be true or false, not {value!r}")


def env_int(name: str, default: int) -> int:
    """Return an integer variable."""
    value = env_str(name)
    if value is None:
        return default
    try:
        return int(value)
    except ValueError as exc:
        raise ConfigError(f"{name} must be a whole number, not {value!r}") from exc


def env_list(name: str, default: list[str]) -> list[str]:
    """Return a comma-separated list variable, without blanks."""
    value = env_str(name)
    if value is None:
        return list(default)
    return [item.strip() for item in value.split(",") if item.strip()]


def database_from_url(url: str, *, base_dir: Path) -> dict[str, object]:
    """Turn ``sqlite:///path`` or ``postgres://user:pw@host:port/name`` into a DATABASES entry.

    SQLite gets WAL mode and IMMEDIATE transactions, so writers queue instead of failing with
    "database is locked"; PostgreSQL keeps connections for a minute.
    """
    parts = urlsplit(url)
    scheme = parts.scheme.lower()
    if scheme == "sqlite":
        # sqlite:////abs/path.db is absolute; sqlite:///name.db is relative to the data dir.
        raw = unquote(url.split("?", 1)[0][len("sqlite:///") :])
        path = Path(raw) if raw.startswith("/") else base_dir / (raw or "tidtam.sqlite3")
        return {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": str(path),
            "OPTIONS": {
                "init_command": (
                    "PRAGMA journal_mode=WAL;"
                    "PRAGMA synchronous=NORMAL;"
                    "PRAGMA foreign_keys=ON;"
                    "PRAGMA busy_timeout=10000;"
                ),
                "transaction_mode": "IMMEDIATE",
            },
            "TEST": {"NAME": env_str("TIDTAM_TEST_DB_NAME")},
        }
    if scheme in {"postgres", "postgresql", "pgsql"}:
        options: dict[str, object] = {}
        query = parse_qs(parts.query)
        if "sslmode" in query:
            options["sslmode"] = query["sslmode"][0]
        return {
            "ENGINE": "django.db.backends.postgresql",
            "NAME": unquote(parts.path.lstrip("/")) or "tidtam",
            "USER": unquote(parts.username or ""),
            "PASSWORD": unquote(parts.password or ""),
            "HOST": parts.hostname or "",
            "PORT": str(parts.port or ""),
            "CONN_MAX_AGE": 60,
            "CONN_HEALTH_CHECKS": True,
            "OPTIONS": options,
            "TEST": {"NAME": env_str("TIDTAM_TEST_DB_NAME")},
        }
    raise ConfigError(
        f"TIDTAM_DATABASE_URL: unsupported database {scheme!r} (use sqlite or postgres)"
    )


@dataclass(frozen=True)
class Config:
    """The environment, read once."""

    debug: bool
    production: bool
    data_dir: Path
    secret_key: str
    allowed_hosts: list[str]
    database: dict[str, object]
    https: bool
    max_upload_mb: int


def _local_secret_key(data_dir: Path) -> str:
    """Create the secret key of a local install once, in the data directory (never committed)."""
    key_file = data_dir / "secret_key"
    if key_file.exists():
        return key_file.read_text(encoding="ascii").strip()
    data_dir.mkdir(parents=True, exist_ok=True)
    key = secrets.token_urlsafe(50)
    key_file.write_text(key, encoding="ascii")
    key_file.chmod(0o600)
    return key


def load(base_dir: Path) -> Config:
    """Read every TIDTAM_* variable and check the combinations production needs."""
    production = env_bool("TIDTAM_PRODUCTION", False)
    debug = env_bool("TIDTAM_DEBUG", not production)
    data_dir = Path(env_str("TIDTAM_DATA_DIR") or base_dir / "var").resolve()
    secret = env_str("TIDTAM_SECRET_KEY")
    if secret is None:
        if production:
            raise ConfigError("TIDTAM_SECRET_KEY is required when TIDTAM_PRODUCTION is true")
        secret = _local_secret_key(data_dir)
    hosts = env_list("TIDTAM_ALLOWED_HOSTS", [] if production else ["127.0.0.1", "localhost"])
    if production and not hosts:
        raise ConfigError("TIDTAM_ALLOWED_HOSTS is required when TIDTAM_PRODUCTION is true")
    url = env_str("TIDTAM_DATABASE_URL") or "sqlite:///tidtam.sqlite3"
    return Config(
        debug=debug,
        production=production,
        data_dir=data_dir,
        secret_key=secret,
        allowed_hosts=hosts,
        database=database_from_url(url, base_dir=data_dir),
        https=env_bool("TIDTAM_HTTPS", production),
        max_upload_mb=env_int("TIDTAM_MAX_UPLOAD_MB", 20),
    )
