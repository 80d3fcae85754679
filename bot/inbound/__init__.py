"""The inbound path: every platform's messages stored once, answered once, answers delivered.

A message enters at `receive.receive` (or `handle_message`), called by each adapter's view
with a parsed `InboundMessage` once its signature is checked. `flight` stores it as an
`inbound` row in a small write job first (a redelivery joins the earlier delivery or reads
its stored answer), `answer` runs the dispatcher in one write job — or composes a read-only
command's answer on a reader thread — and stores the answer with the row. The answer leaves
in the view's response, or out of band through the platform's channel (`late`), part by
part, with what the channel cannot carry handed to the outbox (`fallback`). `sweep` answers
messages stored but left unanswered (a crash, a long outage).
"""

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
