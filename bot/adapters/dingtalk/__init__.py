"""DingTalk (钉钉): app-robot callback and Stream mode in, custom-robot webhook pushes out."""

from bot.adapters.dingtalk.inbound import callback as CALLBACK
from bot.adapters.dingtalk.inbound import deliver_late
from bot.adapters.dingtalk.outbound import OUTBOUND
from bot.adapters.dingtalk.stream import long_connection

__all__ = ["CALLBACK", "OUTBOUND", "deliver_late", "long_connection"]
