"""The leaders' dashboard: read-only pages over the ledger, opened from a signed link."""
