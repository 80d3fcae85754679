"""Progress reports in chat: from a `进度 <项目>` message to a stored report and a reply.

Text enters at `receive.on_report` (called by the dispatcher): `grammar` cuts the message into
blocks, `lines`/`fields`/`values` read each line, `rules` judges who may report and what opens
an issue, and `receive` stores the report in the message's transaction and returns Reply data.
`commands` holds the commands around reporting (/模板, /撤回, /请假).
"""
