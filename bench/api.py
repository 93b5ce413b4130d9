"""Storefront listing throughput: GraphQL (`mall serve`, one process) vs a plain Starlette endpoint.

Both serve the same 20 products with category, rating, tags and price from the same MariaDB
database; the plain endpoint uses hand-written SQL. Load comes from wrk (apt-get install wrk)
when present, else from an httpx client. Also counts SQL statements per listing at page sizes
5 and 50. Run from the project root: python bench/api.py [--seconds 15] [--clients 32]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import re
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import textwrap
import time
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

MYSQL_SERVER = os.environ.get("MALL_BENCH_MYSQL_URL", "mysql+aiomysql://root@127.0.0.1:3306")
DATABASE = "mall_bench_api"
LISTING = (
    "query Listing($first: Int!) { products(first: $first) { edges { node { id name price rating "
    "ratingCount category { id name } tags { label weight } } } pageInfo { hasNextPage endCursor } } }"
)

PLAIN_APP = textwrap.dedent(
    '''
    """A plain JSON endpoint with hand-written SQL: the baseline GraphQL is compared with."""
    import os
    from contextlib import asynccontextmanager
    import aiomysql
    from starlette.applications import Starlette
    from starlette.responses import JSONResponse
    from starlette.routing import Route

    POOL = {}

    @asynccontextmanager
    async def lifespan(app):
        POOL["p"] = await aiomysql.create_pool(host="127.0.0.1", port=3306, user="root",
            db=os.environ["BENCH_DB"], minsize=5, maxsize=20, autocommit=True)
        yield
        POOL["p"].close()
        await POOL["p"].wait_closed()

    async def listing(request):
        first = int(request.query_params.get("first", "20"))
        async with POOL["p"].acquire() as conn, conn.cursor() as cur:
            await cur.execute(
                "SELECT id, name, price, rating_sum, rating_count, category_id FROM products "
                "WHERE on_sale = 1 ORDER BY created_at DESC, id DESC LIMIT %s", (first + 1,))
            rows = await cur.fetchall()
            page = rows[:first]
            product_ids = [r[0] for r in page]
            category_ids = sorted({r[5] for r in page})
            categories, tags = {}, {pid: [] for pid in product_ids}
            if page:
                marks = ",".join(["%s"] * len(category_ids))
                await cur.execute(f"SELECT id, name FROM categories WHERE id IN ({marks})", category_ids)
                categories = {cid: name for cid, name in await cur.fetchall()}
                marks = ",".join(["%s"] * len(product_ids))
                await cur.execute(
                    f"SELECT product_id, label, weight FROM product_tags WHERE product_id IN ({marks}) "
                    "ORDER BY product_id, position", product_ids)
                for pid, label, weight in await cur.fetchall():
                    tags[pid].append({"label": label, "weight": weight})
        edges = [{"node": {
            "id": str(pid), "name": name, "price": str(price),
            "rating": round(rsum / rcount, 2) if rcount else None, "ratingCount": rcount,
            "category": {"id": str(cid), "name": categories.get(cid)}, "tags": tags[pid]}}
            for pid, name, price, rsum, rcount, cid in page]
        return JSONResponse({"data": {"products": {"edges": edges,
            "pageInfo": {"hasNextPage": len(rows) > first}}}})

    app = Starlette(routes=[Route("/listing", listing)], lifespan=lifespan)
    '''
)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def database_url() -> str:
    return f"{MYSQL_SERVER}/{DATABASE}"


def reset_database() -> None:
    import pymysql
    from sqlalchemy.engine import make_url

    url = make_url(MYSQL_SERVER)
    connection = pymysql.connect(
        host=url.host, port=url.port or 3306, user=url.username or "root", password=url.password or ""
    )
    with connection, connection.cursor() as cursor:
        cursor.execute(f"DROP DATABASE IF EXISTS `{DATABASE}`")
        cursor.execute(f"CREATE DATABASE `{DATABASE}` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci")


async def seed(data_dir: Path) -> None:
    """The demo's sample data, plus three tags per product so the listing loads tags too."""
    from sqlmodel import select

    from db.relational import RelationalStore
    from db.tables import Product, ProductTag
    from resolvers.sample_data import load_sample

    store = RelationalStore(database_url())
    async with store.session() as session:
        await load_sample(session, data_dir / "media")
        products = (await session.exec(select(Product.id))).all()
        for product_id in products:
            assert product_id is not None
            session.add_all(
                ProductTag(product_id=product_id, label=f"tag {n}", weight=0.5 / (n + 1), position=n)
                for n in range(3)
            )
        await session.commit()
    await store.dispose()


async def count_statements(page_size: int) -> int:
    from sqlalchemy import event

    from api.app import create_app
    from config.settings import Settings

    settings = Settings(database_url=database_url(), data_dir=Path(tempfile.mkdtemp()))
    app = create_app(settings, start_vectors=False)
    statements: list[str] = []
    engine = app.state.services.store.engine.sync_engine
    event.listen(engine, "before_cursor_execute", lambda *a: statements.append(a[2]))
    async with httpx.AsyncClient(transport=httpx.ASGITransport(app=app), base_url="http://b") as client:
        await client.post("/graphql", json={"query": LISTING, "variables": {"first": page_size}})  # warm
        statements.clear()
        response = await client.post("/graphql", json={"query": LISTING, "variables": {"first": page_size}})
        assert len(response.json()["data"]["products"]["edges"]) == page_size
    await app.state.services.store.dispose()
    return len([s for s in statements if not s.lstrip().upper().startswith("SELECT 1")])


def start(command: list[str], env: dict[str, str], port: int, path: str) -> subprocess.Popen[bytes]:
    process = subprocess.Popen(command, env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"http://127.0.0.1:{port}{path}", timeout=1).status_code < 500:
                return process
        except httpx.HTTPError:
            time.sleep(0.3)
    process.kill()
    raise SystemExit(
        f"server did not start: {' '.join(command)}\n"
        + (process.stderr.read().decode() if process.stderr else "")
    )


WRK_SCRIPT = """
wrk.method = "{method}"
wrk.body = {body}
wrk.headers["Content-Type"] = "application/json"
done = function(summary, latency, requests)
  io.write(string.format("RESULT %f %f %f %d %d\\n", summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(99) / 1000, summary.requests,
    summary.errors.status + summary.errors.connect + summary.errors.read + summary.errors.timeout))
end
"""


def load_with_wrk(url: str, body: str | None, clients: int, seconds: int) -> dict[str, float]:
    with tempfile.NamedTemporaryFile("w", suffix=".lua", delete=False) as script:
        script.write(
            WRK_SCRIPT.format(method="POST" if body else "GET", body=json.dumps(body) if body else "nil")
        )
    output = subprocess.run(
        ["wrk", "-t2", f"-c{clients}", f"-d{seconds}s", "-s", script.name, url],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    match = re.search(r"RESULT (\S+) (\S+) (\S+) (\d+) (\d+)", output)
    assert match, output
    rps, p50, p99, total, errors = match.groups()
    return {
        "rps": float(rps),
        "p50_ms": float(p50),
        "p99_ms": float(p99),
        "requests": int(total),
        "errors": int(errors),
    }


async def load_with_httpx(url: str, body: str | None, clients: int, seconds: int) -> dict[str, float]:
    latencies: list[float] = []
    errors = 0
    deadline = time.monotonic() + seconds

    async def worker(client: httpx.AsyncClient) -> None:
        nonlocal errors
        while time.monotonic() < deadline:
            started = time.perf_counter()
            response = await (
                client.post(url, content=body, headers={"Content-Type": "application/json"})
                if body
                else client.get(url)
            )
            latencies.append((time.perf_counter() - started) * 1000)
            errors += response.status_code != 200

    async with httpx.AsyncClient(limits=httpx.Limits(max_connections=clients)) as client:
        started = time.monotonic()
        await asyncio.gather(*(worker(client) for _ in range(clients)))
        elapsed = time.monotonic() - started
    quantiles = statistics.quantiles(latencies, n=100)
    return {
        "rps": len(latencies) / elapsed,
        "p50_ms": quantiles[49],
        "p99_ms": quantiles[98],
        "requests": len(latencies),
        "errors": errors,
    }


def load(url: str, body: str | None, clients: int, seconds: int) -> dict[str, float]:
    if shutil.which("wrk"):
        return load_with_wrk(url, body, clients, seconds)
    return asyncio.run(load_with_httpx(url, body, clients, seconds))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--seconds", type=int, default=15)
    parser.add_argument("--clients", type=int, default=32)
    args = parser.parse_args()

    from db import migrations

    data_dir = Path(tempfile.mkdtemp(prefix="mall-bench-"))
    print("seeding MariaDB database", DATABASE)
    reset_database()
    migrations.upgrade(database_url())
    asyncio.run(seed(data_dir))
    sql_5 = asyncio.run(count_statements(5))
    sql_50 = asyncio.run(count_statements(50))

    env = {
        **os.environ,
        "MALL_DATABASE_URL": database_url(),
        "MALL_DATA_DIR": str(data_dir),
        "MALL_SECRET_KEY": "bench-secret-key-0123456789abcdefghijklmnop",
        "BENCH_DB": DATABASE,
    }
    graphql_port, plain_port = free_port(), free_port()
    plain_file = data_dir / "plain_app.py"
    plain_file.write_text(PLAIN_APP)
    servers = [
        start(
            [sys.executable, "-m", "cli.main", "serve", "--port", str(graphql_port)],
            env,
            graphql_port,
            "/livez",
        ),
        start(
            [
                sys.executable,
                "-m",
                "uvicorn",
                "--app-dir",
                str(data_dir),
                "plain_app:app",
                "--port",
                str(plain_port),
                "--log-level",
                "warning",
            ],
            env,
            plain_port,
            "/listing",
        ),
    ]
    try:
        body = json.dumps({"query": LISTING, "variables": {"first": 20}})
        check = httpx.post(
            f"http://127.0.0.1:{graphql_port}/graphql",
            content=body,
            headers={"Content-Type": "application/json"},
        ).json()
        assert len(check["data"]["products"]["edges"]) == 20, check
        load(f"http://127.0.0.1:{graphql_port}/graphql", body, args.clients, 3)  # warm up
        graphql = load(f"http://127.0.0.1:{graphql_port}/graphql", body, args.clients, args.seconds)
        load(f"http://127.0.0.1:{plain_port}/listing?first=20", None, args.clients, 3)
        plain = load(f"http://127.0.0.1:{plain_port}/listing?first=20", None, args.clients, args.seconds)
    finally:
        for server in servers:
            server.terminate()
            server.wait(timeout=20)

    print(f"\n{'endpoint':<10} {'req/s':>9} {'p50 ms':>8} {'p99 ms':>8} {'requests':>9} {'errors':>7}")
    for name, row in (("graphql", graphql), ("plain", plain)):
        print(
            f"{name:<10} {row['rps']:>9.1f} {row['p50_ms']:>8.1f} {row['p99_ms']:>8.1f} "
            f"{row['requests']:>9} {row['errors']:>7}"
        )
    print(f"SQL statements per listing: page 5 -> {sql_5}, page 50 -> {sql_50}")
    print(
        f"load generator: {'wrk' if shutil.which('wrk') else 'httpx'}, "
        f"{args.clients} clients, {args.seconds}s"
    )
    print(
        json.dumps(
            {
                "graphql_rps": round(graphql["rps"], 1),
                "plain_rps": round(plain["rps"], 1),
                "ratio": round(graphql["rps"] / plain["rps"], 3),
                "p50_ms": round(graphql["p50_ms"], 2),
                "p99_ms": round(graphql["p99_ms"], 2),
                "sql_per_request_5": sql_5,
                "sql_per_request_50": sql_50,
                "graphql_errors": graphql["errors"],
                "plain_errors": plain["errors"],
            }
        )
    )


if __name__ == "__main__":
    main()
