"""Faults: MariaDB and Redis die under a running `mall serve` and come back.

The test runs its own MariaDB and Redis (fresh data directory, free ports), so killing them
harms nobody else. While a shopper keeps checking out and paying from the wallet, MariaDB is
SIGKILLed and restarted: requests meanwhile answer UNAVAILABLE (never a 500 or an internal
error), liveness stays up and readiness goes down, the server recovers without a restart, and
afterwards every checkout exists exactly once, every payment is one ledger row, and no money
was created or lost. Redis going away only costs the shared rate limit (it fails open).
"""

from __future__ import annotations

import asyncio
import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from typing import Any

import httpx
import pymysql
import pytest

ROOT = Path(__file__).resolve().parents[2]
CUSTOMER, PASSWORD = "faulty_shopper", "a long enough password"
FUNDS = Decimal("10000.00")
CHECKOUTS = 8


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_until(check: Any, seconds: float = 30) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if check():
                return
        except Exception:  # noqa: BLE001 - not up yet
            pass
        time.sleep(0.2)
    raise TimeoutError(f"not ready after {seconds}s: {check}")


def _connects(port: int) -> bool:
    pymysql.connect(host="127.0.0.1", port=port, user="root").close()
    return True


@dataclass
class PrivateMariaDB:
    datadir: Path
    port: int
    process: subprocess.Popen[bytes] | None = None

    def start(self) -> None:
        self.process = subprocess.Popen(
            [
                "mariadbd",
                "--no-defaults",
                f"--datadir={self.datadir}",
                f"--port={self.port}",
                f"--socket={self.datadir}/mysqld.sock",
                "--bind-address=127.0.0.1",
                "--user=root",
                "--skip-log-bin",
                "--innodb-buffer-pool-size=64M",
            ],
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        wait_until(lambda: _connects(self.port))

    def kill(self) -> None:
        assert self.process is not None
        self.process.send_signal(signal.SIGKILL)
        self.process.wait()


@pytest.fixture(scope="module")
def mariadb(tmp_path_factory: pytest.TempPathFactory) -> Iterator[PrivateMariaDB]:
    if not shutil.which("mariadbd") or not shutil.which("mariadb-install-db"):
        pytest.fail("the fault tests need MariaDB's server binaries (apt-get install mariadb-server)")
    datadir = tmp_path_factory.mktemp("mariadb")
    subprocess.run(
        [
            "mariadb-install-db",
            "--no-defaults",
            f"--datadir={datadir}",
            "--user=root",
            "--auth-root-authentication-method=normal",
            "--skip-test-db",
        ],
        check=True,
        capture_output=True,
    )
    server = PrivateMariaDB(datadir, free_port())
    server.start()
    connection = pymysql.connect(host="127.0.0.1", port=server.port, user="root")
    with connection, connection.cursor() as cursor:
        cursor.execute("CREATE DATABASE mall CHARACTER SET utf8mb4")
    yield server
    if server.process and server.process.poll() is None:
        server.kill()


@pytest.fixture(scope="module")
def redis_port() -> Iterator[int]:
    port = free_port()
    process = subprocess.Popen(
        ["redis-server", "--port", str(port), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no"],
        stdout=subprocess.DEVNULL,
    )
    wait_until(lambda: socket.create_connection(("127.0.0.1", port), timeout=0.5) is not None)
    yield port
    process.kill()
    process.wait()


@pytest.fixture(scope="module")
def server(
    mariadb: PrivateMariaDB, redis_port: int, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[str]:
    port = free_port()
    env = {
        **os.environ,
        "MALL_DATABASE_URL": f"mysql+aiomysql://root@127.0.0.1:{mariadb.port}/mall",
        "MALL_REDIS_URL": f"redis://127.0.0.1:{redis_port}/0",
        "MALL_DATA_DIR": str(tmp_path_factory.mktemp("var")),
        "MALL_SECRET_KEY": "faults-secret-key-0123456789abcdefghijklmnopqrstu",
    }
    subprocess.run(
        [sys.executable, "-m", "cli.main", "demo", "--no-serve"],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
    )
    seed = f"""
import asyncio
from decimal import Decimal
from db.relational import RelationalStore
from db.tables import LedgerKind
from db.transaction import transaction
from resolvers import accounts, addresses, wallet
async def main():
    store = RelationalStore("{env["MALL_DATABASE_URL"]}")
    async with store.session() as s:
        user = await accounts.register(s, "{CUSTOMER}", "{PASSWORD}")
        async with transaction(s):
            await wallet.credit_wallet(s, user.id, Decimal("{FUNDS}"), LedgerKind.DEPOSIT, "funds")
    await store.dispose()
asyncio.run(main())
"""
    subprocess.run([sys.executable, "-c", seed], cwd=ROOT, env=env, check=True)
    process = subprocess.Popen(
        [sys.executable, "-m", "cli.main", "serve", "--port", str(port)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    wait_until(lambda: httpx.get(f"{url}/livez", timeout=1).status_code == 200, 60)
    yield url
    process.terminate()
    process.wait(timeout=30)


LOGIN = "mutation($u: String!, $p: String!) { login(username: $u, password: $p) { token errors { code } } }"
PRODUCTS = "{ products(first: 30, sort: PRICE_ASC) { edges { node { id stock } } } }"
ADDRESS = 'mutation { createAddress(input: {name: "F", phone: "5550100", province: "P", city: "C", district: "D", detail: "1 Main St"}) { address { id } errors { field code } } }'
CART = "{ cart { lines { id product { id } } } }"
ADD = "mutation($p: ID!) { addToCart(input: {productId: $p, quantity: 1}) { cart { lines { id } } errors { code } } }"
PLACE = "mutation($i: PlaceOrderInput!) { placeOrder(input: $i) { order { id total status } errors { code message } } }"
PAY = "mutation($o: ID!) { payOrder(input: {orderId: $o, method: WALLET}) { order { status } errors { code } } }"
ORDER = "query($o: ID!) { order(id: $o) { status total } }"


class Shopper:
    def __init__(self, http: httpx.AsyncClient) -> None:
        self.http = http
        self.token = ""
        self.unavailable = 0
        self.internal_errors: list[Any] = []

    async def call(self, query: str, variables: dict[str, Any] | None = None) -> dict[str, Any]:
        """Retries while a store is down; any other error ends the test."""
        for _ in range(200):
            try:
                response = await self.http.post(
                    "/graphql",
                    json={"query": query, "variables": variables or {}},
                    headers={"Authorization": f"Bearer {self.token}"} if self.token else {},
                )
            except httpx.TransportError:
                await asyncio.sleep(0.2)
                continue
            assert response.status_code < 500, response.text
            body: dict[str, Any] = response.json()
            codes = {(e.get("extensions") or {}).get("code") for e in body.get("errors") or []}
            if "internal error, sorry" in str(body.get("errors")):
                self.internal_errors.append(body["errors"])
            if "UNAVAILABLE" in codes:
                self.unavailable += 1
                await asyncio.sleep(0.25)
                continue
            assert not body.get("errors"), body["errors"]
            data: dict[str, Any] = body["data"]
            return data
        raise AssertionError("the store never came back")

    async def checkout(self, product_id: str, address_id: str, key: str) -> tuple[str, Decimal]:
        lines = (await self.call(CART))["cart"]["lines"]
        line = next((item for item in lines if item["product"]["id"] == product_id), None)
        if line is None:
            await self.call(ADD, {"p": product_id})
            lines = (await self.call(CART))["cart"]["lines"]
            line = next(item for item in lines if item["product"]["id"] == product_id)
        placed = (
            await self.call(
                PLACE, {"i": {"cartItemIds": [line["id"]], "addressId": address_id, "idempotencyKey": key}}
            )
        )["placeOrder"]
        assert placed["errors"] == [], placed
        order = placed["order"]
        paid = (await self.call(PAY, {"o": order["id"]}))["payOrder"]
        if paid["errors"]:  # a retried payment that had gone through before the outage
            status = (await self.call(ORDER, {"o": order["id"]}))["order"]["status"]
            assert status == "PAID", paid
        return order["id"], Decimal(order["total"])


def _sql(mariadb: PrivateMariaDB, query: str) -> list[tuple[Any, ...]]:
    connection = pymysql.connect(host="127.0.0.1", port=mariadb.port, user="root", database="mall")
    with connection, connection.cursor() as cursor:
        cursor.execute(query)
        return list(cursor.fetchall())


async def test_checkout_survives_a_mariadb_crash_without_losing_or_doubling_money(
    server: str, mariadb: PrivateMariaDB
) -> None:
    async with httpx.AsyncClient(base_url=server, timeout=30) as http:
        shopper = Shopper(http)
        shopper.token = (await shopper.call(LOGIN, {"u": CUSTOMER, "p": PASSWORD}))["login"]["token"]
        address = (await shopper.call(ADDRESS))["createAddress"]["address"]["id"]
        products = [
            edge["node"]["id"]
            for edge in (await shopper.call(PRODUCTS))["products"]["edges"]
            if edge["node"]["stock"] > 5
        ]

        halfway = asyncio.Event()

        async def crash_and_recover() -> None:
            await halfway.wait()
            mariadb.kill()
            await asyncio.sleep(1.5)
            assert (await http.get("/livez")).status_code == 200
            assert (await http.get("/readyz")).status_code == 503
            await asyncio.to_thread(mariadb.start)

        async def shop() -> list[tuple[str, Decimal]]:
            done = []
            for n in range(CHECKOUTS):
                if n == CHECKOUTS // 2:
                    halfway.set()
                    await asyncio.sleep(0.1)  # the next checkout runs into the dead database
                done.append(await shopper.checkout(products[n], address, f"faults-{n}"))
            return done

        crash = asyncio.create_task(crash_and_recover())
        orders = await shop()
        await crash
        assert (await http.get("/readyz")).status_code == 200

    assert shopper.internal_errors == []
    assert shopper.unavailable > 0, "the outage was never observed: kill came too late"
    keys = _sql(mariadb, "SELECT idempotency_key, COUNT(*), MIN(status) FROM orders GROUP BY idempotency_key")
    assert sorted(row[0] for row in keys) == sorted(f"faults-{n}" for n in range(CHECKOUTS))
    assert all(count == 1 and status == "paid" for _, count, status in keys), keys
    payments = _sql(
        mariadb, "SELECT reference, COUNT(*) FROM wallet_entries WHERE kind = 'payment' GROUP BY reference"
    )
    assert len(payments) == CHECKOUTS
    assert all(count == 1 for _, count in payments), payments
    ((balance,),) = _sql(mariadb, "SELECT balance FROM wallets")
    ((ledger_sum,),) = _sql(mariadb, "SELECT SUM(amount) FROM wallet_entries")
    assert Decimal(balance) == Decimal(ledger_sum) == FUNDS - sum(total for _, total in orders)


async def test_login_keeps_working_while_redis_is_down(server: str, redis_port: int) -> None:
    async with httpx.AsyncClient(base_url=server, timeout=30) as http:
        redis = await asyncio.to_thread(
            subprocess.run, ["redis-cli", "-p", str(redis_port), "shutdown", "nosave"], capture_output=True
        )
        assert redis.returncode in (0, 1)  # 1: the connection closes as Redis exits
        body = (
            await http.post("/graphql", json={"query": LOGIN, "variables": {"u": CUSTOMER, "p": PASSWORD}})
        ).json()
        assert body["data"]["login"]["token"]
