"""Repository functions: each takes a session and does one query or one change."""
