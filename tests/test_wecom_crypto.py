"""WeCom crypto against the published vectors (PROTOCOLS §1.5) and wechatpy as a peer."""

from __future__ import annotations

import base64
import json
from typing import Any

import pytest
from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from wechatpy.crypto import PrpCrypto
from wechatpy.enterprise.crypto import WeChatCrypto
from wechatpy.exceptions import InvalidSignatureException

from bot.adapters.errors import (
    BadLengthError,
    BadPaddingError,
    ConfigError,
    MalformedBase64Error,
    PayloadError,
    ReceiveIdMismatchError,
    SignatureError,
    UnsafeXmlError,
)
from bot.adapters.wecom.crypto import WeComCrypto, parse_encrypted_json, parse_encrypted_xml
from tests.support.payloads import payload

# Published and derived vectors, PROTOCOLS §1.5 (each with its source in the file).
VECTORS = payload("wecom", "vectors")


def _credentials(vector: dict[str, Any]) -> tuple[str, str, str]:
    return vector["token"], vector["encoding_aes_key"], vector["receive_id"]


def _request(signed: dict[str, str]) -> tuple[str, str, str, str]:
    return signed["msg_signature"], signed["timestamp"], signed["nonce"], signed["encrypt"]


W1, W2 = _credentials(VECTORS["V-W1"]), _credentials(VECTORS["V-W2"])
W1_ECHO, W1_POST = _request(VECTORS["V-W1"]["verify"]), _request(VECTORS["V-W1"]["post"])
W1_POST_PLAIN = VECTORS["V-W1"]["post"]["plaintext"]
W2_ECHO, W2_POST = _request(VECTORS["V-W2"]["verify"]), _request(VECTORS["V-W2"]["post"])
W2_ENCRYPTED, W3_ENCRYPTED = VECTORS["V-W2"]["encrypt"], VECTORS["V-W3"]["encrypt"]
W3_PLAIN = W3_ENCRYPTED["plaintext"]

REPORT = "<xml><Content><![CDATA[【周报】城东安置房项目 本周完成投资 1200 万元]]></Content></xml>"


def w2() -> WeComCrypto:
    """The wechatpy vector's app (receive id = its corp id)."""
    return WeComCrypto(*W2)


def raw_encrypt(crypto_args: tuple[str, str, str], data: bytes) -> str:
    """AES-CBC over `data` as given (no padding added), to forge malformed plaintexts."""
    key = base64.b64decode(crypto_args[1] + "=")
    encryptor = Cipher(algorithms.AES(key), modes.CBC(key[:16])).encryptor()
    return base64.b64encode(encryptor.update(data) + encryptor.finalize()).decode()


@pytest.mark.parametrize(
    ("args", "request_", "plaintext"),
    [
        (W1, W1_ECHO, VECTORS["V-W1"]["verify"]["plaintext"]),
        (W1, W1_POST, W1_POST_PLAIN),  # pad 22: a 16-byte pad limit would refuse it
        (W2, W2_ECHO, VECTORS["V-W2"]["verify"]["plaintext"]),
    ],
)
def test_published_vectors_verify_and_decrypt(
    args: tuple[str, str, str], request_: tuple[str, str, str, str], plaintext: str
) -> None:
    assert WeComCrypto(*args).verify_and_decrypt(*request_) == plaintext


def test_wechatpy_decrypt_vector_with_one_byte_padding() -> None:
    message = w2().verify_and_decrypt(*W2_POST)
    assert "<FromUserName><![CDATA[messense]]></FromUserName>" in message
    assert "<MsgId>4363689963896700987</MsgId>" in message


def test_wrong_nonce_fails_like_wechatpy_vector() -> None:
    signature, timestamp, _, echo = W2_ECHO
    with pytest.raises(SignatureError) as caught:
        w2().verify_signature(signature, timestamp, "437374424", echo)
    assert caught.value.http_status == 403


def test_encrypt_reproduces_wechatpy_vector() -> None:
    vector = W2_ENCRYPTED
    encrypted = w2().encrypt(
        vector["plaintext"], vector["nonce"], vector["timestamp"], vector["random"].encode()
    )
    assert encrypted == (vector["encrypt"], vector["msg_signature"])


def test_ai_bot_vector_uses_empty_receive_id() -> None:
    vector = W3_ENCRYPTED
    bot = WeComCrypto(*_credentials(VECTORS["V-W3"]))
    encrypted = bot.encrypt(
        W3_PLAIN, vector["nonce"], vector["timestamp"], vector["random"].encode()
    )
    assert encrypted == (vector["encrypt"], vector["msg_signature"])
    assert json.loads(bot.verify_and_decrypt(*_request(vector)))["chatid"] == "CHATID"


@pytest.mark.parametrize("size", [0, 1, 11, 12, 13, 43, 44, 45, 300])
def test_wechatpy_encrypts_and_we_decrypt(size: int) -> None:
    message = REPORT + "x" * size  # sizes around 32-byte alignment, incl. a full pad block
    envelope = WeChatCrypto(*W2).encrypt_message(message, "nonce42", "1700000000")
    fields = parse_encrypted_xml(envelope.encode())
    decrypted = w2().verify_and_decrypt(
        fields["MsgSignature"], fields["TimeStamp"], fields["Nonce"], fields["Encrypt"]
    )
    assert decrypted == message


@pytest.mark.parametrize("size", [0, 1, 11, 12, 13, 43, 44, 45, 300])
def test_we_encrypt_and_wechatpy_decrypts(size: int) -> None:
    message = REPORT + "x" * size
    envelope = w2().build_encrypted_xml(message, "nonce42", "1700000000")
    fields = parse_encrypted_xml(envelope.encode())
    peer = WeChatCrypto(*W2)
    assert peer.decrypt_message(envelope, fields["MsgSignature"], "1700000000", "nonce42") == (
        message
    )
    with pytest.raises(InvalidSignatureException):
        peer.decrypt_message(envelope, fields["MsgSignature"], "1700000001", "nonce42")


def test_ai_bot_json_reply_is_readable_by_wechatpy() -> None:
    bot = WeComCrypto(W2[0], W2[1], "")
    reply = bot.build_encrypted_json('{"msgtype":"stream"}', "cbnonce", "1641002400")
    assert set(reply) == {"encrypt", "msgsignature", "timestamp", "nonce"}
    assert reply["nonce"] == "cbnonce"
    key = base64.b64decode(W2[1] + "=")
    assert PrpCrypto(key).decrypt(reply["encrypt"], "") == '{"msgtype":"stream"}'
    bot.verify_signature(reply["msgsignature"], "1641002400", "cbnonce", reply["encrypt"])


def test_ai_bot_callback_from_wechatpy_decrypts() -> None:
    key = base64.b64decode(W2[1] + "=")
    encrypted = PrpCrypto(key).encrypt(W3_PLAIN, "").decode()
    body = json.dumps({"encrypt": encrypted}).encode()
    assert WeComCrypto(W2[0], W2[1], "").decrypt(parse_encrypted_json(body)) == W3_PLAIN


def test_tampered_ciphertext_fails_signature() -> None:
    signature, timestamp, nonce, encrypt = W1_POST
    with pytest.raises(SignatureError):
        WeComCrypto(*W1).verify_and_decrypt(signature, timestamp, nonce, "A" + encrypt[1:])


@pytest.mark.parametrize("garbage", ["not base64!", "abc", W1_POST[3].replace("+", " ")])
def test_base64_garbage_is_a_crypto_error(garbage: str) -> None:
    with pytest.raises(MalformedBase64Error) as caught:
        WeComCrypto(*W1).decrypt(garbage)
    assert caught.value.http_status == 400


@pytest.mark.parametrize("last", [0, 33, 255])
def test_padding_out_of_range_is_refused(last: int) -> None:
    forged = raw_encrypt(W2, b"\x01" * 63 + bytes([last]))
    with pytest.raises(BadPaddingError, match=f"invalid padding value {last}"):
        w2().decrypt(forged)


def test_inconsistent_padding_bytes_are_refused() -> None:
    forged = raw_encrypt(W2, b"\x01" * 60 + b"\x07\x07\x07\x04")
    with pytest.raises(BadPaddingError):
        w2().decrypt(forged)


def test_ciphertext_not_whole_blocks_is_a_length_error() -> None:
    with pytest.raises(BadLengthError):
        w2().decrypt(base64.b64encode(b"x" * 20).decode())


def test_declared_length_beyond_the_data_is_a_length_error() -> None:
    plaintext = b"r" * 16 + (1000).to_bytes(4, "big") + b"short" + bytes([7]) * 7
    with pytest.raises(BadLengthError, match="declared length 1000"):
        w2().decrypt(raw_encrypt(W2, plaintext))


@pytest.mark.parametrize(("sender_id", "our_id"), [("wwOTHER", W2[2]), (W2[2], "")])
def test_wrong_receive_id_is_refused(sender_id: str, our_id: str) -> None:
    encrypted, _ = WeComCrypto(W2[0], W2[1], sender_id).encrypt("hi", "n", "1")
    with pytest.raises(ReceiveIdMismatchError, match="is not the configured"):
        WeComCrypto(W2[0], W2[1], our_id).decrypt(encrypted)


BOMB = b"""<?xml version="1.0"?><!DOCTYPE lolz [<!ENTITY lol "lol">
<!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">]>
<xml><Encrypt>&lol2;</Encrypt></xml>"""
EXTERNAL = b"""<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>
<xml><Encrypt>&e;</Encrypt></xml>"""
PLAIN_DTD = b'<?xml version="1.0"?><!DOCTYPE xml SYSTEM "x.dtd"><xml><Encrypt>a</Encrypt></xml>'


@pytest.mark.parametrize("body", [BOMB, EXTERNAL, PLAIN_DTD])
def test_xml_with_dtd_or_entities_is_refused(body: bytes) -> None:
    with pytest.raises(UnsafeXmlError) as caught:
        parse_encrypted_xml(body)
    assert caught.value.http_status == 400


@pytest.mark.parametrize("body", [b"<xml><Encrypt>abc</xml>", b"<xml><AgentID>1</AgentID></xml>"])
def test_malformed_or_incomplete_xml_is_a_payload_error(body: bytes) -> None:
    with pytest.raises(PayloadError):
        parse_encrypted_xml(body)


def test_callback_xml_fields_are_read() -> None:
    body = (
        b"<xml><ToUserName><![CDATA[ww1436e0e65a779aee]]></ToUserName>"
        b"<Encrypt><![CDATA[abc+/=]]></Encrypt><AgentID><![CDATA[1000002]]></AgentID></xml>"
    )
    assert parse_encrypted_xml(body) == {
        "ToUserName": "ww1436e0e65a779aee",
        "Encrypt": "abc+/=",
        "AgentID": "1000002",
    }


@pytest.mark.parametrize("body", [b"", b"[]", b'{"encrypt": 1}', b'{"msg": "x"}'])
def test_bad_ai_bot_json_is_a_payload_error(body: bytes) -> None:
    with pytest.raises(PayloadError):
        parse_encrypted_json(body)


@pytest.mark.parametrize("aes_key", [W2[1][:-1], W2[1] + "A", "!" * 43])
def test_unusable_encoding_aes_key_fails_at_construction(aes_key: str) -> None:
    with pytest.raises(ConfigError):
        WeComCrypto(W2[0], aes_key, W2[2])
