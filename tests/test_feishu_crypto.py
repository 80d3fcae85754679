"""Feishu crypto against the vectors (PROTOCOLS §3.3) and lark-oapi as a peer."""

from __future__ import annotations

import base64
import hashlib
import json

import pytest
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from lark_oapi.core.model import RawRequest
from lark_oapi.core.utils.decryptor import AESCipher
from lark_oapi.event.dispatcher_handler import EventDispatcherHandler

from bot.adapters.errors import (
    BadLengthError,
    BadPaddingError,
    CryptoError,
    MalformedBase64Error,
    SignatureError,
)
from bot.adapters.feishu.crypto import (
    decrypt_event,
    encrypt_event,
    event_signature,
    verify_signature,
    webhook_sign,
)
from tests.fakes.feishu_peer import event
from tests.support.payloads import payload

# Published and derived vectors, PROTOCOLS §3.3 (each with its source in the file).
VECTORS = payload("feishu", "vectors")
DOC_KEY, DOC_ENCRYPT = VECTORS["decrypt"]["encrypt_key"], VECTORS["decrypt"]["encrypt"]
_SIGNED = VECTORS["event_signature"]
SIGNED_BODY = _SIGNED["body"].encode()
SIGNED = (_SIGNED["timestamp"], _SIGNED["nonce"], _SIGNED["encrypt_key"], SIGNED_BODY)
SIGNATURE = _SIGNED["signature"]
# A message event as Feishu sends it, for the app whose verification token is "vtoken".
EVENT = event("填报 城东安置房 完成投资 1200 万", token="vtoken")


def test_doc_sample_decrypts() -> None:
    assert decrypt_event(DOC_ENCRYPT, DOC_KEY) == VECTORS["decrypt"]["plaintext"]


@pytest.mark.parametrize(
    ("secret", "timestamp", "sign"),
    # the timestamp is a string in one and a number in the other, as callers pass either
    [(v["secret"], v["timestamp"], v["sign"]) for v in VECTORS["webhook_sign"]],
)
def test_webhook_sign_vectors(secret: str, timestamp: str | int, sign: str) -> None:
    assert webhook_sign(secret, timestamp) == sign


def test_event_signature_vector() -> None:
    assert event_signature(*SIGNED) == SIGNATURE
    verify_signature(*SIGNED, SIGNATURE)


@pytest.mark.parametrize(
    ("timestamp", "body", "signature"),
    [
        ("1700000000", SIGNED_BODY, SIGNATURE[:-1] + "4"),
        ("1700000001", SIGNED_BODY, SIGNATURE),
        # The same JSON re-serialised: the signature covers the raw bytes only.
        ("1700000000", json.dumps(json.loads(SIGNED_BODY)).encode(), SIGNATURE),
        ("1700000000", SIGNED_BODY, ""),
    ],
)
def test_wrong_signature_is_refused(timestamp: str, body: bytes, signature: str) -> None:
    with pytest.raises(SignatureError) as caught:
        verify_signature(timestamp, "1234567890", DOC_KEY, body, signature)
    assert caught.value.http_status == 403


@pytest.mark.parametrize("size", [0, 1, 15, 16, 17, 500])
def test_lark_oapi_decrypts_what_we_encrypt(size: int) -> None:
    plaintext = "调度" + "x" * size
    encrypted = encrypt_event(plaintext, DOC_KEY)
    assert AESCipher(DOC_KEY).decrypt_str(encrypted) == plaintext
    assert decrypt_event(encrypted, DOC_KEY) == plaintext


def test_lark_oapi_dispatcher_accepts_our_signed_encrypted_callback() -> None:
    received: list[str] = []
    handler = (
        EventDispatcherHandler.builder("my encrypt key", "vtoken")
        .register_p2_im_message_receive_v1(lambda data: received.append(data.event.message.chat_id))
        .build()
    )
    body = json.dumps({"encrypt": encrypt_event(json.dumps(EVENT), "my encrypt key")}).encode()
    request = RawRequest()
    request.body = body
    request.headers = {
        "X-Lark-Request-Timestamp": "1708399533",
        "X-Lark-Request-Nonce": "n0nce",
        "X-Lark-Signature": event_signature("1708399533", "n0nce", "my encrypt key", body),
    }
    response = handler.do(request)
    assert (response.status_code, received) == (200, [EVENT["event"]["message"]["chat_id"]])


def test_wrong_encrypt_key_does_not_yield_plaintext() -> None:
    with pytest.raises(CryptoError) as caught:
        decrypt_event(DOC_ENCRYPT, "another key")
    assert caught.value.http_status == 400


@pytest.mark.parametrize("garbage", ["%%%", "abc", DOC_ENCRYPT.replace("+", " ")])
def test_base64_garbage_is_refused(garbage: str) -> None:
    with pytest.raises(MalformedBase64Error):
        decrypt_event(garbage, DOC_KEY)


@pytest.mark.parametrize("raw_len", [0, 16, 40])
def test_ciphertext_without_iv_and_whole_blocks_is_refused(raw_len: int) -> None:
    with pytest.raises(BadLengthError):
        decrypt_event(base64.b64encode(b"k" * raw_len).decode(), DOC_KEY)


@pytest.mark.parametrize("last", [0, 17, 255])
def test_padding_out_of_range_is_refused(last: int) -> None:
    iv = b"i" * 16
    key = hashlib.sha256(DOC_KEY.encode()).digest()
    encryptor = Cipher(algorithms.AES(key), modes.CBC(iv)).encryptor()
    forged = encryptor.update(b"{}" + b"\x01" * 29 + bytes([last])) + encryptor.finalize()
    with pytest.raises(BadPaddingError):
        decrypt_event(base64.b64encode(iv + forged).decode(), DOC_KEY)
