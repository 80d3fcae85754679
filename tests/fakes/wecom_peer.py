"""WeCom's side of a callback, played by wechatpy: sign, encrypt, and read the bot's replies."""

from __future__ import annotations

import base64
import json
import os
import struct
from typing import Any
from urllib.parse import quote

import xmltodict
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from wechatpy.crypto import PrpCrypto
from wechatpy.enterprise.crypto import WeChatCrypto
from wechatpy.utils import WeChatSigner
from yarl import URL

from tests.support import seed
from tests.support.payloads import payload, raw

# The credentials, timestamp and nonce of the official sample's vector V-W1 (PROTOCOLS §1.5).
W1 = payload("wecom", "vectors")["V-W1"]
TOKEN, AES_KEY, CORP = W1["token"], W1["encoding_aes_key"], W1["receive_id"]
KEY = base64.b64decode(AES_KEY + "=")
TS, NONCE = W1["post"]["timestamp"], W1["post"]["nonce"]
# A group report as the AI bot receives it: the @mention is kept in the text.
REPORT = f"@调度助手 {seed.REPORT}\n存在问题：无"


def sign(encrypt: str, timestamp: str = TS, nonce: str = NONCE) -> str:
    """msg_signature as WeCom computes it."""
    signer = WeChatSigner()
    signer.add_data(TOKEN, timestamp, nonce, encrypt)
    return signer.signature


def callback_url(
    bot: str, encrypt: str | None = None, signature: str | None = None, **extra: str
) -> URL:
    """The signed callback URL, encoded by hand like WeCom (`+` as %2B) and never re-encoded."""
    query = {"msg_signature": signature or sign(encrypt or ""), "timestamp": TS, "nonce": NONCE}
    query.update(extra)
    encoded = "&".join(f"{k}={quote(v, safe='')}" for k, v in query.items())
    return URL(f"/callback/wecom/{bot}?{encoded}", encoded=True)


def aibot_message(userid: str = "zhangwei", msgid: str = "CAIQ16HMjQYY", **fields: Any) -> str:
    """The JSON of an AI-bot text callback (the documented example) carrying REPORT."""
    message = payload("wecom", "aibot_text")
    message.update({"msgid": msgid, "from": {"userid": userid}, "text": {"content": REPORT}})
    message.update(fields)
    return json.dumps(message, ensure_ascii=False)


def app_xml(content: str = "进度 物流园\n累计完成：3500万", **fields: str) -> str:
    """An app's plaintext message XML (the documented example) from zhangwei, every value CDATA."""
    values = xmltodict.parse(raw("wecom", "app_text.xml"))["xml"]
    values.update({"FromUserName": "zhangwei", "Content": content, **fields})
    return "<xml>" + "".join(f"<{k}><![CDATA[{v}]]></{k}>" for k, v in values.items()) + "</xml>"


def aibot_encrypt(plaintext: str, receive_id: str = "") -> str:
    """An AI-bot `encrypt` value (receive id "")."""
    return PrpCrypto(KEY).encrypt(plaintext, receive_id).decode()


def aibot_reply(data: dict[str, Any]) -> dict[str, Any]:
    """Check the reply's msgsignature and decrypt its JSON."""
    assert data["msgsignature"] == sign(data["encrypt"], str(data["timestamp"]), data["nonce"])
    return json.loads(PrpCrypto(KEY).decrypt(data["encrypt"], ""))


def app_envelope(plaintext: str, corp: str = CORP) -> tuple[str, str]:
    """The XML body WeCom posts to an app for `plaintext`, and its msg_signature."""
    crypto = WeChatCrypto(TOKEN, AES_KEY, corp)
    encrypted = xmltodict.parse(crypto.encrypt_message(plaintext, NONCE, TS))["xml"]
    body = (
        f"<xml><ToUserName><![CDATA[{CORP}]]></ToUserName>"
        f"<Encrypt><![CDATA[{encrypted['Encrypt']}]]></Encrypt>"
        "<AgentID><![CDATA[1000002]]></AgentID></xml>"
    )
    return body, encrypted["MsgSignature"]


def app_reply(text: str) -> dict[str, str]:
    """Check and decrypt an app's passive reply; the plaintext XML's fields."""
    envelope = xmltodict.parse(text)["xml"]
    plain = WeChatCrypto(TOKEN, AES_KEY, CORP).decrypt_message(
        text, envelope["MsgSignature"], envelope["TimeStamp"], envelope["Nonce"]
    )
    return dict(xmltodict.parse(plain)["xml"])


def padded_wrongly(plaintext: str) -> str:
    """A ciphertext whose padding value (40) is not PKCS#7 to 32."""
    message = plaintext.encode()
    data = os.urandom(16) + struct.pack(">I", len(message)) + message
    data += bytes([40]) * (32 - len(data) % 32)
    encryptor = Cipher(algorithms.AES(KEY), modes.CBC(KEY[:16])).encryptor()
    return base64.b64encode(encryptor.update(data) + encryptor.finalize()).decode()
