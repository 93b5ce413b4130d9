"""Checkout under load, on MariaDB, through the GraphQL endpoint of a real uvicorn process.

1. Oversell: 500 distinct users place an order at once for one product with stock 100.
   Exactly 100 must succeed, the rest get OUT_OF_STOCK, and the stock must end at 0.
2. Throughput: 50 concurrent clients check out (one cart line each, 1-3 units) from a catalog
   of 1,000 products with ample stock, for a bounded time; orders/s and latency percentiles.

Run from the project root: `python bench/checkout.py` (MALL_BENCH_MYSQL_URL to point elsewhere).
Users and the throughput phase's cart lines are bulk-inserted (argon2 hashing 550 passwords
would dominate the setup); the catalog, phase-1 carts and addresses go through the resolvers.
The last line is one JSON object with the figures.
"""

from __future__ import annotations

import asyncio
import json
import os
import random
import secrets
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from datetime import timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import httpx
import pymysql
from sqlalchemy import func
from sqlalchemy.engine import make_url
from sqlmodel import col, select

PROJECT_ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(PROJECT_ROOT))

from db import migrations  # noqa: E402
from db.relational import RelationalStore  # noqa: E402
from db.tables import Address, CartItem, Order, OrderItem, Product, User  # noqa: E402
from resolvers import addresses, cart, catalog  # noqa: E402
from resolvers.passwords import hash_password  # noqa: E402
from resolvers.tokens import TokenIssuer  # noqa: E402

SERVER_URL = os.environ.get("MALL_BENCH_MYSQL_URL", "mysql+aiomysql://root@127.0.0.1:3306")
DATABASE = "mall_bench_checkout"
SECRET = secrets.token_urlsafe(48)
RACE_USERS, RACE_STOCK = 500, 100
LOAD_CLIENTS, LOAD_PRODUCTS, LOAD_LINES_PER_CLIENT = 50, 1_000, 100
LOAD_SECONDS = 30.0
PLACE_ORDER = """
mutation($input: PlaceOrderInput!) {
  placeOrder(input: $input) { order { number total items { quantity } } errors { code } }
}
"""
# `mall serve` with the vector store left off: the checkout never touches it
SERVER_CODE = """
import uvicorn
from api.app import create_app
uvicorn.run(create_app(start_vectors=False), host="127.0.0.1", port={port}, log_level="warning",
            access_log=False)
"""


@dataclass
class Outcome:
    ok: list[str] = field(default_factory=list)  # order numbers
    codes: dict[str, int] = field(default_factory=dict)
    latencies_ms: list[float] = field(default_factory=list)

    def add(self, body: dict[str, Any], elapsed_ms: float) -> None:
        self.latencies_ms.append(elapsed_ms)
        payload = (body.get("data") or {}).get("placeOrder")
        if payload and payload["order"]:
            self.ok.append(payload["order"]["number"])
            return
        code = payload["errors"][0]["code"] if payload else f"GRAPHQL:{body.get('errors')}"[:60]
        self.codes[code] = self.codes.get(code, 0) + 1


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return 0.0
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


def create_database() -> str:
    url = make_url(SERVER_URL)
    connection = pymysql.connect(
        host=url.host or "127.0.0.1",
        port=url.port or 3306,
        user=url.username or "root",
        password=url.password or "",
    )
    with connection, connection.cursor() as cursor:
        cursor.execute(f"DROP DATABASE IF EXISTS `{DATABASE}`")
        cursor.execute(f"CREATE DATABASE `{DATABASE}` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci")
    database_url = str(url.set(database=DATABASE).render_as_string(hide_password=False))
    migrations.upgrade(database_url)
    return database_url


async def bulk_users(store: RelationalStore, prefix: str, count: int) -> list[int]:
    password_hash = await hash_password("bench password 123")
    async with store.session() as session:
        users = [
            User(username=f"{prefix}{n}", password_hash=password_hash, nickname=f"{prefix}{n}")
            for n in range(count)
        ]
        session.add_all(users)
        await session.commit()
        return [user.id for user in users if user.id is not None]


async def seed(store: RelationalStore) -> dict[str, Any]:
    async with store.session() as session:
        top = await catalog.create_category(session, "Bench", None)
        middle = await catalog.create_category(session, "Load", top.id)
        leaf = await catalog.create_category(session, "Checkout", middle.id)
        assert leaf.id is not None
        hot = await catalog.create_product(
            session,
            catalog.ProductFields(
                name="Limited edition",
                original_price=Decimal("20.00"),
                price=Decimal("19.99"),
                stock=RACE_STOCK,
                category_id=leaf.id,
            ),
        )
        assert hot.id is not None
        session.add_all(
            Product(
                name=f"Everyday item {n}",
                original_price=Decimal("10.00"),
                price=Decimal(random.randint(100, 9999)) / 100,
                stock=100_000,
                category_id=leaf.id,
            )
            for n in range(LOAD_PRODUCTS)
        )
        await session.commit()
        load_product_ids = [
            pid
            for pid in await session.exec(select(Product.id).where(Product.id != hot.id))
            if pid is not None
        ]

    race_users = await bulk_users(store, "race", RACE_USERS)
    race: list[tuple[int, int, int]] = []
    async with store.session() as session:
        for user_id in race_users:  # the resolvers' path: validation, stock check, default address
            item = await cart.add_to_cart(session, user_id, hot.id, 1)
            address = await addresses.create_address(
                session,
                user_id,
                addresses.AddressFields(
                    name="Racer",
                    phone="+1 555 0100",
                    province="CA",
                    city="SF",
                    district="Soma",
                    detail=f"{user_id} Bench St",
                ),
            )
            assert item.id is not None
            assert address.id is not None
            race.append((user_id, item.id, address.id))

    load_users = await bulk_users(store, "load", LOAD_CLIENTS)
    load: list[tuple[int, int, list[int]]] = []
    async with store.session() as session:
        for user_id in load_users:
            address = Address(
                user_id=user_id,
                name="Loader",
                phone="+1 555 0101",
                province="CA",
                city="SF",
                district="Soma",
                detail="2 Bench St",
                is_default=True,
            )
            lines = [
                CartItem(
                    user_id=user_id,
                    product_id=product_id,
                    quantity=random.randint(1, 3),
                    seen_price=Decimal("1"),
                )
                for product_id in random.sample(load_product_ids, LOAD_LINES_PER_CLIENT)
            ]
            session.add(address)
            session.add_all(lines)
            await session.flush()
            load.append((user_id, address.id or 0, [line.id for line in lines if line.id is not None]))
        await session.commit()
    return {"hot_product_id": hot.id, "race": race, "load": load, "load_product_ids": load_product_ids}


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def start_server(database_url: str, data_dir: str) -> tuple[subprocess.Popen[bytes], str]:
    port = free_port()
    env = {
        **os.environ,
        "MALL_DATABASE_URL": database_url,
        "MALL_SECRET_KEY": SECRET,
        "MALL_DATA_DIR": data_dir,
    }
    env.pop("MALL_REDIS_URL", None)
    process = subprocess.Popen(
        [sys.executable, "-c", SERVER_CODE.format(port=port)], cwd=PROJECT_ROOT, env=env
    )
    return process, f"http://127.0.0.1:{port}"


async def wait_ready(base: str, process: subprocess.Popen[bytes]) -> None:
    async with httpx.AsyncClient(base_url=base) as client:
        for _ in range(300):
            if process.poll() is not None:
                raise RuntimeError("the server exited during startup")
            try:
                if (await client.get("/livez")).status_code == 200:
                    return
            except httpx.TransportError:
                pass
            await asyncio.sleep(0.1)
    raise RuntimeError("the server did not start")


async def place(
    client: httpx.AsyncClient, token: str, item_id: int, address_id: int, outcome: Outcome
) -> None:
    from schema.base import to_global_id

    variables = {
        "input": {
            "cartItemIds": [str(to_global_id("CartItem", item_id))],
            "addressId": str(to_global_id("Address", address_id)),
            "idempotencyKey": secrets.token_hex(16),
        }
    }
    started = time.perf_counter()
    response = await client.post(
        "/graphql",
        json={"query": PLACE_ORDER, "variables": variables},
        headers={"Authorization": f"Bearer {token}"},
    )
    outcome.add(response.json(), (time.perf_counter() - started) * 1000)


async def race_phase(
    base: str, tokens: TokenIssuer, race: list[tuple[int, int, int]]
) -> tuple[Outcome, float]:
    outcome = Outcome()
    limits = httpx.Limits(max_connections=RACE_USERS, max_keepalive_connections=RACE_USERS)
    async with httpx.AsyncClient(base_url=base, limits=limits, timeout=120) as client:
        started = time.perf_counter()
        await asyncio.gather(
            *(
                place(client, tokens.issue(user_id, 0), item, address, outcome)
                for user_id, item, address in race
            )
        )
        return outcome, time.perf_counter() - started


async def load_phase(
    base: str, tokens: TokenIssuer, load: list[tuple[int, int, list[int]]]
) -> tuple[Outcome, float]:
    outcome = Outcome()
    deadline = time.perf_counter() + LOAD_SECONDS

    async def client_loop(client: httpx.AsyncClient, user_id: int, address_id: int, items: list[int]) -> None:
        token = tokens.issue(user_id, 0)
        for item in items:
            if time.perf_counter() > deadline:
                return
            await place(client, token, item, address_id, outcome)

    limits = httpx.Limits(max_connections=LOAD_CLIENTS, max_keepalive_connections=LOAD_CLIENTS)
    async with httpx.AsyncClient(base_url=base, limits=limits, timeout=60) as client:
        started = time.perf_counter()
        await asyncio.gather(*(client_loop(client, *entry) for entry in load))
        return outcome, time.perf_counter() - started


async def audit(
    store: RelationalStore, product_ids: list[int], initial: dict[int, int], ok: list[str]
) -> dict[str, int]:
    """What the database says: units sold per product against stock taken, orders against answers."""
    ids = col(Product.id).in_(product_ids)
    async with store.session() as session:
        stock: dict[int, int] = {
            int(pid or 0): qty
            for pid, qty in (await session.exec(select(Product.id, Product.stock).where(ids)))
        }
        sold: dict[int, int] = {
            pid: int(qty)
            for pid, qty in await session.exec(
                select(OrderItem.product_id, func.sum(col(OrderItem.quantity)))
                .where(col(OrderItem.product_id).in_(product_ids))
                .group_by(col(OrderItem.product_id))
            )
        }
        numbers = list(
            await session.exec(
                select(Order.number)
                .join(OrderItem, col(OrderItem.order_id) == Order.id)
                .where(col(OrderItem.product_id).in_(product_ids))
                .distinct()
            )
        )
    oversold = sum(max(0, int(sold.get(p, 0)) - initial[p]) for p in product_ids)
    negative = sum(1 for p in product_ids if stock[p] < 0)
    units_adrift = sum(abs((initial[p] - stock[p]) - int(sold.get(p, 0))) for p in product_ids)
    answered = set(ok)
    stored = set(numbers)
    lost_or_duplicated = len(answered ^ stored) + (len(ok) - len(answered)) + units_adrift
    return {
        "oversold": oversold + negative,
        "lost_or_duplicated": lost_or_duplicated,
        "stored_orders": len(stored),
        "final_stock": sum(stock[p] for p in product_ids),
        "sold_units": sum(int(v) for v in sold.values()),
    }


async def main(database_url: str) -> dict[str, Any]:
    store = RelationalStore(database_url)
    seeded = await seed(store)
    tokens = TokenIssuer(SECRET, timedelta(hours=1))
    hot = seeded["hot_product_id"]
    initial_load = dict.fromkeys(seeded["load_product_ids"], 100000)
    with tempfile.TemporaryDirectory() as data_dir:
        process, base = start_server(database_url, data_dir)
        try:
            await wait_ready(base, process)
            race, race_s = await race_phase(base, tokens, seeded["race"])
            race_audit = await audit(store, [hot], {hot: RACE_STOCK}, race.ok)
            load, load_s = await load_phase(base, tokens, seeded["load"])
            load_audit = await audit(store, seeded["load_product_ids"], initial_load, load.ok)
        finally:
            process.terminate()
            process.wait(timeout=20)
    await store.dispose()

    print(f"{'phase':<34}{'value':>14}")
    rows = [
        ("race: users / stock", f"{RACE_USERS} / {RACE_STOCK}"),
        ("race: orders placed", len(race.ok)),
        ("race: errors", json.dumps(race.codes)),
        ("race: final stock", race_audit["final_stock"]),
        ("race: units sold", race_audit["sold_units"]),
        ("race: wall time (s)", f"{race_s:.2f}"),
        ("race: p99 latency (ms)", f"{percentile(race.latencies_ms, 0.99):.0f}"),
        ("load: clients / products", f"{LOAD_CLIENTS} / {LOAD_PRODUCTS}"),
        ("load: orders placed", len(load.ok)),
        ("load: errors", json.dumps(load.codes)),
        ("load: wall time (s)", f"{load_s:.2f}"),
        ("load: orders/s", f"{len(load.ok) / load_s:.1f}"),
        ("load: p50 latency (ms)", f"{percentile(load.latencies_ms, 0.50):.1f}"),
        ("load: p99 latency (ms)", f"{percentile(load.latencies_ms, 0.99):.1f}"),
    ]
    for name, value in rows:
        print(f"{name:<34}{value!s:>14}")
    race_exact = len(race.ok) == RACE_STOCK and race.codes == {"OUT_OF_STOCK": RACE_USERS - RACE_STOCK}
    return {
        "orders_per_s": round(len(load.ok) / load_s, 1),
        "p99_ms": round(percentile(load.latencies_ms, 0.99), 1),
        "p50_ms": round(percentile(load.latencies_ms, 0.50), 1),
        "oversold": race_audit["oversold"] + load_audit["oversold"],
        "lost_or_duplicated": race_audit["lost_or_duplicated"] + load_audit["lost_or_duplicated"],
        "race_orders": len(race.ok),
        "race_out_of_stock": race.codes.get("OUT_OF_STOCK", 0),
        "race_final_stock": race_audit["final_stock"],
        "race_exact": race_exact,
        "race_p99_ms": round(percentile(race.latencies_ms, 0.99), 1),
        "load_orders": len(load.ok),
        "load_errors": sum(load.codes.values()),
        "clients": LOAD_CLIENTS,
        "products": LOAD_PRODUCTS,
    }


if __name__ == "__main__":
    figures = asyncio.run(main(create_database()))  # alembic runs its own loop: migrate first
    print(json.dumps(figures))
