"""Looks for identifying values anywhere in a database: every table, every column."""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy import Engine, MetaData, select

__all__ = ["leftovers"]


def leftovers(engine: Engine, needles: Iterable[str]) -> list[tuple[str, str, str]]:
    """(table, column, value) of every stored value containing one of `needles`.

    The tables are read from the database itself (not from our metadata), so a
    table nobody declared is searched too.
    """
    wanted = [n for n in needles if n]
    found: list[tuple[str, str, str]] = []
    meta = MetaData()
    meta.reflect(engine)
    with engine.connect() as connection:
        for table in meta.sorted_tables:
            for row in connection.execute(select(table)).mappings():
                for column, value in row.items():
                    text = str(value)
                    if any(n in text for n in wanted):
                        found.append((table.name, column, text[:120]))
    return found
