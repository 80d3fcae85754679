"""WeCom crypto against the published vectors (PROTOCOLS §1.5) and wechatpy as a peer."""

from __future__ import annotations

import base64
import json

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

# V-W1: sbzhu/weworkapi_python:callback/Sample.py (official sample).
W1 = ("hJqcu3uJ9Tn2gXPmxx2w9kkCkCE2EPYo", "6qkdMrq68nTKduznJYO1A37W2oEgpkMUvkttRToqhUt",
      "ww1436e0e65a779aee")  # fmt: skip
W1_ECHO = (
    "012bc692d0a58dd4b10f8dfe5c4ac00ae211ebeb", "1476416373", "47744683",
    "fsi1xnbH4yQh0+PJxcOdhhK6TDXkjMyhEPA7xB2TGz6b+g7xyAbEkRxN/3cNXW9qdqjnoVzEtpbhnFyq6SVHyA==",
)  # fmt: skip
W1_POST = (
    "0c3914025cb4b4d68103f6bfc8db550f79dcf48e", "1476422779", "1597212914",
    "Kl7kjoSf6DMD1zh7rtrHjFaDapSCkaOnwu3bqLc5tAybhhMl9pFeK8NslNPVdMwmBQTNoW4mY7AIjeLvEl3NyeTkAgGz"
    "BhzTtRLNshw2AEew+kkYcD+Fq72Kt00fT0WnN87hGrW8SqGc+NcT3mu87Ha3dz1pSDi6GaUA6A0sqfde0VJPQbZ9U+3J"
    "WcoD4Z5jaU0y9GSh010wsHF8KZD24YhmZH4ch4Ka7ilEbjbfvhKkNL65HHL0J6EYJIZUC2pFrdkJ7MhmEbU2qARR4iQH"
    "E7wy24qy0cRX3Mfp6iELcDNfSsPGjUQVDGxQDCWjayJOpcwocugux082f49HKYg84EpHSGXAyh+/oxwaWbvL6aSDPOYu"
    "PDGOCI8jmnKiypE+",
)  # fmt: skip
W1_POST_PLAIN = (
    "<xml><ToUserName>ww1436e0e65a779aee</ToUserName><FromUserName>ChenJiaShun</FromUserName>"
    "<CreateTime>1476422779</CreateTime><MsgType>text</MsgType><Content>你好</Content>"
    "<MsgId>1456453720</MsgId><AgentID>1000002</AgentID></xml>"
)

# V-W2: wechatpy/wechatpy:tests/test_crypto.py.
W2 = ("123456", "kWxPEV2UEDyxWpmPdKC3F4dgPDmOvfKX1HGnEUDS1aR", "wx49f0ab532d5d035a")
W2_ECHO = (
    "dd6b9c95b495b3f7e2901bfbc76c664930ffdb96", "1411443780", "437374425",
    "4ByGGj+sVCYcvGeQYhaKIk1o0pQRNbRjxybjTGblXrBaXlTXeOo1+bXFXDQQb1o6co6Yh9Bv41n7hOchLF6p+Q==",
)  # fmt: skip
W2_POST = (
    "74d92dfeb87ba7c714f89d98870ae5eb62dff26d", "1411525903", "461056294",
    "RgqEoJj5A4EMYlLvWO1F86ioRjZfaex/gePD0gOXTxpsq5Yj4GNglrBb8I2BAJVODGajiFnXBu7mCPatfjsu6IHCrsTy"
    "eDXzF6Bv283dGymzxh6ydJRvZsryDyZbLTE7rhnus50qGPMfp2wASFlzEgMW9z1ef/RD8XzaFYgm7iTdaXpXaG4+BiYy"
    "olBug/gYNx410cvkKR2/nPwBiT+P4hIiOAQqGp/TywZBtDh1yCF2KOd0gpiMZ5jSw3e29mTvmUHzkVQiMS6td7vXUaWO"
    "MZnYZlF3So2SjHnwh4jYFxdgpkHHqIrH/54SNdshoQgWYEvccTKe7FS709/5t6NMxuGhcUGAPOQipvWTT4dShyqio7ml"
    "sl5noTrb++x6En749zCpQVhDpbV6GDnTbcX2e8K9QaNWHp91eBdCRxthuL0=",
)  # fmt: skip
W2_ENC_PLAIN = (
    "<xml>\n<MsgType><![CDATA[text]]></MsgType>\n<Content><![CDATA[test]]></Content>\n"
    "<FromUserName><![CDATA[wx49f0ab532d5d035a]]></FromUserName>\n"
    "<ToUserName><![CDATA[messense]]></ToUserName>\n<AgentID>1</AgentID>\n"
    "<CreateTime>1411525903</CreateTime>\n</xml>"
)
W2_ENC = (
    "9s4gMv99m88kKTh/H8IdkOiMg6bisoy3ypwy9H4hvSPe9nsGaqyw5hhSjdYbcrKk+j3nba4HMOTzHrluLBYqxgNcBqGs"
    "L8GqxlhZgURnAtObvesEl5nZ+uBE8bviY0LWke8Zy9V/QYKxNV2FqllNXcfmstttyIkMKCCmVbCFM2JTF5wY0nFhHZSj"
    "PUL2Q1qvSUCUld+/WIXrx0oyKQmpB6o8NRrrNrsDf03oxI1p9FxUgMnwKKZeOA/uu+2IEvEBtb7muXsVbwbgX05UPPJv"
    "FurDXafG0RQyPR+mf1nDnAtQmmNOuiR5MIkdQ39xn1vWwi1O5oazPoQJz0nTYjxxEE8kv3kFxtAGVRe3ypD3WeK2XeFY"
    "FMNMpatF9XiKzHo3"
)

# V-W3: derived with the official JSON sample (random prefix fixed); not published upstream.
W3_PLAIN = (
    '{"msgid":"CAIQ16HMjQYY","aibotid":"AIBOTID","chatid":"CHATID","chattype":"group",'
    '"from":{"userid":"zhangsan"},"response_url":"https://example.invalid/resp",'
    '"msgtype":"text","text":{"content":"@RobotA hello robot"}}'
)
W3_ENC = (
    "9s4gMv99m88kKTh/H8IdkE52E7hF6LqNXzyGHRFhdahxiEAE5z0nDYotgVq7HwmMt+Sp1FZ+CcB0kc1C4kJnUxZ8Y5uP"
    "WGKvnVOEeroLAlYqa2/suVgCgIsB/7zP6d7p2eTZtJ040/JhdQtH0fHM7V9AKxdJ98jJZS3VX0vL6gYiRWgVYxuJ18xn"
    "IdJcdEZ0iQ9/mhASu+3dRsccnnIb08BYjs/FWi/GOh3CEuuAuwFSgBbMEMbbDeitgKd/KFm7LtnH1g/6OAmfQn9rsTfw"
    "HoikQ5b46zVJRw8VaUOsj34W7euBDpRfY6je4TuYyPhpjC6LgwkrdOoSO7JVyM7Qfw=="
)

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
        (W1, W1_ECHO, "1288432023552776189"),
        (W1, W1_POST, W1_POST_PLAIN),  # pad 22: a 16-byte pad limit would refuse it
        (W2, W2_ECHO, "5927782489442352469"),
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
    encrypted = w2().encrypt(W2_ENC_PLAIN, "461056294", "1411525903", b"1234567890123456")
    assert encrypted == (W2_ENC, "407518b7649e86ef23978113f92d27afa9296533")


def test_ai_bot_vector_uses_empty_receive_id() -> None:
    bot = WeComCrypto(W2[0], W2[1], "")
    encrypted = bot.encrypt(W3_PLAIN, "1372623149", "1409659813", b"1234567890123456")
    assert encrypted == (W3_ENC, "408e5dcbc11c44bed2d100a1d699e1ada90923ce")
    signed = ("408e5dcbc11c44bed2d100a1d699e1ada90923ce", "1409659813", "1372623149", W3_ENC)
    assert json.loads(bot.verify_and_decrypt(*signed))["chatid"] == "CHATID"


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
