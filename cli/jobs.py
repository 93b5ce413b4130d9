"""`mall worker` and `mall jobs run`: the arq worker, and any job in the foreground with a progress bar."""

from __future__ import annotations

import asyncio
import json
from typing import Any

import typer
from rich.console import Console
from rich.progress import BarColumn, Progress, TaskProgressColumn, TextColumn, TimeElapsedColumn

from config.settings import Settings, get_settings
from db import migrations
from db.tables import Job, JobState
from resolvers import jobs
from resolvers.errors import DomainError
from workers import registry
from workers.context import Resources
from workers.runner import execute_with_retries

jobs_app = typer.Typer(help="Background jobs.", no_args_is_help=True)
console = Console()


def _settings() -> Settings:
    try:
        return get_settings()
    except ValueError as exc:
        console.print(f"[red]configuration error:[/red] {exc}")
        raise typer.Exit(2) from exc


def parse_cli_args(pairs: list[str]) -> dict[str, Any]:
    """`key=value` pairs; a value that reads as JSON (5, true, [1,2]) is taken as JSON, else as text."""
    parsed: dict[str, Any] = {}
    for pair in pairs:
        key, sep, value = pair.partition("=")
        if not sep or not key.strip():
            raise typer.BadParameter(f"expected key=value, got {pair!r}", param_hint="--arg")
        try:
            parsed[key.strip()] = json.loads(value)
        except ValueError:
            parsed[key.strip()] = value
    return parsed


def worker(
    without_vectors: bool = typer.Option(
        False, "--without-vectors", help="Do not open the vector store (a worker for other jobs)."
    ),
) -> None:
    """Run an arq worker on MALL_REDIS_URL: every job kind, and the schedules."""
    from arq.worker import run_worker

    from workers.settings import worker_options

    settings = _settings()
    if not settings.redis_url:
        console.print("[red]MALL_REDIS_URL is not set[/red]: without Redis, jobs run inside `mall serve`")
        raise typer.Exit(2)
    run_worker(worker_options(settings, start_vectors=not without_vectors))


@jobs_app.command("kinds")
def kinds() -> None:
    """List the job kinds and their arguments."""
    for kind in registry.KINDS.values():
        fields = ", ".join(kind.args.model_fields)
        console.print(f"[bold]{kind.name}[/bold]({fields}): {kind.description}")


@jobs_app.command("run")
def run(
    kind: str = typer.Argument(..., help="The job kind (see `mall jobs kinds`)."),
    arg: list[str] = typer.Option([], "--arg", help="An argument as key=value (repeatable)."),
) -> None:
    """Run one job in the foreground, recorded like any other job; exit 1 unless it succeeds."""
    run_in_foreground(kind, parse_cli_args(arg))


def run_in_foreground(kind: str, raw_args: dict[str, Any]) -> None:
    """A job of `kind` run here with a progress bar, its result printed; exit 1 unless it succeeds."""
    settings = _settings()
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    migrations.upgrade(settings.relational_url)

    async def main() -> Job | None:
        try:
            job_kind, args = registry.validate(kind, raw_args)
        except DomainError as exc:
            for error in exc.errors:
                console.print(f"[red]{error.field or 'error'}:[/red] {error.message}")
            return None
        resources = await Resources.open(settings, start_vectors=job_kind.uses_vectors)
        try:
            async with resources.store.session() as session:
                job = await jobs.create_job(session, job_kind.name, args)
            assert job.id is not None
            with Progress(
                TextColumn(f"[bold]{job_kind.name}[/bold] #{job.id}"),
                BarColumn(),
                TaskProgressColumn(),
                TimeElapsedColumn(),
                TextColumn("{task.description}"),
                console=console,
            ) as progress:
                task = progress.add_task("starting", total=1.0)
                await execute_with_retries(
                    resources,
                    job.id,
                    on_progress=lambda done, text: progress.update(task, completed=done, description=text),
                )
            async with resources.store.session() as session:
                return await jobs.get_job(session, job.id)
        finally:
            await resources.close()

    job = asyncio.run(main())
    if job is None:
        raise typer.Exit(2)
    colour = "green" if job.state == JobState.SUCCEEDED else "red"
    console.print(f"job {job.id} [{colour}]{job.state}[/{colour}] after {job.attempts} tries")
    if job.result:
        console.print_json(data=job.result)
    if job.error:
        console.print(f"[red]error:[/red] {job.error}")
    if job.state != JobState.SUCCEEDED:
        raise typer.Exit(1)
