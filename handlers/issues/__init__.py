"""The problem loop in chat: 发现 → 交办 → 督办 → 销号.

`commands` is the command table part (/问题, /交办, /督办, /进展, /销号, /问题清单), `args` the
typed arguments, `support` the shared look-ups (assignees, deadlines, the issue card, the
督办 interval), `notify` tells whoever handles an issue and says at once when nobody can be
told (core/reach.py decides; the miss is kept in `undelivered` for the office's daily list).
Issues are written through storage/repos/issues.py in the message's transaction; pushes to the
office and assignees leave as `ctx.push(...)` data for the inbound path to queue.
"""
