"""The `autonomie` command line, on the same Assistant as the web service."""

from __future__ import annotations

import asyncio
import getpass
from typing import Annotated

import typer
import uvicorn

from bot.console.cli import console_app
from bot.messages import BotMessage, UserMessage
from bot.platform.cli import platform_app
from bot.settings import get_settings
from channels.telegram_cli import telegram_app
from knowledge.cli import kb_app
from nlu.cli import nlu_app

app = typer.Typer(help="Autonomie Assistant.", no_args_is_help=True, add_completion=False)
db_app = typer.Typer(help="Database.", no_args_is_help=True)
app.add_typer(db_app, name="db")
app.add_typer(platform_app, name="platform")
app.add_typer(telegram_app, name="telegram")
app.add_typer(kb_app, name="kb")
app.add_typer(nlu_app, name="nlu")
app.add_typer(console_app, name="console")


@app.command()
def serve(
    host: Annotated[str, typer.Option(help="interface to listen on")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="TCP port")] = 8000,
    workers: Annotated[
        int, typer.Option(min=1, help="worker processes (more than 1: set AUTONOMIE_REDIS_URL)")
    ] = 1,
) -> None:
    """Serve the whole service: channels, console, embedded platform."""
    settings = get_settings()
    if workers == 1:
        from bot.app import create_app

        uvicorn.run(create_app(settings), host=host, port=port, log_level="info")
        return
    if not settings.redis_url:
        # per-sender locks and the console's live queue must be shared by the processes
        raise typer.BadParameter("several workers need AUTONOMIE_REDIS_URL", param_hint="--workers")
    from bot.storage.db import make_engine, upgrade

    engine = make_engine(settings.database_url)
    try:
        upgrade(engine)  # once, before the workers start (they would race on it)
    finally:
        engine.dispose()
    uvicorn.run(
        "bot.app:create_app",
        factory=True,
        host=host,
        port=port,
        workers=workers,
        log_level="info",
    )


@app.command()
def train(
    force: Annotated[bool, typer.Option(help="retrain even when nothing changed")] = False,
) -> None:
    """Train the NLU model and build the knowledge index into models/ (only what is stale)."""
    from bot.training import train_models

    done = train_models(get_settings().models_dir, force=force)
    typer.echo(f"trained: {done}" if done else "models are up to date")


@app.command()
def worker(
    every: Annotated[float, typer.Option(help="seconds between rounds; 0 = one round")] = 30.0,
) -> None:
    """Retry queued bookings, queue reminders and send the outbox (also run by `serve`)."""
    asyncio.run(_worker(every))


async def _worker(every: float) -> None:
    from bot.assistant import build_assistant
    from bot.worker import run_forever, work_once
    from channels.routers import build_senders, default_hooks

    settings = get_settings()
    assistant = build_assistant(settings.model_copy(update={"load_models": False}))
    senders = build_senders(settings, default_hooks(lambda: assistant.store))
    try:
        if every:
            await run_forever(assistant, senders, every)
        else:
            typer.echo(str(await work_once(assistant, senders)))
    finally:
        await assistant.aclose()


@db_app.command("upgrade")
def db_upgrade() -> None:
    """Apply the database migrations."""
    from bot.storage.db import make_engine, upgrade

    settings = get_settings()
    engine = make_engine(settings.database_url)
    upgrade(engine)
    engine.dispose()
    typer.echo("database is up to date")


@app.command()
def chat(
    sender: Annotated[str, typer.Option(help="conversation id")] = f"terminal-{getpass.getuser()}",
) -> None:
    """Talk to the assistant in the terminal (same pipeline, same database)."""
    asyncio.run(_chat(sender))


async def _chat(sender: str) -> None:
    from bot.assistant import build_assistant

    assistant = build_assistant(get_settings())
    typer.echo("Conversation avec l'assistant (Ctrl-D pour quitter).")
    buttons: list[str] = []
    try:
        while True:
            try:
                line = input("> ")
            except EOFError:
                break
            choice = line.strip()
            if choice.isdigit() and 0 < int(choice) <= len(buttons):
                line = buttons[int(choice) - 1]
            replies = await assistant.processor.handle(
                UserMessage(sender_id=sender, text=line, channel="terminal")
            )
            buttons = _print_replies(replies)
    finally:
        await assistant.aclose()


def _print_replies(replies: list[BotMessage]) -> list[str]:
    payloads: list[str] = []
    for reply in replies:
        if reply.text:
            typer.echo(reply.text)
        for button in reply.buttons:
            payloads.append(button.payload)
            typer.echo(f"  {len(payloads)}. {button.title}")
    return payloads


from bot.ops_cli import register as register_ops_commands  # noqa: E402

register_ops_commands(app)  # retention, export, bench


def main() -> None:
    app(prog_name="autonomie")


if __name__ == "__main__":
    main()
