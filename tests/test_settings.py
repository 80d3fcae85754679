"""The settings tree: TOML, environment overrides, rejection of unknown keys, the example."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

import pytest

from core.settings import BotSettings, ConfigError, GroupSettings, Settings, load_settings

EXAMPLE = Path(__file__).resolve().parent.parent / "config.example.toml"


def _example_keys() -> dict[str, set[str]]:
    """Keys the example documents, commented-out ones included, per table."""
    keys: dict[str, set[str]] = {}
    table = ""
    for raw in EXAMPLE.read_text(encoding="utf-8").splitlines():
        line = raw.lstrip("# ").strip()
        if header := re.match(r"^\[\[?(\w+)\]\]?", line):
            table = header.group(1)
            keys.setdefault(table, set())
        elif table and (key := re.match(r"^(\w+) = ", line)):
            keys[table].add(key.group(1))
    return keys


def test_example_documents_every_key_and_nothing_else() -> None:
    documented = _example_keys()
    for name, field in Settings.model_fields.items():
        model = {"bots": BotSettings, "groups": GroupSettings}.get(name, field.annotation)
        assert documented[name] == set(model.model_fields), name  # type: ignore[union-attr]
    assert set(documented) == set(Settings.model_fields)


def test_every_documented_key_has_a_comment_above_it() -> None:
    lines = EXAMPLE.read_text(encoding="utf-8").splitlines()
    for index, line in enumerate(lines):
        if re.match(r"^(# )?\w+ = ", line) and not line.startswith("# #"):
            above = lines[index - 1]
            assert above.startswith("#"), f"line {index + 1} ({line}) has no comment"


def test_example_loads_as_is() -> None:
    settings = load_settings(EXAMPLE)
    assert settings.server.port == 8080
    assert tomllib.loads(EXAMPLE.read_text(encoding="utf-8"))["plan"]["default_curve"][-1] == 100


def test_environment_overrides_file(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    config = tmp_path / "c.toml"
    config.write_text('[server]\nport = 9000\n[dashboard]\ntoken = "from-file-0123456789"\n')
    monkeypatch.setenv("DIAODU_SERVER__PORT", "9100")
    monkeypatch.setenv("DIAODU_DASHBOARD__TOKEN", "from-env-0123456789")
    monkeypatch.setenv("DIAODU_DATABASE__URL", "sqlite+aiosqlite:///x.db")
    settings = load_settings(config)
    assert settings.server.port == 9100
    assert settings.dashboard.token is not None
    assert settings.dashboard.token.get_secret_value() == "from-env-0123456789"
    assert "from-env-0123456789" not in repr(settings)
    assert settings.database.url == "sqlite+aiosqlite:///x.db"


def test_bot_secret_from_environment_by_name(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config = tmp_path / "c.toml"
    config.write_text(
        '[[bots]]\nname = "wx"\nplatform = "wecom"\nkind = "aibot"\n'
        'token = "wecom-token-0123456789"\n'
    )
    monkeypatch.setenv("DIAODU_BOTS__wx__ENCODING_AES_KEY", "a" * 43)
    bot = load_settings(config).bots[0]
    assert bot.encoding_aes_key is not None
    assert bot.encoding_aes_key.get_secret_value() == "a" * 43


def test_every_problem_is_reported_at_once(tmp_path: Path) -> None:
    config = tmp_path / "c.toml"
    config.write_text(
        "[server]\nprot = 1\n[lights]\nyellow_ratio = 2.0\n[plan]\ndefault_curve = [1, 2]\n"
        '[[groups]]\nname = "g"\nplatform = "qq"\nrole = "owners"\n'
    )
    with pytest.raises(ConfigError) as caught:
        load_settings(config)
    text = "\n".join(caught.value.problems)
    assert "server.prot: 未知的配置项" in text
    assert "yellow_ratio" in text
    assert "plan.default_curve" in text
    assert "groups.0.platform" in text


def test_malformed_toml_names_the_file(tmp_path: Path) -> None:
    config = tmp_path / "bad.toml"
    config.write_text("[server\nport = 1\n")
    with pytest.raises(ConfigError) as caught:
        load_settings(config)
    assert "bad.toml" in str(caught.value)


def test_unknown_environment_section_is_rejected(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DIAODU_SERVR__PORT", "1")
    with pytest.raises(ConfigError) as caught:
        load_settings(None)
    assert "DIAODU_SERVR__PORT" in str(caught.value)


def test_wecom_bot_needs_its_keys() -> None:
    with pytest.raises(ConfigError) as caught:
        load_settings(None, bots=[{"name": "wx", "platform": "wecom", "kind": "app"}])
    assert "corp_id" in str(caught.value)


WECOM = {"name": "wx", "platform": "wecom", "kind": "aibot", "encoding_aes_key": "k" * 43}
FEISHU = {"name": "fs", "platform": "feishu", "app_key": "cli_a", "app_secret": "s" * 16}
SECRET_KEYS = [
    ("bots", WECOM, "token"),
    ("bots", {"name": "dd", "platform": "dingtalk"}, "app_secret"),
    ("bots", FEISHU, "encrypt_key"),
    ("bots", FEISHU, "verification_token"),
    ("groups", {"name": "g", "platform": "dingtalk", "role": "owners"}, "secret"),
]


@pytest.mark.parametrize(
    ("section", "entry", "key"), SECRET_KEYS, ids=[k for _, _, k in SECRET_KEYS]
)
@pytest.mark.parametrize("value", ["", "0123456789abcde"], ids=["empty", "15-chars"])
def test_every_secret_must_be_at_least_16_characters(
    section: str, entry: dict[str, str], key: str, value: str
) -> None:
    with pytest.raises(ConfigError) as caught:
        load_settings(None, **{section: [{**entry, key: value}]})
    assert f"{section}.0.{key}" in str(caught.value)
    assert value == "" or "至少 16 个字符" in str(caught.value)
    settings = load_settings(None, **{section: [{**entry, key: "0123456789abcdef"}]})
    assert getattr(getattr(settings, section)[0], key).get_secret_value() == "0123456789abcdef"


@pytest.mark.parametrize(
    "value",
    ["CHANGE-ME-at-least-16-characters", "set DIAODU_DASHBOARD__TOKEN instead of writing it here"],
)
def test_the_examples_placeholder_token_is_refused(value: str) -> None:
    # deploy/diaodu.env.example and config.example.toml, copied without a real value: the
    # read API would open to anyone who has read the example
    with pytest.raises(ConfigError) as caught:
        load_settings(None, dashboard={"token": value})
    assert "dashboard.token" in str(caught.value) and "占位值" in str(caught.value)


@pytest.mark.parametrize(
    ("url", "said"),
    [
        ("postgresql+asyncpg://office:P@ss#w0rd@127.0.0.1:5432/diaodu", "@ 写成 %40"),
        ("sqlite+aiosqlite://diaodu.db", "三个或四个斜杠"),
        ("postgresql+asyncpg://office:Pass-w0rd@127.0.0.1:abc/diaodu", "地址格式有误"),
    ],
)
def test_a_database_url_written_wrong_says_how_without_the_password(url: str, said: str) -> None:
    with pytest.raises(ConfigError) as caught:
        load_settings(None, database={"url": url})
    assert said in str(caught.value)
    assert "w0rd" not in str(caught.value)


def test_a_bot_named_in_capitals_in_the_environment_is_found_and_tables_need_two_brackets(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    config = tmp_path / "c.toml"
    bot = '[[bots]]\nname = "wx"\nplatform = "wecom"\nkind = "aibot"\n'
    bot += 'token = "wecom-token-0123456789"\n'
    config.write_text(bot)
    monkeypatch.setenv("DIAODU_BOTS__WX__ENCODING_AES_KEY", "a" * 43)  # as env vars are written
    key = load_settings(config).bots[0].encoding_aes_key
    assert key is not None and key.get_secret_value() == "a" * 43

    monkeypatch.setenv("DIAODU_BOTS__DD__TOKEN", "x" * 20)
    with pytest.raises(ConfigError) as caught:
        load_settings(config)
    assert "已有的 name：wx" in str(caught.value)

    monkeypatch.delenv("DIAODU_BOTS__DD__TOKEN")
    config.write_text(bot.replace("[[bots]]", "[bots]"))
    with pytest.raises(ConfigError) as caught:
        load_settings(config)
    assert "[bots] 须写成 [[bots]]" in str(caught.value)


def test_two_groups_of_one_name_on_one_platform_are_refused() -> None:
    group = {"name": "项目责任人群", "platform": "wecom", "role": "owners"}
    with pytest.raises(ConfigError) as caught:
        load_settings(None, groups=[group, {**group, "role": "leaders"}])
    assert "同一平台有重名的 name：项目责任人群" in str(caught.value)
    # the same group name on two platforms is two groups an office may well have
    settings = load_settings(None, groups=[group, {**group, "platform": "dingtalk"}])
    assert len(settings.groups) == 2


def test_a_sqlite_path_with_a_hash_is_a_path() -> None:
    # the password checks are for PostgreSQL URLs: a folder may well be called 项目#1
    url = "sqlite+aiosqlite:////srv/项目#1/diaodu.db"
    assert load_settings(None, database={"url": url}).database.url == url
