"""The edge under a hostile document: how fast `mall serve` refuses it and how long /livez waits
meanwhile.

Cases, each sent REPEATS times, every time a new text (a trailing comment makes it unique, so no
cache helps):
- huge: 20,000 repeated fields (~140 KB), refused by the token limit while lexing
- just under the limit: as many repeated fields as MALL_MAX_QUERY_TOKENS allows, the worst case
  for validation (graphql-core's overlapping-fields rule is quadratic in repeats); validated in the
  gate's worker thread
- idle: no hostile request at all, for comparison
While each runs, a second client asks /livez every 5 ms; its latencies are reported.

    python bench/edge.py [--repeats N]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run as a script: bench/ is not a package
from bench.harness import percentile, start_server  # noqa: E402

HUGE = "{ products { edges { node { " + "name " * 20_000 + "} } } }"  # ~100 KB
UNDER_LIMIT = "{ " + "products { totalCount } " * 480 + "}"  # 4 tokens each: ~1,922 of 2,000
# the worst the gate lets through to graphql-core: 10 repeats of every field of a product, nested
PRODUCT_FIELDS = "id name price rating stock intro "
WIDE_VALID = (
    "{ "
    + " ".join(
        f"a{i}: products(first: 1) {{ edges {{ node {{ {PRODUCT_FIELDS * 10} }} }} }}" for i in range(3)
    )
    + " }"
)


async def probe_livez(client: httpx.AsyncClient, stop: asyncio.Event, latencies: list[float]) -> None:
    while not stop.is_set():
        started = time.perf_counter()
        await client.get("/livez")
        latencies.append((time.perf_counter() - started) * 1000)
        await asyncio.sleep(0.005)


async def run_case(base: str, document: str | None, repeats: int) -> dict[str, Any]:
    async with (
        httpx.AsyncClient(base_url=base, timeout=60) as hostile,
        httpx.AsyncClient(base_url=base, timeout=60) as prober,
    ):
        stop = asyncio.Event()
        livez: list[float] = []
        probing = asyncio.create_task(probe_livez(prober, stop, livez))
        answers: list[float] = []
        codes: set[str] = set()
        for n in range(repeats):
            if document is None:
                await asyncio.sleep(0.3)
                continue
            started = time.perf_counter()
            response = await hostile.post("/graphql", json={"query": f"{document} # {n} {time.time_ns()}"})
            answers.append((time.perf_counter() - started) * 1000)
            body = response.json()
            codes |= {str((e.get("extensions") or {}).get("code")) for e in body.get("errors") or []}
            if response.status_code >= 500:
                codes.add(f"HTTP {response.status_code}")
        stop.set()
        await probing
    return {
        "answer_p50_ms": round(percentile(answers, 0.5), 2) if answers else None,
        "answer_max_ms": round(max(answers), 2) if answers else None,
        "livez_p50_ms": round(percentile(livez, 0.5), 2),
        "livez_p99_ms": round(percentile(livez, 0.99), 2),
        "livez_max_ms": round(max(livez), 2),
        "livez_samples": len(livez),
        "codes": sorted(codes),
    }


async def main(repeats: int) -> dict[str, Any]:
    with tempfile.TemporaryDirectory(prefix="mall-bench-edge-") as folder:
        process, base = start_server(Path(folder) / "var")
        try:
            # warm up: the first GraphQL request opens the database and fills the lazy caches
            async with httpx.AsyncClient(base_url=base) as warm:
                for _ in range(5):
                    await warm.post("/graphql", json={"query": "{ products(first: 1) { totalCount } }"})
            results = {
                "idle": await run_case(base, None, repeats),
                "huge_20000_fields": await run_case(base, HUGE, repeats),
                "under_token_limit": await run_case(base, UNDER_LIMIT, repeats),
                "wide_but_allowed": await run_case(base, WIDE_VALID, repeats),
            }
        finally:
            process.terminate()
            process.wait(timeout=30)
    return results


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeats", type=int, default=50)
    args = parser.parse_args()
    figures = asyncio.run(main(args.repeats))
    print(
        f"{'case':<22}{'answer p50':>12}{'answer max':>12}{'livez p50':>11}{'livez p99':>11}{'livez max':>11}  codes"
    )
    for name, row in figures.items():
        print(
            f"{name:<22}{row['answer_p50_ms'] or '-':>12}{row['answer_max_ms'] or '-':>12}"
            f"{row['livez_p50_ms']:>11}{row['livez_p99_ms']:>11}{row['livez_max_ms']:>11}  {','.join(row['codes'])}"
        )
    print(json.dumps({"huge_document_bytes": len(HUGE), **figures}))
