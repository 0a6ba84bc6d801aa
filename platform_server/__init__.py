"""The reference platform API server: its own process, tables, migrations and settings.

The assistant reaches it only over HTTP (bot/platform/client.py); `autonomie
serve` starts it as a child process unless AUTONOMIE_PLATFORM_URL points to
another platform. It imports nothing from the assistant: its wire contract is
`platform_api`, its database plumbing `sqlkit`.
"""

__version__ = "1.0.0"
