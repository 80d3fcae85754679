"""Helpers the test modules share: recorded platform payloads (tests/data) and their loader."""
