"""WeCom (企业微信): callback crypto for self-built apps and the AI bot."""
