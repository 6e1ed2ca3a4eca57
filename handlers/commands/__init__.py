"""One module per group of /peer subcommands; each registers itself on import."""

import importlib

MODULES = [
    "help",
    "admin",
    "rounds",
    "triads",
    "focus",
    "fieldwork",
    "actions",
    "reminders",
    "imports",
    "visiting_team",
    "suggest",
    "themes",
    "summit",
    "sharing",
    "canvas",
    "documents",
]


def load() -> None:
    for name in MODULES:
        importlib.import_module(f"handlers.commands.{name}")
