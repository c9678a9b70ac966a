"""HTTP API benchmark: started servers on 127.0.0.1, loaded from a second process.

In one run, each for `--seconds` (default 20) after a short warm-up, in this order:

1. *bare*: a FastAPI app with one endpoint that does no work, under the same uvicorn
   settings as `leadscore serve` (one worker, h11, no access log): the ceiling;
2. *single-event ingest, SQLite*: `POST /v1/events` of one event, via `leadscore serve`;
3. *single-event ingest, PostgreSQL*: the same on a fresh schema of the local server;
4. *NDJSON batch ingest, SQLite*: `POST /v1/events` of `--batch` events per request;

and on request only (`--only ...,pg-insert`), a reference rather than a target: a FastAPI
endpoint that stores each event's JSON in one PostgreSQL table and commits, no more.

Before each ingest run the server is given `--leads` leads (POST /v1/leads, untimed), so
the run measures the steady state of known leads. Single events go to a lead chosen at
random among them; each batch, like a tracker's flush, carries the activity of
`--batch-leads` leads (default 50, so about 20 events per lead in a batch of 1000). Events
follow a realistic mix of page views (some of /pricing), email opens, content
downloads and the odd demo request, each with a unique event_id. The load generator is
a small asyncio HTTP/1.1 client on keep-alive connections (`--connections`), run as its
own process; it reports requests/s (events/s for the batch), p50 and p99 latency, and the
share of non-2xx answers; beside them, the server's CPU time per request (from /proc,
its child processes included, warm-up included) and, for ingest, the mean number of
requests per transaction (group commit, from /metrics). Nothing is pinned: the servers,
their ingest writer process (`leadscore serve`'s default) and the client share the cores.
`LEADSCORE_INGEST_PROCESS=off` in the environment runs the leadscore servers with ingest
inline instead, for comparison.

Run by hand:
  .venv/bin/python benchmarks/api.py [--seconds 20] [--connections 8] [--leads 10000]
      [--batch 1000] [--batch-leads 50] [--only bare,sqlite,postgresql,batch,pg-insert]
      [--pg URL]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import random
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
BIN = ROOT / ".venv" / "bin"
PG_DEFAULT = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
KINDS = [
    ("page_view", {"url": "/blog/post"}),
    ("page_view", {"url": "/pricing"}),
    ("page_view", {"url": "/product"}),
    ("email_open", {}),
    ("email_click", {}),
    ("content_download", {"asset": "whitepaper"}),
    ("webinar_attended", {}),
    ("demo_request", {}),
]
WEIGHTS = [30, 8, 20, 25, 8, 5, 2, 1]


# --- the bare ceiling ----------------------------------------------------------------------
def bare_app() -> Any:
    from fastapi import FastAPI

    app = FastAPI()

    @app.post("/bare")
    async def bare() -> dict[str, bool]:
        return {"ok": True}

    return app


def insert_app(url: str) -> Any:
    """A reference, not a target: `POST /v1/events` that stores the event's JSON in one
    PostgreSQL table and commits (one round trip, psycopg in FastAPI's thread pool), with
    no key check, scoring or reply. What the database and HTTP alone allow on this machine."""
    import threading

    import psycopg
    from fastapi import Body, FastAPI

    dsn = url.replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(dsn, autocommit=True) as conn:
        conn.execute("CREATE TABLE bench_events (event_id text PRIMARY KEY, body jsonb)")
    local = threading.local()
    app = FastAPI()

    @app.post("/v1/events", status_code=201)
    def ingest(event: dict[str, Any] = Body(...)) -> dict[str, bool]:
        if not hasattr(local, "conn"):
            local.conn = psycopg.connect(dsn, autocommit=True)
        local.conn.execute(
            "INSERT INTO bench_events VALUES (%s, %s) ON CONFLICT DO NOTHING",
            (event["event_id"], json.dumps(event)),
        )
        return {"ok": True}

    return app


# --- servers -------------------------------------------------------------------------------
def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def wait_up(port: int, process: subprocess.Popen[bytes], path: str = "/healthz") -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"server on port {port} exited with {process.returncode}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1) as conn:
                conn.sendall(f"GET {path} HTTP/1.1\r\nHost: x\r\n\r\n".encode())
                if conn.recv(64).startswith(b"HTTP/1.1"):
                    return
        except OSError:
            time.sleep(0.2)
    raise SystemExit(f"server on port {port} did not come up")


def start(command: list[str], port: int, env: dict[str, str], path: str) -> subprocess.Popen[bytes]:
    process = subprocess.Popen(
        command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=ROOT
    )
    wait_up(port, process, path)
    return process


def leadscore_server(db: str, port: int) -> tuple[subprocess.Popen[bytes], str]:
    env = {**os.environ, "LEADSCORE_ENV": "development"}
    subprocess.run(
        [BIN / "leadscore", "init", "--db", db], check=True, env=env, capture_output=True
    )
    made = subprocess.run(
        [BIN / "leadscore", "keys", "create", "--scope", "ingest", "--db", db],
        check=True,
        env=env,
        capture_output=True,
        text=True,
    )
    token = made.stdout.strip().splitlines()[-1]
    command = [str(BIN / "leadscore"), "serve", "--db", db, "--port", str(port)]
    return start([*command, "--log-level", "warning"], port, env, "/healthz"), token


def seed_leads(port: int, token: str, leads: int) -> None:
    """Create the leads the events will name, 500 per request (not timed)."""
    industries = ["software", "fintech", "retail", "manufacturing", "education"]
    titles = ["VP Sales", "Marketing Manager", "Head of Growth", "Engineer", "CEO", "Student"]
    rng = random.Random(leads)
    for start in range(0, leads, 500):
        lines = [
            json.dumps(
                {
                    "lead_id": f"L{number:06d}",
                    "email": f"person{number}@example{number % 97}.com",
                    "industry": rng.choice(industries),
                    "employees": rng.choice([5, 40, 300, 1200, 8000]),
                    "title": rng.choice(titles),
                    "country": "US",
                }
            )
            for number in range(start, min(leads, start + 500))
        ]
        body = "\n".join(lines).encode()
        with socket.create_connection(("127.0.0.1", port)) as conn:
            conn.sendall(
                request_bytes("/v1/leads", body, token, "application/x-ndjson").replace(
                    b"Content-Type", b"Connection: close\r\nContent-Type", 1
                )
            )
            answer = b""
            while chunk := conn.recv(65536):
                answer += chunk
        if not answer.startswith(b"HTTP/1.1 201"):
            raise SystemExit(f"seeding leads failed: {answer[:300]!r}")


def stop(process: subprocess.Popen[bytes]) -> None:
    process.terminate()
    try:
        process.wait(10)
    except subprocess.TimeoutExpired:
        process.kill()


# --- load ----------------------------------------------------------------------------------
def event_line(
    rng: random.Random, leads: int, counter: int, tag: str, among: list[int] | None = None
) -> str:
    kind, props = rng.choices(KINDS, WEIGHTS)[0]
    lead = f"L{rng.choice(among) if among else rng.randrange(leads):06d}"
    day = 1 + rng.randrange(28)
    return json.dumps(
        {
            "event_id": f"{tag}-{counter}",
            "lead_id": lead,
            "type": kind,
            "occurred_at": f"2026-11-{day:02d}T{rng.randrange(24):02d}:00:00Z",
            **props,
        },
        separators=(",", ":"),
    )


def request_bytes(path: str, body: bytes, token: str, content_type: str) -> bytes:
    head = (
        f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer {token}\r\n"
        f"Content-Type: {content_type}\r\nContent-Length: {len(body)}\r\n\r\n"
    )
    return head.encode() + body


async def connection_loop(
    port: int,
    make: Any,
    stop_at: float,
    warm_until: float,
    latencies: list[float],
    codes: dict[int, int],
    answered: list[int],
) -> None:
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    try:
        while True:
            now = time.perf_counter()
            if now >= stop_at:
                return
            writer.write(make())
            head = await reader.readuntil(b"\r\n\r\n")
            status = int(head[9:12])
            length = 0
            for line in head.split(b"\r\n"):
                if line[:15].lower() == b"content-length:":
                    length = int(line[15:])
            if length:
                await reader.readexactly(length)
            done = time.perf_counter()
            answered[0] += 1
            if now >= warm_until:
                latencies.append(done - now)
                codes[status] = codes.get(status, 0) + 1
    finally:
        writer.close()


async def load(
    port: int, make: Any, seconds: float, warmup: float, connections: int
) -> dict[str, Any]:
    latencies: list[float] = []
    codes: dict[int, int] = {}
    answered = [0]
    begin = time.perf_counter()
    warm_until = begin + warmup
    stop_at = warm_until + seconds
    await asyncio.gather(
        *(
            connection_loop(port, make, stop_at, warm_until, latencies, codes, answered)
            for _ in range(connections)
        )
    )
    latencies.sort()
    count = len(latencies)
    return {
        "requests": count,
        "seconds": seconds,
        "rps": count / seconds,
        "p50_ms": 1000 * latencies[count // 2] if count else None,
        "p99_ms": 1000 * latencies[min(count - 1, int(count * 0.99))] if count else None,
        "mean_ms": 1000 * statistics.fmean(latencies) if count else None,
        "codes": codes,
        "answered": answered[0],
    }


def client_main(args: argparse.Namespace) -> None:
    """The load generator process: prints one JSON line of results."""
    rng = random.Random(args.seed)
    counter = iter(range(10**12))
    tag = uuid.uuid4().hex[:8]
    if args.mode == "bare":
        body = b'{"x":1}'
        fixed = request_bytes("/bare", body, "none", "application/json")

        def make() -> bytes:
            return fixed
    elif args.mode == "single":

        def make() -> bytes:
            body = event_line(rng, args.leads, next(counter), tag).encode()
            return request_bytes("/v1/events", body, args.token, "application/json")
    else:

        def make() -> bytes:
            among = rng.sample(range(args.leads), min(args.batch_leads, args.leads))
            lines = [
                event_line(rng, args.leads, next(counter), tag, among) for _ in range(args.batch)
            ]
            body = ("\n".join(lines)).encode()
            return request_bytes("/v1/events", body, args.token, "application/x-ndjson")

    result = asyncio.run(load(args.port, make, args.seconds, args.warmup, args.connections))
    print(json.dumps(result))


def cpu_seconds(pid: int) -> float | None:
    """CPU time of a process and its children so far (Linux /proc); None elsewhere."""
    try:
        return _ticks(pid) / os.sysconf("SC_CLK_TCK")
    except (OSError, ValueError):
        return None


def _ticks(pid: int) -> int:
    with open(f"/proc/{pid}/stat") as stat:
        fields = stat.read().rsplit(")", 1)[1].split()
    total = int(fields[11]) + int(fields[12])
    for task in os.listdir(f"/proc/{pid}/task"):
        with open(f"/proc/{pid}/task/{task}/children") as children:
            total += sum(_ticks(int(child)) for child in children.read().split())
    return total


def ingest_groups(port: int) -> float | None:
    """Mean requests per ingest transaction (group commit), from the server's /metrics."""
    with socket.create_connection(("127.0.0.1", port)) as conn:
        conn.sendall(b"GET /metrics HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n")
        answer = b""
        while chunk := conn.recv(65536):
            answer += chunk
    found = {}
    for line in answer.decode().splitlines():
        name, _, value = line.partition(" ")
        if name.startswith("leadscore_ingest_"):
            found[name] = float(value)
    groups = found.get("leadscore_ingest_groups_total")
    requests = found.get("leadscore_ingest_grouped_requests_total")
    return requests / groups if groups and requests else None


def measured(
    server: subprocess.Popen[bytes], port: int, mode: str, token: str, args: argparse.Namespace
) -> dict[str, Any]:
    """`run_client`, with the server's CPU time per answered request beside it."""
    before = cpu_seconds(server.pid)
    result = run_client(port, mode, token, args)
    after = cpu_seconds(server.pid)
    if before is not None and after is not None and result["answered"]:
        result["server_cpu_ms"] = 1000 * (after - before) / result["answered"]
    if mode != "bare":
        result["per_transaction"] = ingest_groups(port)
    return result


def run_client(port: int, mode: str, token: str, args: argparse.Namespace) -> dict[str, Any]:
    command = [
        sys.executable,
        __file__,
        "--client",
        mode,
        "--port",
        str(port),
        "--token",
        token,
        "--seconds",
        str(args.seconds),
        "--warmup",
        str(args.warmup),
        "--connections",
        str(args.connections),
        "--leads",
        str(args.leads),
        "--batch",
        str(args.batch),
        "--batch-leads",
        str(args.batch_leads),
        "--seed",
        str(args.seed),
    ]
    done = subprocess.run(command, check=True, capture_output=True, text=True)
    return json.loads(done.stdout.strip().splitlines()[-1])


# --- the run -------------------------------------------------------------------------------
def pg_schema(url: str) -> tuple[str, Any]:
    from sqlalchemy import create_engine, text

    admin = create_engine(url, isolation_level="AUTOCOMMIT")
    schema = f"bench_{uuid.uuid4().hex[:10]}"
    with admin.connect() as conn:
        conn.execute(text(f'CREATE SCHEMA "{schema}"'))

    def drop() -> None:
        with admin.connect() as conn:
            conn.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()

    sep = "&" if "?" in url else "?"
    return f"{url}{sep}options=-csearch_path%3D{schema}", drop


def report(name: str, result: dict[str, Any], unit: str = "requests/s", per: int = 1) -> None:
    rate = result["rps"] * per
    errors = sum(n for code, n in result["codes"].items() if int(code) >= 300)
    print(
        f"{name:<34} {rate:>10,.0f} {unit:<11} p50 {result['p50_ms']:7.2f} ms  "
        f"p99 {result['p99_ms']:7.2f} ms  non-2xx {errors}/{result['requests']}"
    )
    extra = []
    if result.get("server_cpu_ms") is not None:
        extra.append(f"server CPU {result['server_cpu_ms']:.3f} ms per request")
    if result.get("per_transaction") is not None:
        extra.append(f"{result['per_transaction']:.1f} requests per transaction")
    if extra:
        print(f"{'':<34} ({'; '.join(extra)})")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--seconds", type=float, default=20.0)
    parser.add_argument("--warmup", type=float, default=2.0)
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--leads", type=int, default=10_000)
    parser.add_argument("--batch", type=int, default=1000)
    parser.add_argument("--batch-leads", type=int, default=50)
    parser.add_argument("--seed", type=int, default=7)
    parser.add_argument("--only", default="bare,sqlite,postgresql,batch")
    parser.add_argument("--pg", default=os.environ.get("LEADSCORE_TEST_PG_URL", PG_DEFAULT))
    parser.add_argument("--client", choices=["bare", "single", "batch"], help=argparse.SUPPRESS)
    parser.add_argument("--port", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--token", default="", help=argparse.SUPPRESS)
    parser.add_argument("--bare-server", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--insert-server", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.client:
        args.mode = args.client
        client_main(args)
        return
    if args.bare_server:
        import uvicorn

        uvicorn.run(
            bare_app(),
            host="127.0.0.1",
            port=args.bare_server,
            log_level="warning",
            access_log=False,
        )
        return
    if args.insert_server:
        import uvicorn

        uvicorn.run(
            insert_app(args.pg),
            host="127.0.0.1",
            port=args.insert_server,
            log_level="warning",
            access_log=False,
        )
        return
    wanted = set(args.only.split(","))
    results: dict[str, dict[str, Any]] = {}
    print(
        f"{args.seconds:.0f} s per run after {args.warmup:.0f} s warm-up, "
        f"{args.connections} connections, {os.cpu_count()} cores; {args.leads:,} leads, "
        f"batches of {args.batch} events over {args.batch_leads} leads"
    )
    with tempfile.TemporaryDirectory() as work:
        if "bare" in wanted:
            port = free_port()
            server = start(
                [sys.executable, __file__, "--bare-server", str(port)],
                port,
                dict(os.environ),
                "/docs",
            )
            try:
                results["bare"] = measured(server, port, "bare", "", args)
            finally:
                stop(server)
            report("bare FastAPI endpoint (ceiling)", results["bare"])
        if "sqlite" in wanted:
            port = free_port()
            server, token = leadscore_server(str(Path(work) / "single.db"), port)
            try:
                seed_leads(port, token, args.leads)
                results["sqlite"] = measured(server, port, "single", token, args)
            finally:
                stop(server)
            report("single-event ingest, SQLite", results["sqlite"])
        if "postgresql" in wanted:
            url, drop = pg_schema(args.pg)
            try:
                port = free_port()
                server, token = leadscore_server(url, port)
                try:
                    seed_leads(port, token, args.leads)
                    results["postgresql"] = measured(server, port, "single", token, args)
                finally:
                    stop(server)
            finally:
                drop()
            report("single-event ingest, PostgreSQL", results["postgresql"])
        if "pg-insert" in wanted:
            url, drop = pg_schema(args.pg)
            try:
                port = free_port()
                command = [sys.executable, __file__, "--insert-server", str(port), "--pg", url]
                server = start(command, port, dict(os.environ), "/docs")
                try:
                    results["pg-insert"] = measured(server, port, "single", "", args)
                finally:
                    stop(server)
            finally:
                drop()
            report("PostgreSQL insert-only (reference)", results["pg-insert"])
        if "batch" in wanted:
            port = free_port()
            server, token = leadscore_server(str(Path(work) / "batch.db"), port)
            try:
                seed_leads(port, token, args.leads)
                results["batch"] = measured(server, port, "batch", token, args)
            finally:
                stop(server)
            report(
                f"NDJSON batch ingest ({args.batch}/req), SQLite",
                results["batch"],
                "events/s",
                args.batch,
            )
    if "bare" in results:
        for name in ("sqlite", "postgresql", "pg-insert"):
            if name in results:
                share = results[name]["rps"] / results["bare"]["rps"]
                print(f"{name}: {share:.0%} of the bare endpoint's requests/s (target >= 40%)")
    if "batch" in results:
        print(f"batch: {results['batch']['rps'] * args.batch:,.0f} events/s (target >= 20,000)")


if __name__ == "__main__":
    main()
