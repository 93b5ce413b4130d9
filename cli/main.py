"""`mall`: serve, demo, migrate, import, and the operators' commands."""

from __future__ import annotations

import asyncio
import getpass
import logging
import signal
import sys
from pathlib import Path

import typer
from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn
from sqlalchemy.exc import SQLAlchemyError

from cli.classify import app as classify_app
from cli.jobs import jobs_app
from cli.jobs import worker as worker_command
from cli.loan import app as loan_app
from cli.recommend import app as recommend_app
from cli.search import app as search_app
from cli.tags import app as tags_app
from config.settings import Settings, get_settings
from db import migrations
from db.relational import RelationalStore
from resolvers import imports
from resolvers.errors import DomainError

app = typer.Typer(help="The mall: a GraphQL API server with async workers.", no_args_is_help=True)
db_app = typer.Typer(help="The relational store.", no_args_is_help=True)
import_app = typer.Typer(help="Import data.", no_args_is_help=True)
admin_app = typer.Typer(help="Administrator accounts.", no_args_is_help=True)
schema_app = typer.Typer(help="The GraphQL schema.", no_args_is_help=True)
app.add_typer(schema_app, name="schema")
app.add_typer(db_app, name="db")
app.add_typer(import_app, name="import")
app.add_typer(admin_app, name="admin")
app.add_typer(recommend_app, name="recommend")
app.add_typer(jobs_app, name="jobs")
app.command("worker")(worker_command)
app.add_typer(search_app, name="search")
app.add_typer(loan_app, name="loan")
app.add_typer(classify_app, name="classify")
app.add_typer(tags_app, name="tags")
console = Console()


def _settings() -> Settings:
    try:
        return get_settings()
    except ValueError as exc:  # pydantic's ValidationError is a ValueError
        console.print(f"[red]configuration error:[/red] {exc}")
        raise typer.Exit(2) from exc


def _upgrade(settings: Settings) -> None:
    settings.data_dir.mkdir(parents=True, exist_ok=True)
    migrations.upgrade(settings.relational_url)


@app.command()
def serve(
    host: str = typer.Option("127.0.0.1", help="Interface to listen on."),
    port: int = typer.Option(8000, help="Port to listen on."),
    workers: int = typer.Option(1, min=1, help="uvicorn worker processes."),
) -> None:
    """Serve GraphQL at /graphql (GraphiQL in development) and the storefront at /."""
    import uvicorn

    from api.app import persisted_queries_path
    from api.persisted_queries import AllowList, PersistedQueryError

    settings = _settings()
    try:
        current = migrations.is_current(settings.relational_url)
    except SQLAlchemyError:
        current = True  # unreachable: the server starts anyway and says so on /readyz
    if not current:
        console.print(
            "[red]the database is not set up or not up to date:[/red] run `mall db upgrade` first "
            "(`mall demo` sets it up with sample data)"
        )
        raise typer.Exit(2)
    if settings.enforces_persisted_queries:
        try:
            AllowList.load(persisted_queries_path(settings))
        except PersistedQueryError as exc:
            console.print(f"[red]configuration error:[/red] {exc}")
            raise typer.Exit(2) from exc
    # X-Forwarded-For is read by the app itself, from MALL_TRUSTED_PROXIES only
    uvicorn.run(
        "api.app:create_app", factory=True, host=host, port=port, workers=workers, proxy_headers=False
    )


@db_app.command("upgrade")
def db_upgrade() -> None:
    """Apply every migration to the relational store and to the vector store."""
    from cli.search import open_vectors

    settings = _settings()
    _upgrade(settings)
    console.print(f"[green]relational store is up to date[/green] ({settings.relational_url.split('@')[-1]})")

    async def vectors_upgraded() -> str | None:
        vectors = await open_vectors(settings)
        await vectors.dispose()
        return None if vectors.engine is not None else vectors.error

    problem = asyncio.run(vectors_upgraded())
    if problem:
        console.print(
            f"[yellow]vector store not upgraded:[/yellow] {problem} (search falls back to keywords)"
        )
        raise typer.Exit(1)
    console.print("[green]vector store is up to date[/green]")


@import_app.command("products")
def import_products(
    file: Path = typer.Argument(..., exists=True, dir_okay=False, readable=True),
) -> None:
    """Import products from a JSON-lines file (c1_en/c2_en/c3_en, name, info, detail, img, price).

    Importing the same file twice changes nothing; bad lines are reported and skipped.
    """
    settings = _settings()
    _upgrade(settings)
    total = sum(1 for line in file.open(encoding="utf-8") if line.strip())

    async def run() -> imports.ImportReport:
        store = RelationalStore(settings.relational_url)
        try:
            async with store.session() as session:
                with _progress() as progress:
                    task = progress.add_task("importing", total=total)
                    with file.open(encoding="utf-8") as handle:
                        return await imports.import_lines(
                            session,
                            imports.read_jsonl(handle),
                            on_progress=lambda n: progress.advance(task, n),
                        )
        finally:
            await store.dispose()

    report = asyncio.run(run())
    console.print(
        f"created {report.created} products, {report.unchanged} already present, "
        f"{report.categories_created} new categories, {len(report.bad_lines)} bad lines"
    )
    for number, reason in report.bad_lines[:50]:
        console.print(f"  [yellow]line {number}[/yellow]: {reason}")
    if len(report.bad_lines) > 50:
        console.print(f"  ... and {len(report.bad_lines) - 50} more")


@schema_app.command("export")
def schema_export(
    out: Path = typer.Option(Path("schema.graphql"), help="Where to write the SDL."),
) -> None:
    """Write the schema as SDL (commit it: the frontend's types and a test read it)."""
    from schema.root import schema_sdl

    out.write_text(schema_sdl())
    console.print(f"wrote {out}")


@admin_app.command("create")
def admin_create(
    username: str = typer.Argument(..., help="The admin's login name."),
    password_stdin: bool = typer.Option(
        False, "--password-stdin", help="Read the password from standard input (for scripts)."
    ),
) -> None:
    """Create an administrator; the password is asked for (or read from stdin), never defaulted."""
    from resolvers import accounts

    settings = _settings()
    if password_stdin:
        password = sys.stdin.readline().rstrip("\n")
    else:
        password = getpass.getpass("password: ")
        if password != getpass.getpass("again: "):
            console.print("[red]the passwords differ[/red]")
            raise typer.Exit(1)
    _upgrade(settings)

    async def run() -> None:
        store = RelationalStore(settings.relational_url)
        try:
            async with store.session() as session:
                await accounts.create_admin(session, username, password)
        finally:
            await store.dispose()

    try:
        asyncio.run(run())
    except DomainError as exc:
        for error in exc.errors:
            console.print(f"[red]{error.field or 'error'}:[/red] {error.message}")
        raise typer.Exit(1) from exc
    console.print(f"[green]admin {username} created[/green]")


@app.command()
def demo(
    host: str = typer.Option("127.0.0.1", help="Interface to listen on."),
    port: int = typer.Option(8000, help="Port to listen on."),
    no_serve: bool = typer.Option(False, "--no-serve", help="Create the sample data and stop."),
) -> None:
    """Create the sample catalog, users and reviews (once), then serve the mall."""
    from resolvers import sample_data

    settings = _settings()
    _upgrade(settings)

    async def run() -> sample_data.DemoReport:
        store = RelationalStore(settings.relational_url)
        try:
            async with store.session() as session:
                return await sample_data.load_sample(session, settings.media_dir)
        finally:
            await store.dispose()

    with console.status("creating sample data"):
        report = asyncio.run(run())
    if report.created:
        credentials = settings.data_dir / "demo-credentials.txt"
        credentials.write_text("".join(f"{name} {password}\n" for name, password in report.passwords.items()))
        credentials.chmod(0o600)
        console.print(
            f"[green]sample data created[/green]: {report.products} products, "
            f"{report.users} users, {report.reviews} reviews"
        )
    else:
        console.print("sample data already present")
    _index_for_search(settings)
    _demo_loan_model(settings)
    console.print(f"demo logins (random passwords) are in {settings.data_dir / 'demo-credentials.txt'}")
    console.print(f"open http://{host}:{port}/ (GraphiQL: http://{host}:{port}/graphql)")
    if not no_serve:
        serve(host=host, port=port, workers=1)


def _index_for_search(settings: Settings) -> None:
    """Embed the catalog (only what changed since the last run), so search works at once."""
    from cli.search import describe, run_reindex
    from resolvers.vectors import VectorStoreUnavailable

    try:
        report = run_reindex(settings)
    except VectorStoreUnavailable as exc:
        console.print(f"[yellow]search index not built ({exc}): search uses keywords only[/yellow]")
        return
    console.print(f"search index: {describe(report)}")


def _demo_loan_model(settings: Settings) -> None:
    """Loan quotes need a model: without one, train a DEMO model on synthetic applications.

    A model already there (say, one `mall loan train` made from real data) is left alone.
    """
    from ml.loans import LoanModel, ModelFileError
    from sample.loans import train_demo_model

    path = settings.loan_model_path
    try:
        LoanModel.load(path)
        return
    except ModelFileError:
        pass
    with console.status("training a demo loan model on synthetic applications"):
        train_demo_model(path)
    console.print(
        f"[yellow]loan quotes use a demo model trained on synthetic data[/yellow] ({path}); "
        "train a real one with `mall loan train --data FILE`"
    )


def _progress() -> Progress:
    return Progress(
        TextColumn("[progress.description]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=console,
    )


def _exit_on_sigterm(signum: int, _frame: object) -> None:
    # a plain SIGTERM kills Python without running atexit, and the embedded PostgreSQL is stopped
    # by an atexit handler; uvicorn re-raises the signal after its graceful shutdown, so it lands
    # here too
    raise SystemExit(128 + signum)


def main() -> None:
    logging.basicConfig(level=logging.INFO, format="%(levelname)s %(name)s: %(message)s")
    signal.signal(signal.SIGTERM, _exit_on_sigterm)
    app()


if __name__ == "__main__":
    main()
