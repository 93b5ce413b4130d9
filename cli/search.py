"""`mall search`: the vector index of the catalog (embed new or changed products)."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Sequence

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from sqlalchemy import func
from sqlmodel import col, select

from config.settings import Settings
from db.relational import RelationalStore
from db.tables import Product
from db.vector import VectorStore
from resolvers.vectors import EmbedReport

app = typer.Typer(help="Product search: the vector index.", no_args_is_help=True)
console = Console()


async def open_vectors(settings: Settings) -> VectorStore:
    """Start the configured vector store and bring its schema up to date."""
    from workers.context import build_vector_store

    vectors = build_vector_store(settings)
    await vectors.start()
    await vectors.upgrade(hnsw_m=settings.hnsw_m, hnsw_ef_construction=settings.hnsw_ef_construction)
    return vectors


async def reindex_catalog(
    settings: Settings,
    product_ids: Sequence[int] | None = None,
    on_start: Callable[[int], None] | None = None,
    on_progress: Callable[[int], None] | None = None,
) -> EmbedReport:
    """Embed the catalog's new or changed products into the configured model's table."""
    from resolvers.vectors import VectorStoreUnavailable, embed_products
    from workers.context import build_embedder, open_llm_client

    store = RelationalStore(settings.relational_url)
    vectors = await open_vectors(settings)
    llm = open_llm_client(settings)
    try:
        if vectors.engine is None:
            raise VectorStoreUnavailable(vectors.error or "vector store unavailable")
        async with store.session() as session:
            query = select(func.count()).select_from(Product)
            if product_ids:
                query = query.where(col(Product.id).in_(product_ids))
            if on_start is not None:
                on_start(int((await session.exec(query)).one()))
            return await embed_products(
                session, vectors, build_embedder(settings, llm), product_ids or None, on_progress
            )
    finally:
        await llm.aclose()
        await vectors.dispose()
        await store.dispose()


def run_reindex(settings: Settings, product_ids: Sequence[int] | None = None) -> EmbedReport:
    """reindex_catalog with a progress bar."""
    with Progress(
        TextColumn("[progress.description]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=console,
    ) as progress:
        task = progress.add_task("embedding products", total=None)
        return asyncio.run(
            reindex_catalog(
                settings,
                product_ids,
                on_start=lambda total: progress.update(task, total=total),
                on_progress=lambda n: progress.advance(task, n),
            )
        )


def describe(report: EmbedReport) -> str:
    return (
        f"{report.total} products: {report.embedded} embedded, {report.synced} listings synced, "
        f"{report.unchanged} unchanged, {report.deleted} vectors of deleted products removed"
    )


@app.command("reindex")
def reindex(
    product: list[int] = typer.Option(
        None, "--product", help="Only these product ids (repeat the option); default: the whole catalog."
    ),
) -> None:
    """Embed new or changed products (by content hash) and sync price, sale and category copies."""
    from cli.main import _settings, _upgrade
    from resolvers.vectors import VectorStoreUnavailable

    settings = _settings()
    _upgrade(settings)
    try:
        report = run_reindex(settings, product or None)
    except VectorStoreUnavailable as exc:
        console.print(f"[red]vector store unavailable:[/red] {exc}")
        raise typer.Exit(1) from exc
    console.print(f"[green]search index up to date[/green]: {describe(report)}")
