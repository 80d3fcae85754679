"""WeCom callback crypto (PROTOCOLS §1.2, §1.3): SHA1 msg_signature and AES-256-CBC envelopes."""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac
import secrets
import string
import struct
from xml.etree.ElementTree import ParseError

from cryptography.hazmat.primitives.ciphers import Cipher, algorithms, modes
from defusedxml import DefusedXmlException
from defusedxml.ElementTree import fromstring

from bot.adapters.bounds import json_object
from bot.adapters.errors import (
    BadLengthError,
    BadPaddingError,
    ConfigError,
    CryptoError,
    MalformedBase64Error,
    PayloadError,
    ReceiveIdMismatchError,
    SignatureError,
    UnsafeXmlError,
)

# WeCom pads to 32 bytes, not the AES block size; a 16-byte check rejects real callbacks.
PAD_BLOCK = 32
_AES_BLOCK = 16
_PREFIX = 16  # random bytes before the length field
_ALPHABET = string.ascii_letters + string.digits

_REPLY_XML = """<xml>
<Encrypt><![CDATA[{encrypt}]]></Encrypt>
<MsgSignature><![CDATA[{signature}]]></MsgSignature>
<TimeStamp>{timestamp}</TimeStamp>
<Nonce><![CDATA[{nonce}]]></Nonce>
</xml>"""


def msg_signature(token: str, timestamp: str, nonce: str, encrypt: str) -> str:
    """SHA1 hex of the sorted, concatenated [token, timestamp, nonce, encrypt]."""
    joined = "".join(sorted([token, timestamp, nonce, encrypt]))
    return hashlib.sha1(joined.encode()).hexdigest()


def _pkcs7_pad(data: bytes) -> bytes:
    # A full block of padding when already aligned: WeCom drops replies without it.
    n = PAD_BLOCK - len(data) % PAD_BLOCK
    return data + bytes([n]) * n


def _pkcs7_unpad(data: bytes) -> bytes:
    n = data[-1]
    if not 1 <= n <= PAD_BLOCK or n > len(data):
        raise BadPaddingError(f"invalid padding value {n} (must be 1..{PAD_BLOCK})")
    if data[-n:] != bytes([n]) * n:
        raise BadPaddingError("padding bytes are inconsistent")
    return data[:-n]


def _b64decode(text: str) -> bytes:
    try:
        return base64.b64decode(text, validate=True)
    except (binascii.Error, ValueError) as exc:
        raise MalformedBase64Error(f"ciphertext is not valid base64: {exc}") from exc


class WeComCrypto:
    """Sign, encrypt and decrypt WeCom callbacks for one app or AI bot."""

    def __init__(self, token: str, encoding_aes_key: str, receive_id: str) -> None:
        if not token:
            raise ConfigError("WeCom Token must not be empty")
        if len(encoding_aes_key) != 43:
            raise ConfigError(
                f"WeCom EncodingAESKey must be 43 characters, got {len(encoding_aes_key)}"
            )
        try:
            key = base64.b64decode(encoding_aes_key + "=", validate=True)
        except (binascii.Error, ValueError) as exc:
            raise ConfigError("WeCom EncodingAESKey is not valid base64") from exc
        self._token = token
        self._key = key
        self._receive_id = receive_id.encode()

    def _cipher(self) -> Cipher[modes.CBC]:
        return Cipher(algorithms.AES(self._key), modes.CBC(self._key[:_AES_BLOCK]))

    def signature(self, timestamp: str, nonce: str, encrypt: str) -> str:
        """The msg_signature WeCom computes for these values with this Token."""
        return msg_signature(self._token, timestamp, nonce, encrypt)

    def verify_signature(self, signature: str, timestamp: str, nonce: str, encrypt: str) -> None:
        """Raise SignatureError unless `signature` signs (timestamp, nonce, encrypt)."""
        expected = self.signature(timestamp, nonce, encrypt)
        if not hmac.compare_digest(expected.encode(), signature.encode()):
            raise SignatureError("WeCom msg_signature does not match")

    def decrypt(self, encrypt: str) -> str:
        """Decrypt a base64 Encrypt/echostr value and check its receive id."""
        raw = _b64decode(encrypt)
        if not raw or len(raw) % _AES_BLOCK:
            raise BadLengthError(f"ciphertext length {len(raw)} is not a multiple of 16")
        decryptor = self._cipher().decryptor()
        content = _pkcs7_unpad(decryptor.update(raw) + decryptor.finalize())[_PREFIX:]
        if len(content) < 4:
            raise BadLengthError("plaintext is too short to hold a length field")
        (size,) = struct.unpack(">I", content[:4])
        if size > len(content) - 4:
            raise BadLengthError(f"declared length {size} exceeds the {len(content) - 4} bytes")
        message, receive_id = content[4 : 4 + size], content[4 + size :]
        if not hmac.compare_digest(receive_id, self._receive_id):
            raise ReceiveIdMismatchError(
                f"receive id {receive_id.decode(errors='replace')!r} is not the configured "
                f"{self._receive_id.decode()!r} (CorpID for apps, empty for the AI bot)"
            )
        try:
            return message.decode()
        except UnicodeDecodeError as exc:
            raise CryptoError("decrypted message is not UTF-8") from exc

    def verify_and_decrypt(self, signature: str, timestamp: str, nonce: str, encrypt: str) -> str:
        """Check the signature, then decrypt; works for POST Encrypt and GET echostr alike."""
        self.verify_signature(signature, timestamp, nonce, encrypt)
        return self.decrypt(encrypt)

    def encrypt(
        self, plaintext: str, nonce: str, timestamp: str, random16: bytes | None = None
    ) -> tuple[str, str]:
        """Encrypt `plaintext` and return (base64 ciphertext, msg_signature)."""
        if random16 is None:
            # Alphanumeric like the official sample, in case a peer decodes the prefix as text.
            random16 = "".join(secrets.choice(_ALPHABET) for _ in range(_PREFIX)).encode()
        if len(random16) != _PREFIX:
            raise ValueError("random16 must be exactly 16 bytes")
        body = plaintext.encode()
        data = _pkcs7_pad(random16 + struct.pack(">I", len(body)) + body + self._receive_id)
        encryptor = self._cipher().encryptor()
        encrypted = base64.b64encode(encryptor.update(data) + encryptor.finalize()).decode()
        return encrypted, self.signature(timestamp, nonce, encrypted)

    def build_encrypted_xml(self, plaintext: str, nonce: str, timestamp: str) -> str:
        """The passive-reply XML envelope for a self-built app (PROTOCOLS §1.2)."""
        encrypted, signature = self.encrypt(plaintext, nonce, timestamp)
        return _REPLY_XML.format(
            encrypt=encrypted, signature=signature, timestamp=timestamp, nonce=nonce
        )

    def build_encrypted_json(self, plaintext: str, nonce: str, timestamp: str) -> dict[str, str]:
        """The AI-bot reply body {encrypt, msgsignature, timestamp, nonce} (PROTOCOLS §1.3)."""
        encrypted, signature = self.encrypt(plaintext, nonce, timestamp)
        return {
            "encrypt": encrypted,
            "msgsignature": signature,
            "timestamp": timestamp,
            "nonce": nonce,
        }


def parse_xml(body: bytes | str) -> dict[str, str]:
    """Top-level child elements of a WeCom XML document as {tag: text}, refusing DTDs."""
    try:
        root = fromstring(body, forbid_dtd=True, forbid_entities=True, forbid_external=True)
    except DefusedXmlException as exc:
        raise UnsafeXmlError(f"XML with DTD or entities refused: {type(exc).__name__}") from exc
    except ParseError as exc:
        raise PayloadError(f"body is not well-formed XML: {exc}") from exc
    return {child.tag: child.text or "" for child in root}


def parse_encrypted_xml(body: bytes) -> dict[str, str]:
    """Parse a self-built-app callback body; it must carry a non-empty <Encrypt>."""
    fields = parse_xml(body)
    if not fields.get("Encrypt"):
        raise PayloadError("XML body has no <Encrypt> element")
    return fields


def parse_encrypted_json(body: bytes) -> str:
    """The `encrypt` value of an AI-bot callback body {"encrypt": "..."}."""
    encrypt = json_object(body).get("encrypt")
    if not isinstance(encrypt, str) or not encrypt:
        raise PayloadError('JSON body has no string "encrypt" field')
    return encrypt
