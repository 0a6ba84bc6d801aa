"""Channel adapters: translate a platform's format into UserMessage and back.

Adapters never decide: no intent or slot logic here. Each one receives an
`on_message` callback, so no adapter imports the dialogue core.
"""
