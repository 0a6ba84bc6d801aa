"""The platform API's wire contract (docs/platform-api.md): the pydantic models of
its requests, answers and error bodies. The assistant's client (bot.platform) and
the reference server (platform_server) both use it; it imports nothing of ours."""
