"""The inbound path: every platform's messages stored once, answered once, answers delivered."""

from bot.inbound.answer import FAILED, MAX_TEXT_CHARS, TOO_LONG
from bot.inbound.fallback import hand_over, send_parts
from bot.inbound.flight import FLIGHTS, StoreUnavailable
from bot.inbound.late import CHANNELS, Addressee, Channel
from bot.inbound.receive import Receipt, handle_message, receive
from bot.inbound.sweep import Sweeper, add_sweeper

__all__ = [
    "CHANNELS",
    "FAILED",
    "FLIGHTS",
    "MAX_TEXT_CHARS",
    "TOO_LONG",
    "Addressee",
    "Channel",
    "Receipt",
    "StoreUnavailable",
    "Sweeper",
    "add_sweeper",
    "hand_over",
    "handle_message",
    "receive",
    "send_parts",
]
