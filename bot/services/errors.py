"""How a use case says no (the class lives with the rules, which refuse too)."""

from bot.rules.refusals import Refused

__all__ = ["Refused"]
