"""`python -m platform_server ...`: the reference platform's command line."""

from platform_server.cli import main

main()
