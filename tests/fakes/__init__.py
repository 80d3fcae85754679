"""Fake platform servers on 127.0.0.1 port 0 that record requests and can be told to fail."""
