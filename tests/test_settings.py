"""Settings from the environment and the security they give (issue 2 §2)."""

from __future__ import annotations

import json
import os
import secrets
import stat
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.test import Client
from django.urls import reverse

from tidtam import config
from tidtam.accounts.models import User

ROOT = Path(__file__).resolve().parents[1]
TIDTAM_VARS = [
    "TIDTAM_PRODUCTION",
    "TIDTAM_DEBUG",
    "TIDTAM_DATA_DIR",
    "TIDTAM_SECRET_KEY",
    "TIDTAM_ALLOWED_HOSTS",
    "TIDTAM_DATABASE_URL",
    "TIDTAM_HTTPS",
    "TIDTAM_MAX_UPLOAD_MB",
    "TIDTAM_TEST_DB_NAME",
]


@pytest.fixture
def env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> pytest.MonkeyPatch:
    """Start from an environment without any TIDTAM_* variable and a private data dir."""
    for name in TIDTAM_VARS:
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("TIDTAM_DATA_DIR", str(tmp_path / "data"))
    return monkeypatch


def production_env(data_dir: Path) -> dict[str, str]:
    """Return the variables of a production server (no test-only switch such as async-unsafe)."""
    clean = {
        k: v
        for k, v in os.environ.items()
        if not k.startswith("TIDTAM_") and k != "DJANGO_ALLOW_ASYNC_UNSAFE"
    }
    return {
        **clean,
        "TIDTAM_PRODUCTION": "true",
        "TIDTAM_SECRET_KEY": secrets.token_urlsafe(45)[:60],
        "TIDTAM_ALLOWED_HOSTS": "tidtam.example.org",
        "TIDTAM_DATA_DIR": str(data_dir),
        "DJANGO_SETTINGS_MODULE": "tidtam.settings",
    }


# -- tidtam.config.load ------------------------------------------------------------------------


def test_local_defaults(env: pytest.MonkeyPatch, tmp_path: Path) -> None:
    conf = config.load(tmp_path)
    assert conf.production is False
    assert conf.debug is True
    assert conf.https is False
    assert conf.allowed_hosts == ["127.0.0.1", "localhost"]
    assert conf.data_dir == (tmp_path / "data").resolve()
    assert conf.max_upload_mb == 20


def test_local_secret_key_is_generated_once_and_private(
    env: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    first = config.load(tmp_path)
    key_file = tmp_path / "data" / "secret_key"
    assert key_file.read_text(encoding="ascii").strip() == first.secret_key
    assert len(first.secret_key) >= 50
    assert stat.S_IMODE(key_file.stat().st_mode) == 0o600
    assert config.load(tmp_path).secret_key == first.secret_key


def test_production_requires_a_secret_key(env: pytest.MonkeyPatch, tmp_path: Path) -> None:
    env.setenv("TIDTAM_PRODUCTION", "true")
    env.setenv("TIDTAM_ALLOWED_HOSTS", "tidtam.example.org")
    with pytest.raises(config.ConfigError, match="TIDTAM_SECRET_KEY"):
        config.load(tmp_path)
    assert not (tmp_path / "data" / "secret_key").exists()


def test_production_requires_allowed_hosts(env: pytest.MonkeyPatch, tmp_path: Path) -> None:
    env.setenv("TIDTAM_PRODUCTION", "true")
    env.setenv("TIDTAM_SECRET_KEY", "x" * 60)
    with pytest.raises(config.ConfigError, match="TIDTAM_ALLOWED_HOSTS"):
        config.load(tmp_path)


def test_production_turns_on_https_and_off_debug(env: pytest.MonkeyPatch, tmp_path: Path) -> None:
    env.setenv("TIDTAM_PRODUCTION", "true")
    env.setenv("TIDTAM_SECRET_KEY", "k" * 60)
    env.setenv("TIDTAM_ALLOWED_HOSTS", "tidtam.example.org, www.tidtam.example.org")
    conf = config.load(tmp_path)
    assert conf.debug is False
    assert conf.https is True
    assert conf.secret_key == "k" * 60
    assert conf.allowed_hosts == ["tidtam.example.org", "www.tidtam.example.org"]


@pytest.mark.parametrize("word", ["maybe", "2", "yess"])
def test_booleans_refuse_unknown_words(env: pytest.MonkeyPatch, tmp_path: Path, word: str) -> None:
    env.setenv("TIDTAM_DEBUG", word)
    with pytest.raises(config.ConfigError, match="TIDTAM_DEBUG"):
        config.load(tmp_path)


def test_upload_limit_must_be_a_number(env: pytest.MonkeyPatch, tmp_path: Path) -> None:
    env.setenv("TIDTAM_MAX_UPLOAD_MB", "twenty")
    with pytest.raises(config.ConfigError, match="TIDTAM_MAX_UPLOAD_MB"):
        config.load(tmp_path)


# -- TIDTAM_DATABASE_URL -----------------------------------------------------------------------


def test_default_database_is_sqlite_in_the_data_dir_with_wal(
    env: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    db = config.load(tmp_path).database
    assert db["ENGINE"] == "django.db.backends.sqlite3"
    assert db["NAME"] == str((tmp_path / "data").resolve() / "tidtam.sqlite3")
    options = db["OPTIONS"]
    assert isinstance(options, dict)
    assert "PRAGMA journal_mode=WAL;" in options["init_command"]
    assert "PRAGMA foreign_keys=ON;" in options["init_command"]
    assert "PRAGMA busy_timeout=" in options["init_command"]
    assert options["transaction_mode"] == "IMMEDIATE"


def test_sqlite_relative_and_absolute_paths(tmp_path: Path) -> None:
    relative = config.database_from_url("sqlite:///other.db", base_dir=tmp_path)
    assert relative["NAME"] == str(tmp_path / "other.db")
    absolute = config.database_from_url("sqlite:////srv/tidtam/db.sqlite3", base_dir=tmp_path)
    assert absolute["NAME"] == "/srv/tidtam/db.sqlite3"
    spaced = config.database_from_url("sqlite:////srv/my%20data/db.sqlite3", base_dir=tmp_path)
    assert spaced["NAME"] == "/srv/my data/db.sqlite3"


def test_postgres_url(tmp_path: Path) -> None:
    db = config.database_from_url(
        "postgres://tidtam:p%40ss%3Aword@db.internal:6543/tidtam_prod?sslmode=require",
        base_dir=tmp_path,
    )
    assert db["ENGINE"] == "django.db.backends.postgresql"
    assert (db["NAME"], db["USER"], db["PASSWORD"]) == ("tidtam_prod", "tidtam", "p@ss:word")
    assert (db["HOST"], db["PORT"]) == ("db.internal", "6543")
    assert db["OPTIONS"] == {"sslmode": "require"}
    assert db["CONN_MAX_AGE"] == 60
    assert db["CONN_HEALTH_CHECKS"] is True


def test_postgresql_scheme_without_port(tmp_path: Path) -> None:
    db = config.database_from_url("postgresql://postgres@127.0.0.1/test", base_dir=tmp_path)
    assert (db["NAME"], db["USER"], db["PASSWORD"], db["HOST"], db["PORT"]) == (
        "test",
        "postgres",
        "",
        "127.0.0.1",
        "",
    )


def test_unknown_database_is_refused(tmp_path: Path) -> None:
    with pytest.raises(config.ConfigError, match="mysql"):
        config.database_from_url("mysql://u:p@h/db", base_dir=tmp_path)


# -- settings.py under production variables ----------------------------------------------------

PRODUCTION_SETTINGS = """
import json
from django.conf import settings
names = ["DEBUG", "SECURE_SSL_REDIRECT", "SESSION_COOKIE_SECURE", "CSRF_COOKIE_SECURE",
         "LANGUAGE_COOKIE_SECURE", "SECURE_HSTS_SECONDS", "SECURE_HSTS_INCLUDE_SUBDOMAINS",
         "SECURE_PROXY_SSL_HEADER", "SESSION_COOKIE_HTTPONLY", "X_FRAME_OPTIONS",
         "SECURE_CONTENT_TYPE_NOSNIFF", "CSRF_TRUSTED_ORIGINS", "ALLOWED_HOSTS"]
print(json.dumps({name: getattr(settings, name, None) for name in names}))
"""


def test_production_settings_are_secure(tmp_path: Path) -> None:
    done = subprocess.run(  # noqa: S603
        [sys.executable, "-c", PRODUCTION_SETTINGS],
        env=production_env(tmp_path),
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
    )
    values = json.loads(done.stdout)
    assert values["DEBUG"] is False
    assert values["SECURE_SSL_REDIRECT"] is True
    assert values["SESSION_COOKIE_SECURE"] is True
    assert values["CSRF_COOKIE_SECURE"] is True
    assert values["LANGUAGE_COOKIE_SECURE"] is True
    assert values["SECURE_HSTS_SECONDS"] >= 31_536_000
    assert values["SECURE_HSTS_INCLUDE_SUBDOMAINS"] is True
    assert values["SECURE_PROXY_SSL_HEADER"] == ["HTTP_X_FORWARDED_PROTO", "https"]
    assert values["SESSION_COOKIE_HTTPONLY"] is True
    assert values["X_FRAME_OPTIONS"] == "DENY"
    assert values["SECURE_CONTENT_TYPE_NOSNIFF"] is True
    assert values["ALLOWED_HOSTS"] == ["tidtam.example.org"]
    assert values["CSRF_TRUSTED_ORIGINS"] == ["https://tidtam.example.org"]
    assert not (tmp_path / "secret_key").exists()


def test_production_without_secret_key_does_not_start(tmp_path: Path) -> None:
    environment = production_env(tmp_path)
    del environment["TIDTAM_SECRET_KEY"]
    done = subprocess.run(
        [sys.executable, "-c", "from django.conf import settings; settings.DEBUG"],
        env=environment,
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert done.returncode != 0
    assert "TIDTAM_SECRET_KEY is required" in done.stderr


def test_check_deploy_is_clean_with_production_variables(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "tidtam", "check", "--deploy", "--fail-level", "WARNING"],
        env=production_env(tmp_path),
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert "no issues" in done.stdout


# -- headers on every page ---------------------------------------------------------------------


def csp_directives(header: str) -> dict[str, list[str]]:
    directives = {}
    for part in header.split(";"):
        words = part.split()
        if words:
            directives[words[0]] = words[1:]
    return directives


PAGES = [
    ("common:home", False),
    ("common:home", True),
    ("common:about", False),
    ("common:health", False),
    ("accounts:login", False),
    ("admin:login", False),
]


@pytest.mark.django_db
@pytest.mark.parametrize(("name", "signed_in"), PAGES)
def test_every_page_sends_the_security_headers(client: Client, name: str, signed_in: bool) -> None:
    if signed_in:
        client.force_login(User.objects.create_user("somchai", password="a-strong-pass-2568"))
    response = client.get(reverse(name))
    assert response.status_code in {200, 302}
    assert_security_headers(response)


@pytest.mark.django_db
def test_not_found_and_refused_pages_send_the_security_headers(client: Client) -> None:
    assert_security_headers(client.get("/no-such-page/"))
    assert_security_headers(client.post(reverse("common:about")))  # 405


def assert_security_headers(response) -> None:
    csp = csp_directives(response.headers["Content-Security-Policy"])
    assert csp["default-src"] == ["'self'"]
    assert csp["script-src"] == ["'self'"]
    assert csp["style-src"] == ["'self'"]
    assert csp["frame-ancestors"] == ["'none'"]
    assert csp["object-src"] == ["'none'"]
    for sources in csp.values():
        for source in sources:
            assert "unsafe" not in source
            assert "://" not in source, f"a foreign origin in the CSP: {source}"
            assert source != "*"
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"


@pytest.mark.django_db
def test_pages_have_no_inline_script_or_style(client: Client) -> None:
    """The CSP would block them, so they must not exist (style= attributes included)."""
    client.force_login(User.objects.create_user("somchai", password="a-strong-pass-2568"))
    for url in [
        reverse("common:home"),
        reverse("common:about"),
        reverse("accounts:logout_everywhere"),
    ]:
        html = client.get(url).content.decode()
        assert "<style" not in html
        assert " style=" not in html
        assert " onclick=" not in html and " onchange=" not in html
        for chunk in html.split("<script")[1:]:
            assert chunk.lstrip().startswith("src="), f"inline script on {url}"
        assert "https://" not in html.replace("https://www.w3.org", "")


# -- request size ------------------------------------------------------------------------------


@pytest.mark.django_db
def test_a_form_post_over_the_memory_limit_is_refused(client: Client, settings) -> None:
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 10_000
    response = client.post(reverse("accounts:login"), {"username": "x", "password": "y" * 20_000})
    assert response.status_code == 400
    small = client.post(reverse("accounts:login"), {"username": "x", "password": "y" * 100})
    assert small.status_code == 200


def test_data_upload_limit_follows_the_environment() -> None:
    assert settings.TIDTAM_MAX_UPLOAD_BYTES == 20 * 1024 * 1024  # TIDTAM_MAX_UPLOAD_MB default
    assert settings.DATA_UPLOAD_MAX_MEMORY_SIZE <= settings.TIDTAM_MAX_UPLOAD_BYTES
    assert settings.FILE_UPLOAD_MAX_MEMORY_SIZE < settings.DATA_UPLOAD_MAX_MEMORY_SIZE


@pytest.mark.django_db
def test_a_body_over_the_upload_limit_is_refused_with_413(client: Client, settings) -> None:
    from django.core.files.uploadedfile import SimpleUploadedFile

    middleware = "tidtam.common.middleware.RequestSizeLimitMiddleware"
    if middleware not in settings.MIDDLEWARE:
        settings.MIDDLEWARE = [settings.MIDDLEWARE[0], middleware, *settings.MIDDLEWARE[1:]]
    settings.TIDTAM_MAX_UPLOAD_BYTES = 50_000
    big = SimpleUploadedFile("minutes.pdf", b"%PDF" + b"0" * 60_000)
    response = client.post(reverse("accounts:login"), {"username": "x", "file": big})
    assert response.status_code == 413
    assert "MB" in response.content.decode()
    small = SimpleUploadedFile("minutes.pdf", b"%PDF" + b"0" * 1_000)
    assert (
        client.post(reverse("accounts:login"), {"username": "x", "file": small}).status_code == 200
    )
