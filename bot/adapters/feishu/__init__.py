"""Feishu (飞书): event decryption, event signatures and custom-bot webhook signing."""
