"""SQLAlchemy plumbing shared by the assistant (bot.storage) and the reference
platform server (platform_server): engines with our SQLite settings, sessions and
Alembic upgrades (`sqlkit.db`), and the column types both schemas use
(`sqlkit.types`).

It imports nothing of ours, so each side keeps its own tables and migrations.
"""
