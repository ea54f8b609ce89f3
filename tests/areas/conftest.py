import pytest

from tidtam.areas.loading import ensure_areas_loaded


@pytest.fixture
def areas(db):
    """Make sure the 77 provinces, 928 districts and 7,436 subdistricts are there.

    The migrations load them, but a transactional test flushes every table; this puts them
    back (and costs one count query when they are already there).
    """
    ensure_areas_loaded()
