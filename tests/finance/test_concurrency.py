"""Race: 20 officers transfer at the same moment for the same remaining amount (PostgreSQL)."""

from __future__ import annotations

import datetime as dt
import threading
from decimal import Decimal

import pytest
from django.db import connection

from tests.conftest import is_postgres
from tidtam.finance import services
from tidtam.finance.errors import TransferRefused
from tidtam.finance.models import Tranche, Transfer

from .conftest import Small

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(not is_postgres(), reason="row locks are tested on PostgreSQL"),
]

THREADS = 20


def test_twenty_racing_transfers_never_overdraw():
    small = Small()
    project = small.approved_project(100_000)  # tranche 1 cap: 70,000
    tranche = Tranche.objects.get(project=project, number=1)
    services.tranche_transfer(tranche, 40_000, dt.date(2021, 3, 1))
    # 30,000 left; each of 20 threads tries 10,000 at once: exactly 3 may succeed.
    barrier = threading.Barrier(THREADS)
    results: list[str] = []
    lock = threading.Lock()

    def officer(n: int) -> None:
        try:
            barrier.wait()
            services.tranche_transfer(tranche, 10_000, dt.date(2021, 3, 2), f"RACE-{n}")
            outcome = "ok"
        except TransferRefused as error:
            outcome = error.code
        except Exception as error:
            outcome = f"error: {error!r}"
        finally:
            connection.close()
        with lock:
            results.append(outcome)

    threads = [threading.Thread(target=officer, args=(n,)) for n in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert sorted(set(results)) == ["above_cap", "ok"], results
    assert results.count("ok") == 3
    total = sum(
        Transfer.objects.filter(tranche=tranche).values_list("amount", flat=True), Decimal(0)
    )
    assert total == Decimal("70000")
