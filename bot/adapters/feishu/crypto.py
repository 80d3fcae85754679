"""Feishu crypto (PROTOCOLS §3.1, §3.2): event AES, X-Lark-Signature and webhook signing."""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import os

from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes

from bot.adapters.bounds import is_timestamp
from bot.adapters.errors import (
    BadLengthError,
    BadPaddingError,
    CryptoError,
    MalformedBase64Error,
    SignatureError,
    StaleTimestampError,
)

_BLOCK = 16  # Feishu pads to the AES block size, unlike WeCom
MAX_SKEW_SECONDS = 3600
"""Events signed more than an hour from now are refused, as DingTalk refuses its callbacks."""


def _cipher(encrypt_key: str, iv: bytes) -> Cipher[modes.CBC]:
    key = hashlib.sha256(encrypt_key.encode()).digest()
    return Cipher(algorithms.AES(key), modes.CBC(iv))


def decrypt_event(encrypt: str, encrypt_key: str) -> str:
    """Decrypt the `encrypt` field of an event body into its JSON text."""
    try:
        raw = base64.b64decode(encrypt, validate=True)
    except (binascii.Error, ValueError) as exc:
        raise MalformedBase64Error(f"encrypt is not valid base64: {exc}") from exc
    # The IV takes the first block, so at least one more block must follow.
    if len(raw) < 2 * _BLOCK or len(raw) % _BLOCK:
        raise BadLengthError(f"ciphertext length {len(raw)} is not an IV plus whole blocks")
    decryptor = _cipher(encrypt_key, raw[:_BLOCK]).decryptor()
    data = decryptor.update(raw[_BLOCK:]) + decryptor.finalize()
    pad = data[-1]
    if not 1 <= pad <= _BLOCK or data[-pad:] != bytes([pad]) * pad:
        raise BadPaddingError(f"invalid padding (last byte {pad}); is the Encrypt Key right?")
    try:
        return data[:-pad].decode()
    except UnicodeDecodeError as exc:
        raise CryptoError("decrypted event is not UTF-8") from exc


def encrypt_event(plaintext: str, encrypt_key: str, iv: bytes | None = None) -> str:
    """Encrypt `plaintext` the way Feishu does; used to build fake callbacks in tests."""
    iv = os.urandom(_BLOCK) if iv is None else iv
    if len(iv) != _BLOCK:
        raise ValueError("iv must be exactly 16 bytes")
    data = plaintext.encode()
    pad = _BLOCK - len(data) % _BLOCK
    encryptor = _cipher(encrypt_key, iv).encryptor()
    cipher_text = encryptor.update(data + bytes([pad]) * pad) + encryptor.finalize()
    return base64.b64encode(iv + cipher_text).decode()


def event_signature(timestamp: str, nonce: str, encrypt_key: str, body: bytes) -> str:
    """sha256 hex of timestamp + nonce + encrypt_key + the raw body bytes."""
    return hashlib.sha256((timestamp + nonce + encrypt_key).encode() + body).hexdigest()


def verify_signature(
    timestamp: str, nonce: str, encrypt_key: str, body: bytes, signature: str
) -> None:
    """Raise SignatureError unless `signature` is the X-Lark-Signature of this raw body."""
    expected = event_signature(timestamp, nonce, encrypt_key, body)
    if not hmac.compare_digest(expected.encode(), signature.encode()):
        raise SignatureError("X-Lark-Signature does not match")


def check_fresh(timestamp: str, now_s: float) -> None:
    """Raise unless X-Lark-Request-Timestamp is a time in seconds within an hour of `now_s`."""
    if not is_timestamp(timestamp):
        raise SignatureError("X-Lark-Request-Timestamp is missing or not a time in seconds")
    skew = abs(now_s - int(timestamp))
    if skew > MAX_SKEW_SECONDS:
        raise StaleTimestampError(f"timestamp is {skew:.0f} s from now (limit {MAX_SKEW_SECONDS})")


def webhook_sign(secret: str, timestamp_s: int | str) -> str:
    """Custom-bot `sign`: the string to sign is the HMAC key and the message is empty."""
    key = f"{timestamp_s}\n{secret}".encode()
    return base64.b64encode(hmac.new(key, b"", hashlib.sha256).digest()).decode()
