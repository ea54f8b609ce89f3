"""Test settings shared by the whole suite."""

from __future__ import annotations

import os
from pathlib import Path

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
os.environ.setdefault("PYTHAINLP_READ_ONLY", "1")

import pytest
from django.conf import settings


@pytest.fixture(autouse=True)
def _bangkok_and_fast_hashing(settings):
    """Run every test in Asia/Bangkok and with a fast password hasher."""
    settings.TIME_ZONE = "Asia/Bangkok"
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }


@pytest.fixture
def media_dir(tmp_path, settings):
    """Keep uploaded and generated files of a test in its own temporary folder."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


REPO_ROOT = Path(__file__).resolve().parents[1]
# The seed documents live beside the checkout (../shared/seeds), as CI and developers have them.
SEEDS_DIR = Path(os.environ.get("TIDTAM_SEEDS_DIR", REPO_ROOT.parent / "shared" / "seeds"))


def seed_file(prefix: str) -> Path:
    """Return the seed document whose name starts with ``prefix``; skip the test without seeds."""
    found = sorted(SEEDS_DIR.glob(f"{prefix}_*.txt"))
    if not found:
        pytest.skip(f"seed {prefix} not found in {SEEDS_DIR} (set TIDTAM_SEEDS_DIR)")
    return found[0]


def is_postgres() -> bool:
    return settings.DATABASES["default"]["ENGINE"].endswith("postgresql")


@pytest.fixture
def areas(db):
    """Make sure the Thai administrative areas are loaded (a transactional test flushes them)."""
    from tidtam.areas.loading import ensure_areas_loaded

    ensure_areas_loaded()


@pytest.fixture(autouse=True)
def _areas_for_every_database_test(request):
    """Give every test that uses the database the official areas, as a real install has them.

    The migrations load them into the test database, but a transactional test (the browser
    tests) ends with a flush that empties every table, and pytest may order tests around
    the parametrised browser fixture so that database tests come after one. Checking costs
    four count queries; reloading happens only after a flush.
    """
    uses_db = (
        request.node.get_closest_marker("django_db") is not None
        or "db" in request.fixturenames
        or "transactional_db" in request.fixturenames
    )
    if not uses_db:
        return
    request.getfixturevalue("_django_db_helper")  # pytest-django: opens the test's database
    from tidtam.areas.loading import ensure_areas_loaded

    ensure_areas_loaded()
