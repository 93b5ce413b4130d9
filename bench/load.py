"""Mixed storefront load on `mall serve --workers 2` (MariaDB, embedded PostgreSQL, Redis).

Each virtual shopper loops over a weighted mix: browse a listing page (40%), search by keyword
(20%), open a product page with reviews (25%), add to cart (10%), and check out and pay by mock
card (5%). Concurrency rises step by step; every step reports throughput, p50/p99 latency and the
error rate (HTTP >= 500, transport errors, GraphQL errors other than expected user errors).
Then a soak at a moderate concurrency reports the servers' memory growth (RSS of the uvicorn
workers, after a warm-up). Run from the project root:

    python bench/load.py [--steps 4,8,16,32,64] [--step-seconds 20] [--soak-minutes 10]

Each step also says what its failures were; the servers' warnings and errors go to
artifacts/bench/load-server.log.
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
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
import psutil

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
MYSQL_SERVER = os.environ.get("MALL_BENCH_MYSQL_URL", "mysql+aiomysql://root@127.0.0.1:3306")
REDIS_URL = os.environ.get("MALL_BENCH_REDIS_URL", "redis://127.0.0.1:6379/9")
DATABASE = "mall_bench_load"
SERVER_LOG = ROOT / "artifacts" / "bench" / "load-server.log"
SHOPPERS = 200
PASSWORD = "load test password"

LISTING = "query($after: String, $sort: ProductSort) { products(first: 20, after: $after, sort: $sort) { edges { node { id name price rating ratingCount category { name } tags { label weight } } } pageInfo { endCursor } } }"
SEARCH = (
    "query($q: String!) { products(first: 20, filter: {keyword: $q}) { edges { node { id name price } } } }"
)
PRODUCT = "query($id: ID!) { product(id: $id) { id name detail price stock rating images category { name parent { name } } tags { label weight } reviews(first: 10) { edges { node { title stars text authorName } } } } }"
ADD = "mutation($p: ID!) { addToCart(input: {productId: $p, quantity: 1}) { cart { lines { id product { id } } } errors { code } } }"
ADDRESS = 'mutation { createAddress(input: {name: "L", phone: "5550100", province: "P", city: "C", district: "D", detail: "1 Load St"}) { address { id } errors { code } } }'
PLACE = "mutation($i: PlaceOrderInput!) { placeOrder(input: $i) { order { id } errors { code } } }"
PAY = 'mutation($o: ID!) { payOrder(input: {orderId: $o, method: MOCK_CARD, cardNumber: "4242 4242 4242 4242"}) { order { status } errors { code } } }'
LOGIN = "mutation($u: String!, $p: String!) { login(username: $u, password: $p) { token } }"
WORDS = ["coffee", "tea", "chips", "chocolate", "honey", "pasta", "nuts", "juice", "spicy", "organic"]
# user errors a shopper may meet under load (an item sold out meanwhile): not server errors
EXPECTED_CODES = {"OUT_OF_STOCK", "PRODUCT_UNAVAILABLE", "CART_CHANGED", "NOT_FOUND", "QUANTITY"}


@dataclass
class Step:
    latencies: list[float] = field(default_factory=list)
    errors: int = 0
    requests: int = 0
    # what the failures were: "transport", "http 503", "graphql UNAVAILABLE", "payload SOME_CODE"
    kinds: Counter[str] = field(default_factory=Counter)


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def reset_database() -> str:
    import pymysql
    from sqlalchemy.engine import make_url

    url = make_url(MYSQL_SERVER)
    connection = pymysql.connect(
        host=url.host, port=url.port or 3306, user=url.username or "root", password=url.password or ""
    )
    with connection, connection.cursor() as cursor:
        cursor.execute(f"DROP DATABASE IF EXISTS `{DATABASE}`")
        cursor.execute(f"CREATE DATABASE `{DATABASE}` CHARACTER SET utf8mb4")
    return f"{MYSQL_SERVER}/{DATABASE}"


async def seed(database_url: str, media: Path) -> None:
    """The demo catalog with ample stock, and shoppers inserted in bulk (one shared hash)."""
    from sqlalchemy import update
    from sqlmodel import col

    from db.relational import RelationalStore
    from db.tables import Product, User
    from resolvers.passwords import hash_password
    from resolvers.sample_data import load_sample

    store = RelationalStore(database_url)
    async with store.session() as session:
        await load_sample(session, media)
        shared = await hash_password(PASSWORD)
        session.add_all(
            User(username=f"load{n}", password_hash=shared, nickname=f"Load {n}") for n in range(SHOPPERS)
        )
        await session.exec(update(Product).where(col(Product.on_sale).is_(True)).values(stock=1_000_000))
        await session.commit()
    await store.dispose()


class Shopper:
    def __init__(self, http: httpx.AsyncClient, token: str, address: str, products: list[str]) -> None:
        self.http, self.token, self.address, self.products = http, token, address, products
        self.orders = 0

    async def request(self, step: Step, query: str, variables: dict[str, Any]) -> dict[str, Any] | None:
        started = time.perf_counter()
        try:
            response = await self.http.post(
                "/graphql",
                json={"query": query, "variables": variables},
                headers={"Authorization": f"Bearer {self.token}"},
            )
            body = response.json() if response.status_code < 500 else None
        except (httpx.HTTPError, ValueError):
            response, body = None, None
        step.latencies.append((time.perf_counter() - started) * 1000)
        step.requests += 1
        failed = response is None or response.status_code >= 500 or body is None or bool(body.get("errors"))
        if response is None:
            step.kinds["transport"] += 1
        elif body is None:
            step.kinds[f"http {response.status_code}"] += 1
        elif body.get("errors"):
            for error in body["errors"]:
                step.kinds[
                    f"graphql {(error.get('extensions') or {}).get('code') or error.get('message')}"
                ] += 1
        if body and not body.get("errors"):
            data = body.get("data") or {}
            for payload in data.values():
                codes = (
                    {e.get("code") for e in (payload or {}).get("errors") or []}
                    if isinstance(payload, dict)
                    else set()
                )
                if codes - EXPECTED_CODES:
                    failed = True
                    step.kinds.update(f"payload {code}" for code in codes - EXPECTED_CODES)
        step.errors += failed
        return None if failed or body is None else body["data"]

    async def act(self, step: Step) -> None:
        roll = random.random()
        if roll < 0.40:
            await self.request(
                step, LISTING, {"sort": random.choice(["NEWEST", "PRICE_ASC", "RATING", "SALES"])}
            )
        elif roll < 0.60:
            await self.request(step, SEARCH, {"q": random.choice(WORDS)})
        elif roll < 0.85:
            await self.request(step, PRODUCT, {"id": random.choice(self.products)})
        elif roll < 0.95:
            await self.request(step, ADD, {"p": random.choice(self.products)})
        else:
            cart = await self.request(step, ADD, {"p": random.choice(self.products)})
            if not cart or not cart["addToCart"]["cart"]:
                return
            lines = [line["id"] for line in cart["addToCart"]["cart"]["lines"]]
            key = f"load-{self.token[-12:]}-{self.orders}-{time.monotonic_ns()}"
            placed = await self.request(
                step, PLACE, {"i": {"cartItemIds": lines, "addressId": self.address, "idempotencyKey": key}}
            )
            self.orders += 1
            if placed and placed["placeOrder"]["order"]:
                await self.request(step, PAY, {"o": placed["placeOrder"]["order"]["id"]})


async def prepare_shoppers(base: str, count: int) -> list[Shopper]:
    http = httpx.AsyncClient(base_url=base, timeout=30, limits=httpx.Limits(max_connections=256))
    listing = (
        await http.post("/graphql", json={"query": "{ products(first: 100) { edges { node { id } } } }"})
    ).json()
    products = [edge["node"]["id"] for edge in listing["data"]["products"]["edges"]]
    shoppers = []
    for n in range(count):
        login = (
            await http.post("/graphql", json={"query": LOGIN, "variables": {"u": f"load{n}", "p": PASSWORD}})
        ).json()
        token = login["data"]["login"]["token"]
        address = (
            await http.post("/graphql", json={"query": ADDRESS}, headers={"Authorization": f"Bearer {token}"})
        ).json()
        shoppers.append(Shopper(http, token, address["data"]["createAddress"]["address"]["id"], products))
    return shoppers


async def run_step(shoppers: list[Shopper], concurrency: int, seconds: float) -> Step:
    step = Step()
    deadline = time.monotonic() + seconds

    async def loop(shopper: Shopper) -> None:
        while time.monotonic() < deadline:
            await shopper.act(step)

    await asyncio.gather(*(loop(shoppers[n % len(shoppers)]) for n in range(concurrency)))
    return step


async def sample_rss(server: subprocess.Popen[bytes], samples: list[float]) -> None:
    """The servers' RSS every 30 s of the soak: growth shows as a trend, not only two points."""
    while True:
        samples.append(round(server_rss_mb(server), 1))
        await asyncio.sleep(30)


def server_rss_mb(server: subprocess.Popen[bytes]) -> float:
    parent = psutil.Process(server.pid)
    processes = [parent, *parent.children(recursive=True)]
    return float(sum(p.memory_info().rss for p in processes if "postgres" not in p.name())) / 2**20


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--steps", default="4,8,16,32,64")
    parser.add_argument("--step-seconds", type=float, default=20)
    parser.add_argument("--soak-minutes", type=float, default=10)
    parser.add_argument("--soak-concurrency", type=int, default=8)
    args = parser.parse_args()

    from db import migrations

    data_dir = Path(tempfile.mkdtemp(prefix="mall-load-"))
    database_url = reset_database()
    migrations.upgrade(database_url)
    asyncio.run(seed(database_url, data_dir / "media"))
    port = free_port()
    env = {
        **os.environ,
        "MALL_DATABASE_URL": database_url,
        "MALL_REDIS_URL": REDIS_URL,
        "MALL_DATA_DIR": str(data_dir),
        "MALL_SECRET_KEY": "load-secret-key-0123456789abcdefghijklmnopqrstuvwx",
        "MALL_LOGIN_ATTEMPTS_PER_MINUTE": "100000",
        "MALL_LOG_LEVEL": "warning",
    }
    # warnings and errors of the servers (what an UNAVAILABLE was) are kept for reading afterwards
    SERVER_LOG.parent.mkdir(parents=True, exist_ok=True)
    server = subprocess.Popen(
        [sys.executable, "-m", "cli.main", "serve", "--port", str(port), "--workers", "2"],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=SERVER_LOG.open("wb"),
    )
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(120):
            try:
                if httpx.get(f"{base}/readyz", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            time.sleep(0.5)
        rows = []

        async def steps() -> list[Shopper]:
            shoppers = await prepare_shoppers(base, min(SHOPPERS, max(int(c) for c in args.steps.split(","))))
            for concurrency in (int(c) for c in args.steps.split(",")):
                step = await run_step(shoppers, concurrency, args.step_seconds)
                quantiles = (
                    statistics.quantiles(step.latencies, n=100) if len(step.latencies) > 1 else [0.0] * 99
                )
                rows.append(
                    {
                        "concurrency": concurrency,
                        "rps": step.requests / args.step_seconds,
                        "p50_ms": quantiles[49],
                        "p99_ms": quantiles[98],
                        "error_rate": step.errors / max(step.requests, 1),
                        "requests": step.requests,
                        "error_kinds": dict(step.kinds),
                    }
                )
                print(
                    f"{concurrency:>5} clients {rows[-1]['rps']:>8.1f} req/s  p50 {quantiles[49]:>7.1f} ms  "
                    f"p99 {quantiles[98]:>7.1f} ms  errors {rows[-1]['error_rate']:.2%} {dict(step.kinds) or ''}",
                    flush=True,
                )
            return shoppers

        soak_growth = None
        rss_samples: list[float] = []
        soak_stats: dict[str, Any] = {}

        async def soak(shoppers: list[Shopper]) -> tuple[float, float]:
            await run_step(shoppers, args.soak_concurrency, 30)  # warm caches and pools first
            start = server_rss_mb(server)
            sampling = asyncio.create_task(sample_rss(server, rss_samples))
            step = await run_step(shoppers, args.soak_concurrency, args.soak_minutes * 60)
            sampling.cancel()
            soak_stats.update(
                requests=step.requests,
                rps=round(step.requests / (args.soak_minutes * 60), 1),
                error_rate=round(step.errors / max(step.requests, 1), 4),
                error_kinds=dict(step.kinds),
            )
            return start, server_rss_mb(server)

        async def everything() -> tuple[float, float] | None:
            # one event loop: the shoppers' HTTP clients belong to the loop that opened them
            shoppers = await steps()
            return await soak(shoppers) if args.soak_minutes > 0 else None

        memory = asyncio.run(everything())
        if memory is not None:
            start_mb, end_mb = memory
            soak_growth = end_mb - start_mb
            print(
                f"soak: {args.soak_minutes:g} min at {args.soak_concurrency} clients, "
                f"RSS {start_mb:.1f} -> {end_mb:.1f} MB ({soak_growth:+.1f} MB)"
            )
    finally:
        server.terminate()
        server.wait(timeout=30)

    good = [row for row in rows if row["error_rate"] < 0.01]
    best = max(good, key=lambda row: row["rps"]) if good else None
    print("\nclients   req/s   p50 ms   p99 ms   errors")
    for row in rows:
        print(
            f"{row['concurrency']:>7} {row['rps']:>7.1f} {row['p50_ms']:>8.1f} {row['p99_ms']:>8.1f} {row['error_rate']:>8.2%}"
        )
    print(
        json.dumps(
            {
                "max_rps_under_1pct_errors": round(best["rps"], 1) if best else 0,
                "p99_ms_at_that_rps": round(best["p99_ms"], 1) if best else None,
                "soak_rss_growth_mb": round(soak_growth, 1) if soak_growth is not None else None,
                "soak_rss_samples_mb": rss_samples,
                "soak": soak_stats,
                "steps": [
                    {k: round(v, 4) if isinstance(v, float) else v for k, v in row.items()} for row in rows
                ],
            }
        )
    )


if __name__ == "__main__":
    main()
