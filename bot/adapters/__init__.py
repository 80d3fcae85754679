"""Platform adapters: one package per chat platform, plus the local simulator."""
