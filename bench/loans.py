"""Loan quote latency through GraphQL, against one real uvicorn process.

Seeds a store (SQLite in a temporary folder by default; MALL_BENCH_DATABASE_URL for another,
e.g. a MariaDB database that exists) with shoppers who each have a financial profile and a few
orders, uses the loan model in var/models/loan when there is one (else trains the synthetic demo
model from sample/loans.py into the temporary folder), starts one server process and sends
`loanQuote` mutations: first one at a time, then from several concurrent clients.
Every quote scores all terms, searches the maximum amount and records the quote and its offers.

Run from the project root: `python bench/loans.py`. The last line is one JSON object.
"""

from __future__ import annotations

import asyncio
import json
import os
import secrets
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from datetime import timedelta
from decimal import Decimal
from pathlib import Path
from typing import Any

import httpx

PROJECT_ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(PROJECT_ROOT))

from db import migrations  # noqa: E402
from db.relational import RelationalStore  # noqa: E402
from db.tables import Education, Order, OrderStatus, PropertyArea, User  # noqa: E402
from db.types import utcnow  # noqa: E402
from ml.loans import LoanModel  # noqa: E402
from resolvers import loans  # noqa: E402
from resolvers.passwords import hash_password  # noqa: E402
from resolvers.tokens import TokenIssuer  # noqa: E402
from sample.loans import train_demo_model  # noqa: E402

SECRET = secrets.token_urlsafe(48)
SHOPPERS = 20
ORDERS_EACH = 6
WARMUP = 30
SEQUENTIAL = 400
CLIENTS, PER_CLIENT = 8, 60
TARGET_P99_MS = 50.0
QUOTE = """
mutation($input: LoanQuoteInput!) {
  loanQuote(input: $input) {
    quote { decision maxAmount offers { termMonths aprPercent monthlyInstallment status } }
    errors { code message }
  }
}
"""
SERVER_CODE = """
import uvicorn
from api.app import create_app
uvicorn.run(create_app(start_vectors=False), host="127.0.0.1", port={port}, log_level="warning",
            access_log=False)
"""


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    if not ordered:
        return 0.0
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


async def seed(store: RelationalStore) -> list[int]:
    """Shoppers with a profile and a few completed orders (so the score is not a thin file)."""
    password_hash = await hash_password("bench password 123")
    async with store.session() as session:
        users = [
            User(username=f"borrower{n}", password_hash=password_hash, nickname=f"b{n}")
            for n in range(SHOPPERS)
        ]
        session.add_all(users)
        await session.commit()
        ids = [user.id for user in users if user.id is not None]
        now = utcnow()
        for user_id in ids:
            for k in range(ORDERS_EACH):
                created = now - timedelta(days=20 + 30 * k)
                session.add(
                    Order(
                        number=uuid.uuid4().hex[:20],
                        user_id=user_id,
                        idempotency_key=uuid.uuid4().hex,
                        status=OrderStatus.COMPLETED,
                        subtotal=Decimal("45.00"),
                        discount=Decimal("0.00"),
                        total=Decimal("45.00"),
                        ship_name="B",
                        ship_phone="1",
                        ship_province="P",
                        ship_city="C",
                        ship_district="D",
                        ship_detail="X",
                        created_at=created,
                        paid_at=created,
                    )
                )
        await session.commit()
        for n, user_id in enumerate(ids):
            await loans.update_profile(
                session,
                user_id,
                loans.ProfileFields(
                    applicant_income=Decimal(2500 + 250 * n),
                    coapplicant_income=Decimal(0 if n % 3 else 1200),
                    dependents=n % 4,
                    education=Education.GRADUATE if n % 2 else Education.NOT_GRADUATE,
                    self_employed=n % 5 == 0,
                    property_area=list(PropertyArea)[n % 3],
                    monthly_debt=Decimal(100 * (n % 4)),
                    meets_credit_guideline=None,  # the purchase-based score stands in
                ),
            )
    return ids


def model_dir(data_dir: Path) -> tuple[Path, str]:
    trained = PROJECT_ROOT / "var" / "models" / "loan"
    try:
        model = LoanModel.load(trained)
        return trained, f"{model.kind} from var/models/loan"
    except Exception:  # any problem with it: bench the synthetic demo model instead
        path = data_dir / "models" / "loan"
        model = train_demo_model(path)
        return path, f"{model.kind}, synthetic demo data"


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def start_server(database_url: str, data_dir: Path, models: Path) -> tuple[subprocess.Popen[bytes], str]:
    """One uvicorn process, as `mall serve` runs it, with the vector store left off."""
    port = free_port()
    env = {
        **os.environ,
        "MALL_DATABASE_URL": database_url,
        "MALL_SECRET_KEY": SECRET,
        "MALL_DATA_DIR": str(data_dir),
        "MALL_LOAN_MODEL_DIR": str(models),
        "MALL_LOG_LEVEL": "warning",
    }
    env.pop("MALL_REDIS_URL", None)
    process = subprocess.Popen(
        [sys.executable, "-c", SERVER_CODE.format(port=port)], cwd=PROJECT_ROOT, env=env
    )
    return process, f"http://127.0.0.1:{port}"


async def wait_ready(base: str, process: subprocess.Popen[bytes]) -> None:
    async with httpx.AsyncClient(base_url=base) as client:
        for _ in range(600):
            if process.poll() is not None:
                raise RuntimeError("the server exited during startup")
            try:
                if (await client.get("/livez")).status_code == 200:
                    return
            except httpx.TransportError:
                pass
            await asyncio.sleep(0.1)
    raise RuntimeError("the server did not start")


async def ask(
    client: httpx.AsyncClient, token: str, n: int, latencies: list[float], codes: dict[str, int]
) -> None:
    variables = {
        "input": {
            "amount": f"{500 + (n * 370) % 9000}.00",
            "termMonths": (3, 6, 12, 24)[n % 4],
            "purpose": "bench",
        }
    }
    started = time.perf_counter()
    response = await client.post(
        "/graphql",
        json={"query": QUOTE, "variables": variables},
        headers={"Authorization": f"Bearer {token}"},
    )
    latencies.append((time.perf_counter() - started) * 1000)
    body = response.json()
    payload = (body.get("data") or {}).get("loanQuote")
    if payload is None:
        key = f"GRAPHQL:{body.get('errors')}"[:80]
    elif payload["errors"]:
        key = payload["errors"][0]["code"]
    else:
        key = payload["quote"]["decision"]
    codes[key] = codes.get(key, 0) + 1


async def main() -> dict[str, Any]:
    with tempfile.TemporaryDirectory() as folder:
        data_dir = Path(folder)
        database_url = (
            os.environ.get("MALL_BENCH_DATABASE_URL") or f"sqlite+aiosqlite:///{data_dir / 'bench.db'}"
        )
        await asyncio.to_thread(migrations.upgrade, database_url)
        store = RelationalStore(database_url)
        user_ids = await seed(store)
        await store.dispose()
        models, model_note = model_dir(data_dir)
        tokens = TokenIssuer(SECRET, timedelta(hours=1))
        issued = [tokens.issue(user_id, 0) for user_id in user_ids]
        process, base = start_server(database_url, data_dir, models)
        try:
            await wait_ready(base, process)
            async with httpx.AsyncClient(base_url=base, timeout=30) as client:
                warm: list[float] = []
                await asyncio.gather(*(ask(client, issued[n % SHOPPERS], n, warm, {}) for n in range(WARMUP)))
                sequential: list[float] = []
                codes: dict[str, int] = {}
                started = time.perf_counter()
                for n in range(SEQUENTIAL):
                    await ask(client, issued[n % SHOPPERS], n, sequential, codes)
                sequential_s = time.perf_counter() - started

            concurrent: list[float] = []

            async def client_loop(c: int) -> None:
                async with httpx.AsyncClient(base_url=base, timeout=30) as own:
                    for n in range(PER_CLIENT):
                        await ask(own, issued[(c * 7 + n) % SHOPPERS], c * 1000 + n, concurrent, codes)

            started = time.perf_counter()
            await asyncio.gather(*(client_loop(c) for c in range(CLIENTS)))
            concurrent_s = time.perf_counter() - started
        finally:
            process.terminate()
            process.wait(timeout=20)

    backend = database_url.split(":", 1)[0]
    rows = [
        ("database", backend),
        ("loan model", model_note),
        ("sequential: requests", SEQUENTIAL),
        ("sequential: p50 (ms)", f"{percentile(sequential, 0.5):.1f}"),
        ("sequential: p99 (ms)", f"{percentile(sequential, 0.99):.1f}"),
        ("sequential: quotes/s", f"{SEQUENTIAL / sequential_s:.0f}"),
        (f"{CLIENTS} clients: requests", CLIENTS * PER_CLIENT),
        (f"{CLIENTS} clients: p50 (ms)", f"{percentile(concurrent, 0.5):.1f}"),
        (f"{CLIENTS} clients: p99 (ms)", f"{percentile(concurrent, 0.99):.1f}"),
        (f"{CLIENTS} clients: quotes/s", f"{CLIENTS * PER_CLIENT / concurrent_s:.0f}"),
        ("answers", json.dumps(codes)),
    ]
    for name, value in rows:
        print(f"{name:<26}{value!s:>44}")
    return {
        "quote_p50_ms": round(percentile(sequential, 0.5), 1),
        "quote_p99_ms": round(percentile(sequential, 0.99), 1),
        "requests": SEQUENTIAL,
        "concurrent_clients": CLIENTS,
        "concurrent_requests": CLIENTS * PER_CLIENT,
        "concurrent_p50_ms": round(percentile(concurrent, 0.5), 1),
        "concurrent_p99_ms": round(percentile(concurrent, 0.99), 1),
        "quotes_per_s_concurrent": round(CLIENTS * PER_CLIENT / concurrent_s, 1),
        "target_p99_ms": TARGET_P99_MS,
        "meets_target": percentile(sequential, 0.99) <= TARGET_P99_MS,
        "answers": codes,
        "database": backend,
        "model": model_note,
    }


if __name__ == "__main__":
    print(json.dumps(asyncio.run(main())))
