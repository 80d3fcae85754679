"""One way of showing things: lights, amounts, dates; the budget; mentions written in place."""

from __future__ import annotations

import logging
from datetime import date, datetime
from pathlib import Path

import pytest

from bot.adapters.dingtalk import OUTBOUND as DINGTALK
from bot.adapters.feishu import OUTBOUND as FEISHU
from bot.adapters.local import render as local_render
from bot.adapters.wecom import OUTBOUND as WECOM
from bot.adapters.wecom import PLAIN_OUTBOUND
from bot.render import Renderer
from core.messages import Mention, OutboundMessage
from domain import display
from domain.budget import Budget, cut, fits, measure
from domain.clock import SHANGHAI, Clock

ZHANG = Mention(name="张伟", user_id="zhangwei", mobile="13900000003")
LI = Mention(name="李娜", mobile="13900000004")
ZHANG_MING = Mention(name="张伟明", user_id="zwm")
NUDGE = "**【催报】**\n北石店镇 3 个：@张伟 @李娜\n区住建局 1 个：@张伟明"


def test_a_light_reads_as_its_icon_and_configured_label() -> None:
    assert display.light("red") == "🔴 红灯"
    assert display.light("yellow", {"yellow": "黄牌"}) == "🟡 黄牌"
    assert display.light(None) == "⚪ 未评定"


def test_a_date_carries_its_year_only_when_it_is_another_year() -> None:
    today = date(2025, 4, 24)
    assert display.day(date(2025, 12, 19), today) == "12月19日"
    assert display.day(date(2024, 12, 19), today) == "2024年12月19日"
    at = datetime(2026, 1, 2, 17, 0, tzinfo=SHANGHAI)
    assert display.moment(at, date(2025, 12, 30)) == "2026年1月2日（周五）17:00"


def test_budget_counts_visible_lines_and_characters_without_mentions() -> None:
    size = measure("第一行 有空格\n\n@张伟 @李娜\n第三行")
    assert (size.lines, size.chars) == (2, 9)
    budget = Budget(lines=3, chars=100)
    text = "\n".join(f"第{n}行" for n in range(10))
    assert not fits(text, budget)
    shown = cut(text, budget, "……其余略")
    assert fits(shown, budget)
    assert shown.splitlines() == ["第0行", "第1行", "……其余略"]


def test_templates_show_lights_amounts_and_dates_one_way(tmp_path: Path) -> None:
    (tmp_path / "pushes").mkdir()
    (tmp_path / "pushes" / "probe.md.j2").write_text(
        "{{ 'red' | light }}|{{ 123456789 | amount }}|{{ 12345678 | amount }}|"
        "{{ due | day }}|{{ old | day }}",
        encoding="utf-8",
    )
    renderer = Renderer(tmp_path, {"red": "红牌"}, Clock())
    data = {"today": date(2025, 4, 24), "due": date(2025, 5, 1), "old": date(2024, 12, 19)}
    shown = renderer.render("pushes/probe", data)
    assert shown == "🔴 红牌|1.23亿元|1234.57万元|5月1日|2024年12月19日"


def test_an_override_with_an_unknown_variable_falls_back_to_the_built_in(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    (tmp_path / "replies").mkdir()
    (tmp_path / "replies" / "empty.md.j2").write_text("{{ nobody_knows_me }}", encoding="utf-8")
    with caplog.at_level(logging.ERROR):
        text = Renderer(tmp_path).render("replies/empty", {})
    assert text == Renderer().render("replies/empty", {})
    assert "replies/empty.md.j2" in caplog.text


def test_an_override_over_its_budget_falls_back_to_the_built_in(tmp_path: Path) -> None:
    (tmp_path / "replies").mkdir()
    (tmp_path / "replies" / "empty.md.j2").write_text("很长\n" * 40, encoding="utf-8")
    budget = Budget(lines=30, chars=900)
    assert Renderer(tmp_path).render("replies/empty", {}, budget) == Renderer().render(
        "replies/empty", {}
    )
    assert Renderer(tmp_path).render("replies/empty", {}).count("很长") == 40  # no budget given


def test_wecom_writes_mentions_where_the_template_put_them() -> None:
    [body] = WECOM.payloads(OutboundMessage(text=NUDGE, mentions=(ZHANG, LI, ZHANG_MING)))
    text = body["text"]
    assert text["content"] == "【催报】\n北石店镇 3 个：<@zhangwei> @李娜\n区住建局 1 个：<@zwm>"
    assert text["mentioned_mobile_list"] == ["13900000004"]  # no userid: WeCom adds it
    assert "mentioned_list" not in text  # the userids are already in the text
    [markdown] = PLAIN_OUTBOUND.payloads(OutboundMessage(text="**仅文字**"))
    assert markdown["text"]["content"] == "仅文字"  # no ** reaches a text message


def test_dingtalk_writes_mentions_as_mobiles_in_place() -> None:
    [body] = DINGTALK.payloads(OutboundMessage(text=NUDGE, mentions=(ZHANG, LI, ZHANG_MING)))
    lines = body["markdown"]["text"].split("  \n")
    assert lines[1] == "北石店镇 3 个：@13900000003 @13900000004"
    assert lines[2] == "区住建局 1 个：@zwm"
    assert body["at"]["atMobiles"] == ["13900000003", "13900000004"]
    assert body["at"]["atUserIds"] == ["zwm"]


def test_feishu_writes_mentions_in_place_in_posts_and_cards() -> None:
    plain = "催报\n北石店镇：@张伟 @李娜"
    [post] = FEISHU.payloads(OutboundMessage(text=plain, mentions=(ZHANG, LI)))
    second = post["content"]["post"]["zh_cn"]["content"][1]
    assert second[0] == {"tag": "text", "text": "北石店镇："}
    assert second[1] == {"tag": "at", "user_id": "zhangwei"}
    assert len(post["content"]["post"]["zh_cn"]["content"]) == 2  # nobody added at the end
    [card] = FEISHU.payloads(OutboundMessage(text=NUDGE, mentions=(ZHANG, ZHANG_MING)))
    content = card["card"]["elements"][0]["content"]
    assert "北石店镇 3 个：<at id=zhangwei></at> @李娜" in content
    assert "区住建局 1 个：<at id=zwm></at>" in content


def test_the_local_chat_adds_only_mentions_the_text_does_not_name() -> None:
    message = OutboundMessage(text="北石店镇：@张伟", mentions=(ZHANG, LI))
    assert local_render([message])["replies"][0]["text"] == "北石店镇：@张伟\n@李娜"
