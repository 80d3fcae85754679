"""One error hierarchy for every adapter; the webhook view maps `http_status` to the answer."""

from __future__ import annotations

from typing import ClassVar


class AdapterError(Exception):
    """A request from a platform that the bot must refuse."""

    http_status: ClassVar[int] = 400


class SignatureError(AdapterError):
    """The request's signature is missing or does not match."""

    http_status: ClassVar[int] = 403


class StaleTimestampError(AdapterError):
    """The request's timestamp is outside the platform's freshness window."""

    http_status: ClassVar[int] = 403


class CryptoError(AdapterError):
    """The encrypted payload cannot be decrypted into a well-formed plaintext."""

    http_status: ClassVar[int] = 400


class MalformedBase64Error(CryptoError):
    """The ciphertext is not valid base64."""


class BadLengthError(CryptoError):
    """The ciphertext or a declared length inside the plaintext has an impossible size."""


class BadPaddingError(CryptoError):
    """The PKCS#7 padding after decryption is invalid (wrong key or tampered data)."""


class ReceiveIdMismatchError(CryptoError):
    """The WeCom plaintext names a different receive id (CorpID, or "" for the AI bot)."""


class PayloadError(AdapterError):
    """The request body is not the shape the platform documents."""

    http_status: ClassVar[int] = 400


class UnsafeXmlError(PayloadError):
    """The XML body carries a DTD, entity declaration or external reference."""


class ConfigError(ValueError):
    """A platform credential in the settings is unusable; raised at start-up, not per request."""
