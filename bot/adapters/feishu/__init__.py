"""Feishu (飞书): event subscription in, custom-bot webhook pushes and app replies out."""

from bot.adapters.feishu.inbound import TOKENS, deliver_late
from bot.adapters.feishu.inbound import callback as CALLBACK
from bot.adapters.feishu.outbound import OUTBOUND, TenantTokens

__all__ = ["CALLBACK", "OUTBOUND", "TOKENS", "TenantTokens", "deliver_late"]
