"""Persistence: SQLAlchemy models, migrations, tracker store and outbox."""
