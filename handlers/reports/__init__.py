"""Progress reports in chat: from a `进度 <项目>` message to a stored report and a reply.

Text enters at `receive.on_report` (called by the dispatcher): `grammar` cuts the message into
blocks, `lines`/`fields`/`values` read each line, `rules` judges who may report,
`refused_figures` refuses impossible figures and `plausible` holds unlikely ones for `确认`
(`derived_lower` a worked-out total below the week's typed one), and `receive` stores the report
in the message's transaction and returns Reply data. `problems` turns a report's 存在问题 into
an issue (or restates/retracts the one its earlier version raised, or asks 是/否), and
`answers` takes the replies to the bot's own questions (`确认`, `是`, `否`) before anything else.
`commands` holds the commands around reporting (/模板, /撤回, /请假).
"""
