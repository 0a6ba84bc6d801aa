"""`autonomie platform ...`: the reference platform alone, its demo data and keys (run by
`python -m platform_server`), and the assistant's booking retry and reminder worker."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from contextlib import ExitStack, contextmanager

import typer

from bot.platform.errors import PlatformError
from bot.settings import Settings

__all__ = ["platform_app", "platform_or_exit"]

platform_app = typer.Typer(
    help="The platform API (reference implementation).", no_args_is_help=True
)


@contextmanager
def platform_or_exit(settings: Settings) -> Iterator[Settings]:
    """The settings pointed at a platform: AUTONOMIE_PLATFORM_URL, or the reference
    platform started as a child process for as long as the command runs."""
    from bot.platform.process import reference_platform
    from sqlkit.db import check_database

    # the child platform shares the database: a wrong URL is told once, here
    check_database(settings.database_url)
    with ExitStack() as stack:
        try:
            pointed = stack.enter_context(reference_platform(settings))
        except PlatformError as exc:  # nothing starts without its platform
            typer.echo(f"error: {exc}", err=True)
            raise typer.Exit(1) from exc
        yield pointed


# The reference platform is its own program (platform_server), run as a process of
# its own: these commands hand their arguments over to `python -m platform_server`.
_PASS_THROUGH = {"allow_extra_args": True, "ignore_unknown_options": True}


def _platform_server(command: str, ctx: typer.Context) -> None:
    done = subprocess.run([sys.executable, "-m", "platform_server", command, *ctx.args])
    raise typer.Exit(done.returncode)


@platform_app.command(context_settings=_PASS_THROUGH, add_help_option=False)
def serve(ctx: typer.Context) -> None:
    """Serve the reference platform API alone, at /platform/v1 (docs at /platform/docs):
    [--host 127.0.0.1] [--port 8001]; its settings are AUTONOMIE_PLATFORM_*."""
    _platform_server("serve", ctx)


@platform_app.command(context_settings=_PASS_THROUGH, add_help_option=False)
def seed(ctx: typer.Context) -> None:
    """Create the demo platforms, events and employers ([DÉMO]) [--today YYYY-MM-DD];
    running it again adds nothing."""
    _platform_server("seed", ctx)


@platform_app.command("create-key", context_settings=_PASS_THROUGH, add_help_option=False)
def create_key(ctx: typer.Context) -> None:
    """Create an API key and print it: [DEPARTEMENT] (none: a national key) [--label]."""
    _platform_server("create-key", ctx)
