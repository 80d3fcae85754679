"""Delivering pushes: the queue worker that empties the outbox table to the platforms' robots.

Jobs and handlers never send: they write rows to the outbox (storage/repos/outbox*.py).
`service.py` opens the app's one HTTP session and runs the worker; `worker.py` claims due rows,
sends them through the platform adapters' `Outbound` senders and records each outcome;
`limits.py` holds the per-robot rate window and back-off as pure calculations.
"""
