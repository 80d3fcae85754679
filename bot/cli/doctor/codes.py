"""What the platforms' answer codes mean, in Chinese, and what an office can do about them.

From PROTOCOLS §1.1, §2.1, §3.1 and the codes the platforms' clients report. `Kind` tells the
robot probe apart: BAD (the webhook or secret is wrong), BODY (the robot was found and the
signature passed; only the empty probe body was refused), BUSY (found, but throttled now).
"""

from __future__ import annotations

from enum import Enum


class Kind(Enum):
    OK = "ok"
    BAD = "bad"
    BODY = "body"
    BUSY = "busy"


COPY_WEBHOOK = "请从群机器人设置中重新复制 webhook"
COPY_SECRET = "请在群机器人“安全设置→加签”处复制密钥，填入该群的 secret"
ADD_IP = "请在机器人安全设置中加入本服务器的出口 IP"
NOT_LISTED = "本服务器的 IP 不在机器人的 IP 白名单里"
MEANINGS: dict[str, dict[int, tuple[Kind, str, str]]] = {
    "wecom": {
        0: (Kind.OK, "成功", ""),
        -1: (Kind.BUSY, "系统繁忙", "稍后再试"),
        40008: (Kind.BODY, "消息类型不对", ""),
        40058: (Kind.BODY, "消息内容不合规定", ""),
        44004: (Kind.BODY, "消息内容为空", ""),
        45009: (Kind.BUSY, "发送太频繁（每个机器人每分钟 20 条）", "稍后再试"),
        93000: (Kind.BAD, "webhook 无效（key 写错，或机器人已被移出群）", COPY_WEBHOOK),
    },
    "dingtalk": {
        0: (Kind.OK, "成功", ""),
        -1: (Kind.BUSY, "系统繁忙", "稍后再试"),
        40035: (Kind.BODY, "缺少参数", ""),
        400105: (Kind.BODY, "不支持的消息类型", ""),
        130101: (Kind.BUSY, "发送太快，被限流", "10 分钟后再试"),
        410100: (Kind.BUSY, "发送太快，被限流", "10 分钟后再试"),
        300001: (Kind.BAD, "access_token 不存在（webhook 写错或机器人已删除）", COPY_WEBHOOK),
        400101: (Kind.BAD, "access_token 不存在（webhook 写错或机器人已删除）", COPY_WEBHOOK),
        400102: (Kind.BAD, "机器人已停用", "请在群设置中启用该机器人"),
        400106: (Kind.BAD, "机器人不在群里", "请把机器人重新加入群"),
        400013: (Kind.BAD, "群已解散", "请为新群添加机器人并改配置"),
        460101: (Kind.BODY, "消息太长", ""),
        310000: (Kind.BAD, "安全设置校验失败", COPY_SECRET),
    },
    "feishu": {
        0: (Kind.OK, "成功", ""),
        9499: (Kind.BODY, "请求格式不对", ""),
        19002: (Kind.BODY, "缺少参数", ""),
        11232: (Kind.BUSY, "发送太频繁", "稍后再试"),
        19001: (Kind.BAD, "webhook 无效（地址写错或机器人已删除）", COPY_WEBHOOK),
        19021: (Kind.BAD, "签名不对，或服务器时间与飞书相差超过 1 小时", COPY_SECRET),
        19022: (Kind.BAD, NOT_LISTED, ADD_IP),
        19024: (Kind.BODY, "消息不含机器人设置的关键词", ""),
        10014: (Kind.BAD, "App Secret 不对", "请从飞书开放平台“凭证与基础信息”复制 App Secret"),
        10003: (Kind.BAD, "App ID 不对", "请从飞书开放平台“凭证与基础信息”复制 App ID"),
    },
}
DINGTALK_SECURITY = {
    "sign not match": (Kind.BAD, "加签密钥不对", COPY_SECRET),
    "keywords not in content": (Kind.BODY, "消息不含机器人设置的关键词", ""),
    "not in whitelist": (Kind.BAD, NOT_LISTED, ADD_IP),
    "invalid timestamp": (Kind.BAD, "服务器时间与钉钉相差超过 1 小时", "请校准服务器时间（NTP）"),
}


def meaning(platform: str, code: int | str | None, message: str = "") -> tuple[Kind, str, str]:
    """(kind, Chinese meaning, what to do) for a platform's answer code."""
    if platform == "dingtalk" and code == 310000:
        for words, found in DINGTALK_SECURITY.items():
            if words in message:
                return found
    known = MEANINGS.get(platform, {}).get(code if isinstance(code, int) else -99999)
    if known is not None:
        return known
    return Kind.BAD, f"平台答复 {code}", "请按平台文档查这个错误码"


def wants_signature(platform: str, code: int | str | None, message: str = "") -> bool:
    """Whether the answer says the robot signs its requests (加签) and this one was not signed."""
    if platform == "dingtalk":
        return code == 310000 and ("sign" in message or "timestamp" in message)
    return platform == "feishu" and code == 19021
