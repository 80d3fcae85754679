"""The kernel every layer may import: neutral message types and the settings tree.

`core.messages` holds what crosses between the platforms and the rest (InboundMessage in,
Reply from handlers, OutboundMessage out); `core.settings` parses config.toml and the
`DIAODU_…` environment into one typed tree. The kernel imports nothing of ours except `domain`.
"""
