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

# V-W1 credentials (official sample, PROTOCOLS §1.5).
TOKEN = "hJqcu3uJ9Tn2gXPmxx2w9kkCkCE2EPYo"
AES_KEY = "6qkdMrq68nTKduznJYO1A37W2oEgpkMUvkttRToqhUt"
CORP = "ww1436e0e65a779aee"
KEY = base64.b64decode(AES_KEY + "=")
TS, NONCE = "1476422779", "1597212914"


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
