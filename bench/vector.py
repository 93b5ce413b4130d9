"""pgvector HNSW on 100,000 catalog-shaped vectors: recall@10, latency, QPS, build time, filters,
and semantic search quality on the real catalog.

Run from the project root: `python bench/vector.py` (embedded PostgreSQL in a temp dir, or
MALL_VECTOR_DATABASE_URL; the catalog's embeddings are cached under artifacts/bench/, per model
and backend); `--semantic-only` computes the semantic hit rate alone (no PostgreSQL).

Vectors: the 3,399 real catalog embeddings plus points drawn around them (a Gaussian mixture
centred on real products, noise norm 0.3-0.6, renormalised), so neighbourhoods have the
clumpiness of text embeddings; queries are fresh draws from the same mixture, not in the table.
Ground truth: exact cosine top-10 in numpy. Latency: one client, sequential queries.

Semantic quality protocol: 200 products (seed 7); the query is the product's level-3 category
name plus the rarest word (highest IDF, 4+ letters, not in the category name) of its intro;
a hit is a product of the same level-3 category among the 4 nearest (the product itself
excluded), vector side only.
"""

from __future__ import annotations

import asyncio
import hashlib
import json
import os
import re
import shutil
import sys
import tempfile
import time
from collections import Counter
from decimal import Decimal
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from db.vector import VectorStore  # noqa: E402
from db.vector_tables import EMBEDDING_SPECS, EmbeddingModel  # noqa: E402
from resolvers.vectors import VectorFilter, nearest_products, product_text  # noqa: E402

N_VECTORS = 100_000
N_QUERIES = 300
K = 10
EF_VALUES = (40, 100, 200)
RECOMMENDED_EF = 100
HNSW_M, HNSW_EF_CONSTRUCTION = 16, 64
SEED = 7
CATALOG = Path(os.environ.get("MALL_SHARED_DATA", ROOT.parent / "shared" / "data")) / "products.jsonl"
CACHE = ROOT / "artifacts" / "bench"
TABLE = EMBEDDING_SPECS[EmbeddingModel.MINILM].table_name
INDEX = f"ix_{TABLE}_hnsw"


def load_catalog() -> list[dict[str, Any]]:
    if not CATALOG.is_file():
        sys.exit(f"{CATALOG} is absent (the real catalog lives in ../shared/data)")
    return [json.loads(line) for line in CATALOG.read_text(encoding="utf-8").splitlines() if line.strip()]


def catalog_embeddings(rows: list[dict[str, Any]]) -> np.ndarray:
    from ml.embeddings import default_embedder

    texts = [product_text(r["name"], r["c3_en"], r.get("info") or "") for r in rows]
    embedder = default_embedder()
    # the backend is part of the key: torch's and the int8 export's vectors differ slightly
    backend = getattr(embedder, "backend", "")
    digest = hashlib.sha256("\n".join([embedder.name, backend, *texts]).encode()).hexdigest()[:16]
    path = CACHE / f"catalog_embeddings_{digest}.npy"
    if path.is_file():
        cached: np.ndarray = np.load(path)
        return cached
    print(f"embedding {len(texts)} catalog texts once (cached in {path}) ...", flush=True)
    vectors = embedder.encode(texts)
    CACHE.mkdir(parents=True, exist_ok=True)
    np.save(path, vectors)
    return vectors


def mixture(centres: np.ndarray, count: int, rng: np.random.Generator) -> tuple[np.ndarray, np.ndarray]:
    """Points around random centres; returns the points and their centre indexes."""
    which = rng.integers(0, len(centres), count)
    noise = rng.standard_normal((count, centres.shape[1])).astype(np.float32)
    noise /= np.linalg.norm(noise, axis=1, keepdims=True)
    noise *= rng.uniform(0.3, 0.6, (count, 1)).astype(np.float32)
    points = centres[which] + noise
    points /= np.linalg.norm(points, axis=1, keepdims=True)
    return points.astype(np.float32), which


def exact_top(data: np.ndarray, queries: np.ndarray, k: int, mask: np.ndarray | None = None) -> np.ndarray:
    scores = queries @ data.T
    if mask is not None:
        scores[:, ~mask] = -np.inf
    top = np.argpartition(-scores, k, axis=1)[:, :k]
    order = np.take_along_axis(scores, top, axis=1).argsort(axis=1)[:, ::-1]
    return np.take_along_axis(top, order, axis=1)


def recall(found: list[list[int]], truth: np.ndarray) -> float:
    hits = sum(len(set(f) & set(t.tolist())) for f, t in zip(found, truth, strict=True))
    return hits / truth.size


def percentile(values: list[float], q: float) -> float:
    return float(np.percentile(np.asarray(values), q))


async def open_store() -> tuple[VectorStore, Path | None]:
    url = os.environ.get("MALL_VECTOR_DATABASE_URL")
    temp = None
    if url is None:
        temp = Path(tempfile.mkdtemp(prefix="mall-bench-vectors-"))
        temp.chmod(0o755)  # PostgreSQL runs as its own user
    store = VectorStore(url, embedded_dir=(temp or Path(".")) / "pg")
    await store.start()
    await store.upgrade(hnsw_m=HNSW_M, hnsw_ef_construction=HNSW_EF_CONSTRUCTION)
    if store.engine is None or store.url is None:
        sys.exit(f"vector store unavailable: {store.error}")
    return store, temp


async def run(rows: list[dict[str, Any]], real: np.ndarray) -> dict[str, Any]:
    import asyncpg  # type: ignore[import-untyped]  # asyncpg ships no type information
    from pgvector.asyncpg import register_vector

    rng = np.random.default_rng(SEED)
    synthetic, centre = mixture(real, N_VECTORS - len(real), rng)
    data = np.vstack([real, synthetic])
    owner = np.concatenate([np.arange(len(real)), centre])  # the real product each vector derives from
    queries, _ = mixture(real, N_QUERIES, rng)

    # listing copies follow the real product they derive from: category subtree, a price around it
    c1 = {name: i for i, name in enumerate(sorted({r["c1_en"] for r in rows}))}
    c2 = {key: i for i, key in enumerate(sorted({(r["c1_en"], r["c2_en"]) for r in rows}))}
    c3 = {key: i for i, key in enumerate(sorted({(r["c1_en"], r["c2_en"], r["c3_en"]) for r in rows}))}
    paths = [
        f"/{c1[r['c1_en']]}/{1000 + c2[(r['c1_en'], r['c2_en'])]}/"
        f"{10000 + c3[(r['c1_en'], r['c2_en'], r['c3_en'])]}/"
        for r in rows
    ]
    base_price = np.array(
        [float(r["price"]) if re.fullmatch(r"[\d.]+", str(r["price"])) else 10.0 for r in rows]
    )
    prices = np.round(base_price[owner] * rng.lognormal(0, 0.2, len(owner)), 2)
    on_sale = rng.random(len(owner)) < 0.95
    vector_paths = np.array([paths[o] for o in owner])

    store, temp = await open_store()
    assert store.url is not None
    dsn = store.url.replace("postgresql+asyncpg://", "postgresql://")
    connection = await asyncpg.connect(dsn)
    await register_vector(connection)
    figures: dict[str, Any] = {}
    try:
        await connection.execute(f"DROP INDEX IF EXISTS {INDEX}")
        await connection.execute(f"TRUNCATE {TABLE}")
        started = time.perf_counter()
        await connection.copy_records_to_table(
            TABLE,
            records=[
                (i, "bench", data[i], bool(on_sale[i]), Decimal(f"{prices[i]:.2f}"), vector_paths[i])
                for i in range(len(data))
            ],
            columns=["product_id", "content_hash", "embedding", "on_sale", "price", "category_path"],
        )
        figures["load_s"] = time.perf_counter() - started
        await connection.execute("SET maintenance_work_mem = '1GB'")
        await connection.execute("SET max_parallel_maintenance_workers = 1")
        started = time.perf_counter()
        await connection.execute(
            f"CREATE INDEX {INDEX} ON {TABLE} USING hnsw (embedding vector_cosine_ops) "
            f"WITH (m = {HNSW_M}, ef_construction = {HNSW_EF_CONSTRUCTION})"
        )
        figures["build_s"] = time.perf_counter() - started
        await connection.execute(f"ANALYZE {TABLE}")

        truth = exact_top(data, queries, K)
        plain = f"SELECT product_id FROM {TABLE} ORDER BY embedding <=> $1 LIMIT {K}"
        rows_per_ef = []
        for ef in EF_VALUES:
            await connection.execute(f"SET hnsw.ef_search = {ef}")
            await connection.fetch(plain, queries[0])  # warm
            found, latencies = [], []
            for query in queries:
                started = time.perf_counter()
                result = await connection.fetch(plain, query)
                latencies.append((time.perf_counter() - started) * 1000)
                found.append([r["product_id"] for r in result])
            rows_per_ef.append(
                {
                    "ef_search": ef,
                    "recall_at_10": round(recall(found, truth), 4),
                    "p50_ms": round(percentile(latencies, 50), 3),
                    "p99_ms": round(percentile(latencies, 99), 3),
                    "qps": round(1000 / float(np.mean(latencies)), 1),
                }
            )
        figures["per_ef"] = rows_per_ef
        figures["filters"] = await filter_strategies(
            connection, store, data, queries, on_sale, vector_paths, prices
        )
    finally:
        await connection.close()
        await store.dispose()
        if temp is not None:
            shutil.rmtree(temp, ignore_errors=True)
    return figures


async def filter_strategies(
    connection: Any,
    store: VectorStore,
    data: np.ndarray,
    queries: np.ndarray,
    on_sale: np.ndarray,
    paths: np.ndarray,
    prices: np.ndarray,
) -> list[dict[str, Any]]:
    """Recall@10 of ways to filter at ef_search=RECOMMENDED_EF, for a broad and a narrow filter,
    including the mall's own `nearest_products` (exact when few rows match, else iterative)."""
    await connection.execute(f"SET hnsw.ef_search = {RECOMMENDED_EF}")
    # as nearest_products does: a custom plan lets LIKE $2 || '%' use the category_path index
    await connection.execute("SET plan_cache_mode = force_custom_plan")
    store.ef_search = RECOMMENDED_EF
    queries = queries[:100]
    level2 = Counter(p.rsplit("/", 2)[0].rsplit("/", 1)[0] + "/" for p in paths)  # "/c1/c2/"
    level3 = Counter(paths.tolist())
    # a broad filter (on sale, a big level-2 subtree, under a price) and a narrow one (one leaf)
    broad_prefix = level2.most_common(1)[0][0]
    narrow_prefix = level3.most_common(60)[-1][0]
    cases = {
        "on sale + level-2 subtree + price": (broad_prefix, 30.0),
        "on sale + one level-3 category": (narrow_prefix, None),
    }
    results = []
    for label, (prefix, max_price) in cases.items():
        mask = on_sale & np.char.startswith(paths.astype(str), prefix)
        if max_price is not None:
            mask &= prices <= max_price
        truth = exact_top(data, queries, K, mask)
        where = "on_sale AND category_path LIKE $2 || '%'" + (" AND price <= $3" if max_price else "")
        args: list[Any] = [prefix] + ([Decimal(str(max_price))] if max_price else [])
        strategies = {
            "filter in WHERE, plain scan": (
                f"SELECT product_id FROM {TABLE} WHERE {where} ORDER BY embedding <=> $1 LIMIT {K}",
                "off",
            ),
            "filter in WHERE, iterative scan": (
                f"SELECT product_id FROM {TABLE} WHERE {where} ORDER BY embedding <=> $1 LIMIT {K}",
                "relaxed_order",
            ),
            "over-fetch 10x, then filter": (
                "SELECT product_id FROM (SELECT product_id, on_sale, category_path, price, "
                f"embedding <=> $1 AS d FROM {TABLE} ORDER BY embedding <=> $1 LIMIT {K * 10}) nearest "
                f"WHERE {where} ORDER BY d LIMIT {K}",
                "off",
            ),
            "exact over the matching rows": (
                f"WITH matching AS MATERIALIZED (SELECT product_id, embedding FROM {TABLE} WHERE {where}) "
                f"SELECT product_id FROM matching ORDER BY embedding <=> $1 LIMIT {K}",
                "off",
            ),
            "mall: nearest_products": ("", "off"),
        }
        mall_filter = VectorFilter(
            on_sale_only=True,
            category_path=prefix,
            max_price=Decimal(str(max_price)) if max_price is not None else None,
        )
        for name, (sql, iterative) in strategies.items():
            await connection.execute(f"SET hnsw.iterative_scan = {iterative}")
            found, latencies = [], []
            for query in queries:
                started = time.perf_counter()
                if sql:
                    result = [r["product_id"] for r in await connection.fetch(sql, query, *args)]
                else:
                    nearest = await nearest_products(store, query, K, filter=mall_filter)
                    result = [product_id for product_id, _ in nearest]
                latencies.append((time.perf_counter() - started) * 1000)
                found.append(result)
            valid = [t[mask[t]] for t in truth]  # a filter with fewer than k matches
            hits = sum(len(set(f) & set(t.tolist())) for f, t in zip(found, valid, strict=True))
            results.append(
                {
                    "filter": label,
                    "selectivity": round(float(mask.mean()), 4),
                    "strategy": name,
                    "recall_at_10": round(hits / sum(len(t) for t in valid), 4),
                    "avg_returned": round(float(np.mean([len(f) for f in found])), 1),
                    "p50_ms": round(percentile(latencies, 50), 3),
                }
            )
        await connection.execute("SET hnsw.iterative_scan = off")
    return results


_WORD = re.compile(r"[a-z]{4,}")


def semantic_hit_rate(rows: list[dict[str, Any]], real: np.ndarray) -> tuple[float, list[str]]:
    from ml.embeddings import default_embedder

    intro_words = [set(_WORD.findall((r.get("info") or "").lower())) for r in rows]
    frequency = Counter(w for words in intro_words for w in words)
    rng = np.random.default_rng(SEED)
    picked = rng.choice(len(rows), 200, replace=False)
    queries, used = [], []
    for i in picked:
        category = rows[i]["c3_en"]
        candidates = sorted(intro_words[i] - set(category.lower().split()), key=lambda w: (frequency[w], w))
        word = candidates[0] if candidates else ""
        queries.append(f"{category} {word}".strip())
        used.append(int(i))
    vectors = default_embedder().encode(queries)
    scores = vectors @ real.T
    hits = 0
    for row, i in enumerate(used):
        scores[row, i] = -np.inf  # the product itself does not count
        top = np.argsort(-scores[row])[:4]
        hits += any(rows[j]["c3_en"] == rows[i]["c3_en"] for j in top)
    return hits / len(used), queries[:5]


def main() -> None:
    started = time.perf_counter()
    rows = load_catalog()
    real = catalog_embeddings(rows)
    if "--semantic-only" in sys.argv[1:]:  # the embedding model's quality alone, no PostgreSQL
        hit_rate, examples = semantic_hit_rate(rows, real)
        print(
            f"semantic hit rate@4 (same level-3 category) = {hit_rate:.3f} over 200 products; e.g. {examples}"
        )
        print(json.dumps({"semantic_hit_rate_at_4": round(hit_rate, 4)}))
        return
    figures = asyncio.run(run(rows, real))
    hit_rate, examples = semantic_hit_rate(rows, real)

    print(
        f"\npgvector {N_VECTORS:,} x 384-d (catalog-shaped mixture), HNSW m={HNSW_M} "
        f"ef_construction={HNSW_EF_CONSTRUCTION}; load {figures['load_s']:.1f} s, "
        f"index build {figures['build_s']:.1f} s; {N_QUERIES} queries, one client"
    )
    print(f"{'ef_search':>9} {'recall@10':>10} {'p50 ms':>8} {'p99 ms':>8} {'QPS':>8}")
    for row in figures["per_ef"]:
        print(
            f"{row['ef_search']:>9} {row['recall_at_10']:>10.4f} {row['p50_ms']:>8.2f} "
            f"{row['p99_ms']:>8.2f} {row['qps']:>8.1f}"
        )
    print(f"\nfiltered search at ef_search={RECOMMENDED_EF}, 100 queries")
    print(f"{'filter':<36} {'sel.':>6} {'strategy':<32} {'recall@10':>9} {'rows':>5} {'p50 ms':>7}")
    for row in figures["filters"]:
        print(
            f"{row['filter']:<36} {row['selectivity']:>6.3f} {row['strategy']:<32} "
            f"{row['recall_at_10']:>9.4f} {row['avg_returned']:>5.1f} {row['p50_ms']:>7.2f}"
        )
    print(
        f"\nsemantic search on the real catalog: hit rate@4 (same level-3 category) = {hit_rate:.3f} "
        f"over 200 products; e.g. {examples}"
    )
    print(f"total {time.perf_counter() - started:.0f} s")
    chosen = next(r for r in figures["per_ef"] if r["ef_search"] == RECOMMENDED_EF)
    result = {
        "recall_at_10": chosen["recall_at_10"],
        "p50_ms": chosen["p50_ms"],
        "p99_ms": chosen["p99_ms"],
        "qps": chosen["qps"],
        "build_s": round(figures["build_s"], 2),
        "ef_search": RECOMMENDED_EF,
        "vectors": N_VECTORS,
        "per_ef": figures["per_ef"],
        "filters": figures["filters"],
        "semantic_hit_rate_at_4": round(hit_rate, 4),
    }
    print(json.dumps(result))


if __name__ == "__main__":
    main()
