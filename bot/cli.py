"""The `autonomie` command line, on the same Assistant as the web service."""

from __future__ import annotations

import asyncio
import getpass
import importlib
import sys
from typing import TYPE_CHECKING, Annotated, NamedTuple

import typer
from typer._click.core import Command, Context  # typer's own (vendored) click
from typer.core import TyperGroup

from bot import __version__

if TYPE_CHECKING:
    from channels.messages import BotMessage


class _Lazy(NamedTuple):
    target: str  # "module:attribute" of the group's Typer app
    help: str


#: command groups imported only when used, so that `autonomie --help` and
#: `--version` load none of the models' libraries.
LAZY_GROUPS = {
    "platform": _Lazy("bot.platform_cli:platform_app", "The reference platform API."),
    "telegram": _Lazy("bot.telegram_cli:telegram_app", "Telegram: polling or webhook."),
    "kb": _Lazy("knowledge.cli:kb_app", "The knowledge base: index, search, eval, check."),
    "nlu": _Lazy("nlu.cli:nlu_app", "NLU: train, test, bench on Rasa nlu.yml."),
    "console": _Lazy(
        "bot.console.cli:console_app",
        "Counsellor accounts; demo accounts and canned replies (seed-demo).",
    ),
}


class LazyGroup(TyperGroup):
    """A group whose sub-groups are imported when one is run, not to list them."""

    _resolving = False

    def list_commands(self, ctx: Context) -> list[str]:
        return [*super().list_commands(ctx), *LAZY_GROUPS]

    def resolve_command(
        self, ctx: Context, args: list[str]
    ) -> tuple[str | None, Command | None, list[str]]:
        self._resolving = True  # the command is about to run: load it for real
        try:
            return super().resolve_command(ctx, args)
        finally:
            self._resolving = False

    def get_command(self, ctx: Context, cmd_name: str) -> Command | None:
        lazy = LAZY_GROUPS.get(cmd_name)
        if lazy is None:
            return super().get_command(ctx, cmd_name)
        if not self._resolving:  # listed in a help page: its one-line help is enough
            return TyperGroup(name=cmd_name, help=lazy.help)
        module, attribute = lazy.target.split(":")
        command = typer.main.get_command(getattr(importlib.import_module(module), attribute))
        command.name = cmd_name
        return command


app = typer.Typer(
    help="Autonomie Assistant.", no_args_is_help=True, add_completion=False, cls=LazyGroup
)
db_app = typer.Typer(help="Database.", no_args_is_help=True)
app.add_typer(db_app, name="db")


def _print_version(value: bool) -> None:
    if value:
        typer.echo(f"autonomie-assistant {__version__}")
        raise typer.Exit()


@app.callback()
def _options(
    version: Annotated[
        bool,
        typer.Option(
            "--version", is_eager=True, callback=_print_version, help="Print the version."
        ),
    ] = False,
) -> None:
    """Autonomie Assistant."""


@app.command()
def serve(
    host: Annotated[str, typer.Option(help="interface to listen on")] = "127.0.0.1",
    port: Annotated[int, typer.Option(help="TCP port")] = 8000,
    workers: Annotated[
        int, typer.Option(min=1, help="worker processes (more than 1: set AUTONOMIE_REDIS_URL)")
    ] = 1,
) -> None:
    """Serve the whole service: channels, console, reference platform.

    Without AUTONOMIE_PLATFORM_URL, the reference platform runs as a child process on a
    port of its own."""
    from bot.platform.errors import PlatformError
    from bot.serving import serve as serve_forever
    from bot.settings import get_settings
    from sqlkit.db import check_database

    settings = get_settings()
    if workers > 1 and not settings.redis_url:
        # per-sender locks and the console's live queue must be shared by the processes
        raise typer.BadParameter("several workers need AUTONOMIE_REDIS_URL", param_hint="--workers")
    check_database(settings.database_url)  # before the platform child and the models
    try:
        serve_forever(settings, host, port, workers)
    except PlatformError as exc:  # nothing starts without its platform
        typer.echo(f"error: {exc}", err=True)
        raise typer.Exit(1) from exc


@app.command()
def train(
    force: Annotated[bool, typer.Option(help="retrain even when nothing changed")] = False,
) -> None:
    """Train the NLU model and build the knowledge index into models/ (only what is stale)."""
    from bot.settings import get_settings
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
    from bot.app import build_assistant
    from bot.platform.cli import platform_or_exit
    from bot.settings import get_settings
    from bot.worker import run_forever, work_once

    with platform_or_exit(get_settings()) as settings:
        assistant = build_assistant(settings.model_copy(update={"load_models": False}))
        try:
            if every:
                await run_forever(assistant, assistant.senders, every)
            else:
                typer.echo(str(await work_once(assistant, assistant.senders)))
        finally:
            await assistant.aclose()


@db_app.command("upgrade")
def db_upgrade() -> None:
    """Apply the database migrations."""
    from bot.settings import get_settings
    from bot.storage.db import migrated, upgrade

    with migrated(get_settings().database_url, upgrade):
        typer.echo("database is up to date")


@app.command()
def chat(
    sender: Annotated[str, typer.Option(help="conversation id")] = f"terminal-{getpass.getuser()}",
) -> None:
    """Talk to the assistant in the terminal (same pipeline, same database)."""
    asyncio.run(_chat(sender))


async def _chat(sender: str) -> None:
    from bot.app import build_assistant
    from bot.platform.cli import platform_or_exit
    from bot.settings import get_settings
    from channels.messages import UserMessage

    with platform_or_exit(get_settings()) as settings:
        assistant = build_assistant(settings)
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


def _setup_error(exc: BaseException) -> str | None:
    """One line for a configuration error a person can fix; None for a real bug."""
    from sqlkit.errors import database_error, mask_password

    if f"{type(exc).__module__}.{type(exc).__name__}" == (
        "pydantic_core._pydantic_core.ValidationError"
    ):
        return f"invalid AUTONOMIE_* setting: {mask_password(str(exc).strip())}"
    if f"{type(exc).__module__}.{type(exc).__name__}" == "bot.integrations.ModelsMissing":
        return f"{exc} (AUTONOMIE_MODELS_DIR; a relative path is read from the current directory)"
    return database_error(exc, "AUTONOMIE_DATABASE_URL")


def main() -> None:
    try:
        app(prog_name="autonomie")
    except Exception as exc:
        message = _setup_error(exc)
        if message is None:
            raise
        typer.echo(f"autonomie: {message}", err=True)
        sys.exit(2)


if __name__ == "__main__":
    main()
