"""CLI command modules; each lists its click commands in ``COMMANDS`` (see kg/cli.py)."""
