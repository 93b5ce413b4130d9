"""`mall tags`: the review-tag jobs in the foreground, each with a progress bar (like `mall jobs run`)."""

from __future__ import annotations

from typing import Any

import typer

from cli.jobs import parse_cli_args, run_in_foreground

app = typer.Typer(
    help="Review tags: teach labels, train the tagger, tag reviews, cluster product tags, "
    "train the category classifier.",
    no_args_is_help=True,
)

ARG_OPTION = typer.Option(
    [], "--arg", help="A job argument as key=value (repeatable; see `mall jobs kinds`)."
)


def _with(extra: dict[str, Any], pairs: list[str]) -> dict[str, Any]:
    """Named options first, then --arg pairs, which win (every job argument stays reachable)."""
    return {**{key: value for key, value in extra.items() if value is not None}, **parse_cli_args(pairs)}


@app.command("teach")
def teach(
    source: str = typer.Option("auto", help="auto (the LLM when OPENAI_API_KEY is set), llm or local."),
    arg: list[str] = ARG_OPTION,
) -> None:
    """Label the store's reviews with the teacher (cached: a review is never labelled twice)."""
    run_in_foreground("teach_tags", _with({"source": source}, arg))


@app.command("train")
def train(
    epochs: int | None = typer.Option(None, help="Most epochs (default 12)."),
    budget: float | None = typer.Option(
        None, "--budget", help="Training wall-clock cap in seconds (default 600)."
    ),
    device: str | None = typer.Option(None, help="auto, cpu or cuda (default auto)."),
    arg: list[str] = ARG_OPTION,
) -> None:
    """Train Seq2Label on the teacher labels; serve it only if the held-out evaluation passes."""
    run_in_foreground(
        "train_tagger", _with({"epochs": epochs, "max_train_seconds": budget, "device": device}, arg)
    )


@app.command("tag")
def tag(arg: list[str] = ARG_OPTION) -> None:
    """Label new reviews with the serving tagger (batched greedy decoding)."""
    run_in_foreground("tag_products", _with({}, arg))


@app.command("cluster")
def cluster(
    force: bool = typer.Option(False, "--force", help="Re-cluster products whose labels did not change."),
    arg: list[str] = ARG_OPTION,
) -> None:
    """Cluster each product's labels into weighted tags and draw the catalog tag map."""
    run_in_foreground("cluster_tags", _with({"force": force or None}, arg))


@app.command("classify")
def classify(arg: list[str] = ARG_OPTION) -> None:
    """Train the category classifier on the catalog (suggestCategory uses it)."""
    run_in_foreground("train_category_classifier", _with({}, arg))
