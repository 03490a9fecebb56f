"""Load on `dossier serve`: concurrent clients on loopback, mixed pages and API calls, while a
build writes into the same store.

    python bench/load.py [--clients 50] [--seconds 60] [--json]

Builds the sample corpus into a temporary store, starts `dossier serve` on a free loopback port
(no rate limit: every client shares 127.0.0.1), then runs CLIENTS threads that request pages and
API calls in turn for SECONDS, while `dossier build --force` rewrites the store twice over in the
background. Prints requests, errors (any answer other than 200, or a failed connection), p50/p95/max
latency and requests/s. Stops by itself; traffic goes to 127.0.0.1 only.
"""
from __future__ import annotations

import argparse
import json
import os
import socket
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
PATHS = ["/", "/timeline", "/flows", "/conflicts", "/actors", "/graph", "/search?q=veto", "/actors/PUTIN",
         "/api/timeline?limit=20", "/api/flows", "/api/claims?about=container", "/api/conflicts",
         "/api/actors?limit=10", "/api/search?q=containers", "/api/graph?limit=20"]


def _port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--clients", type=int, default=50)
    ap.add_argument("--seconds", type=float, default=60.0)
    ap.add_argument("--json", action="store_true")
    args = ap.parse_args(argv)
    import httpx

    work = Path(tempfile.mkdtemp(prefix="dossier-load-"))
    db = work / "load.db"
    dossier = [str(Path(sys.executable).with_name("dossier"))]  # the console script beside this Python
    subprocess.run(dossier + ["build", str(ROOT / "examples" / "corpus"), "--db", str(db), "-q"], check=True,
                   capture_output=True)
    port = _port()
    server = subprocess.Popen(dossier + ["serve", "--db", str(db), "--port", str(port), "--rate", "0"],
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(300):
            try:
                if httpx.get(base + "/api/actors?limit=1", timeout=2).status_code == 200:
                    break
            except httpx.HTTPError:
                time.sleep(0.1)
        stop = time.monotonic() + args.seconds
        times: list[float] = []
        errors: list[str] = []
        lock = threading.Lock()

        def client(k: int) -> None:
            with httpx.Client(base_url=base, timeout=30) as c:
                i = k
                while time.monotonic() < stop:
                    path = PATHS[i % len(PATHS)]
                    i += 1
                    t0 = time.perf_counter()
                    try:
                        r = c.get(path)
                        ok = r.status_code == 200
                        why = f"{path}: {r.status_code}"
                    except httpx.HTTPError as e:
                        ok, why = False, f"{path}: {type(e).__name__}"
                    dt = time.perf_counter() - t0
                    with lock:
                        times.append(dt)
                        if not ok:
                            errors.append(why)

        writes = {"builds": 0}

        def writer() -> None:
            while time.monotonic() < stop:
                subprocess.run(dossier + ["build", str(ROOT / "examples" / "corpus"), "--db", str(db), "-q", "--force"],
                               capture_output=True)
                writes["builds"] += 1

        threads = [threading.Thread(target=client, args=(k,)) for k in range(args.clients)]
        w = threading.Thread(target=writer)
        t0 = time.monotonic()
        w.start()
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        w.join()
        wall = time.monotonic() - t0
    finally:
        server.terminate()
        server.wait(timeout=10)
    times.sort()

    def pct(p: float) -> float:
        return round(times[min(len(times) - 1, int(p * len(times)))] * 1000, 1) if times else 0.0

    result = {"clients": args.clients, "seconds": round(wall, 1), "requests": len(times), "errors": len(errors),
              "requests_per_s": round(len(times) / wall, 1), "p50_ms": pct(0.50), "p95_ms": pct(0.95),
              "max_ms": pct(1.0), "builds_during_load": writes["builds"], "first_errors": errors[:5],
              "cpu": os.cpu_count()}
    if args.json:
        print(json.dumps(result, indent=2))
    else:
        print(" ".join(f"{k}={v}" for k, v in result.items()))
    return 0 if not errors else 1


if __name__ == "__main__":
    raise SystemExit(main())
