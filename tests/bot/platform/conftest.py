"""The platform fixtures (tests/platform_fixtures.py)."""

from tests.platform_fixtures import api, inprocess, platform_db, platform_settings, server_settings

__all__ = ["api", "inprocess", "platform_db", "platform_settings", "server_settings"]
