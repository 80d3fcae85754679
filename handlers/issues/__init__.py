"""The problem loop in chat: 发现 → 交办 → 督办 → 销号.

`commands` is the command table part (/问题, /交办, /督办, /进展, /销号, /问题清单), `args` the
typed arguments, `support` the shared look-ups (assignees, deadlines, the issue card). Issues
are written through storage/repos/issues.py in the message's transaction; pushes to the office
and assignees leave as `ctx.push(...)` data for the inbound path to queue.
"""
