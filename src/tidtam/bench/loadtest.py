"""A small load generator: N threads, each a loop of GETs with a session cookie, for T seconds.

127.0.0.1 only, bounded in time and in the number of requests. Also starts and stops the
gunicorn server it loads.
"""

from __future__ import annotations

import http.client
import os
import socket
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from typing import Any

from tidtam.bench.stats import percentile

HOST = "127.0.0.1"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return int(sock.getsockname()[1])


@dataclass
class Gunicorn:
    port: int
    proc: subprocess.Popen[bytes]

    def stop(self) -> None:
        self.proc.terminate()
        try:
            self.proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()


def start_gunicorn(workers: int = 2, ready_path: str = "/accounts/login/") -> Gunicorn:
    """Start ``gunicorn tidtam.wsgi -w N`` on a free port of 127.0.0.1 and wait until it answers."""
    port = free_port()
    env = dict(os.environ, DJANGO_SETTINGS_MODULE="tidtam.settings")
    proc = subprocess.Popen(  # noqa: S603 - our own interpreter and module, fixed arguments
        [
            sys.executable,
            "-m",
            "gunicorn",
            "tidtam.wsgi",
            "-w",
            str(workers),
            "-b",
            f"{HOST}:{port}",
            "--timeout",
            "120",
            "--log-level",
            "warning",
        ],
        env=env,
    )
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"gunicorn exited with {proc.returncode}")
        try:
            conn = http.client.HTTPConnection(HOST, port, timeout=10)
            conn.request("GET", ready_path)
            conn.getresponse().read()
            conn.close()
            return Gunicorn(port, proc)
        except OSError:
            time.sleep(0.3)
    proc.terminate()
    raise RuntimeError("gunicorn did not answer within 120 s")


def run_load(
    port: int,
    path: str,
    cookie: str,
    *,
    clients: int = 20,
    seconds: float = 60,
    max_requests: int = 1_000_000,
) -> dict[str, Any]:
    """Load ``path`` with ``clients`` threads for ``seconds``; return counts and latencies (ms)."""
    latencies: list[float] = []
    errors: list[str] = []
    lock = threading.Lock()
    budget = [max_requests]
    deadline = time.monotonic() + seconds
    headers = {"Cookie": cookie, "Host": f"{HOST}:{port}"}

    def worker() -> None:
        conn = http.client.HTTPConnection(HOST, port, timeout=60)
        mine: list[float] = []
        my_errors: list[str] = []
        while time.monotonic() < deadline:
            with lock:
                if budget[0] <= 0:
                    break
                budget[0] -= 1
            t0 = time.perf_counter_ns()
            try:
                conn.request("GET", path, headers=headers)
                response = conn.getresponse()
                response.read()
                if response.status != 200:
                    my_errors.append(f"HTTP {response.status}")
                    continue
                mine.append((time.perf_counter_ns() - t0) / 1e6)
            except (OSError, http.client.HTTPException) as exc:
                my_errors.append(type(exc).__name__)
                conn.close()
                conn = http.client.HTTPConnection(HOST, port, timeout=60)
        conn.close()
        with lock:
            latencies.extend(mine)
            errors.extend(my_errors)

    started = time.monotonic()
    threads = [threading.Thread(target=worker, daemon=True) for _ in range(clients)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=seconds + 90)
    elapsed = time.monotonic() - started
    latencies.sort()
    return {
        "clients": clients,
        "seconds": round(elapsed, 1),
        "requests": len(latencies) + len(errors),
        "ok": len(latencies),
        "errors": len(errors),
        "error_kinds": sorted(set(errors))[:5],
        "rps": round(len(latencies) / elapsed, 1) if elapsed else 0,
        "p50_ms": percentile(latencies, 50),
        "p95_ms": percentile(latencies, 95),
        "p99_ms": percentile(latencies, 99),
    }
