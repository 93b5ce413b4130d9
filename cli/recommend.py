"""`mall recommend`: offline evaluation of the recommender on an order history."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import typer
from rich.console import Console
from rich.table import Table

app = typer.Typer(help="Recommendations.", no_args_is_help=True)
console = Console()


@app.callback()
def recommend() -> None:
    """Recommendations (a callback keeps `evaluate` a subcommand of its own)."""


@app.command("evaluate")
def evaluate(
    orders: Path = typer.Option(..., "--orders", help="Order lines in the Superstore CSV format."),
    split: str = typer.Option("2017-01-01", help="Train before this day, test from it (YYYY-MM-DD)."),
    k: int = typer.Option(10, min=1, max=100, help="Length of each recommendation list."),
) -> None:
    """Recall@k, NDCG@k and coverage of the recommender vs popularity and co-occurrence baselines."""
    from ml.embeddings import default_embedder
    from ml.recommend import evaluate_time_split, read_superstore
    from ml.recommend.data import OrderFileError

    try:
        split_day = date.fromisoformat(split)
    except ValueError as exc:
        console.print(f"[red]--split {split!r} is not a date (YYYY-MM-DD)[/red]")
        raise typer.Exit(2) from exc
    try:
        interactions, items = read_superstore(orders)
    except OrderFileError as exc:
        console.print(f"[red]{exc}[/red]")
        raise typer.Exit(1) from exc
    if not any(event.day < split_day for event in interactions) or not any(
        event.day >= split_day for event in interactions
    ):
        console.print(f"[red]--split {split} leaves no history or no test period in {orders}[/red]")
        raise typer.Exit(1)
    ids = list(items)
    with console.status(f"embedding {len(ids)} product names"):
        vectors = default_embedder().encode(
            [f"{items[i].name} | {items[i].category} | {items[i].subcategory}" for i in ids]
        )
    with console.status("training the ranker and evaluating"):
        report = evaluate_time_split(interactions, items, dict(zip(ids, vectors, strict=True)), split_day, k)
    table = Table(title=f"{report.users} customers, split {report.split_day}, k={report.k}")
    for column in ("recommender", f"Recall@{k}", f"NDCG@{k}", "coverage"):
        table.add_column(column, justify="right" if column != "recommender" else "left")
    for name, scores in report.results.items():
        table.add_row(name, f"{scores.recall:.4f}", f"{scores.ndcg:.4f}", f"{scores.coverage:.3f}")
    console.print(table)
    if report.ranker_weights:
        console.print(
            "ranker weights (per unit of each feature): "
            + ", ".join(f"{name} {weight:+.2f}" for name, weight in report.ranker_weights.items())
        )
    print(
        json.dumps(
            {
                "users": report.users,
                "split": str(report.split_day),
                **{
                    f"{name}_{metric}": round(getattr(scores, metric), 4)
                    for name, scores in report.results.items()
                    for metric in ("recall", "ndcg", "coverage")
                },
            }
        )
    )
