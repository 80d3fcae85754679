"""The platforms, faked on 127.0.0.1: servers that answer as WeCom, DingTalk and Feishu do
(all built on `base.FakeServer`: port 0, requests recorded, failures on demand, documented
answers from tests/data), and each platform's side of a callback (`*_peer`: what it sends,
signed and encrypted as documented). `robot` is a bare scriptable webhook for the outbox."""
