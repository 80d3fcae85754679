"""Progress reports the way county staff type them on phones, read into fields or refused."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from handlers.reports.grammar import ReportBlock, parse_report_message
from handlers.reports.message_shape import is_report
from handlers.reports.spoken import spoken_report

TODAY = date(2025, 6, 12)
P = "城区智慧物流园"
H = f"进度 {P}\n"
SPEC_EXAMPLE = (
    f"进度 {P}\n本月完成：1200万\n累计完成：3.5亿\n形象进度：主体结构封顶，正在砌筑\n"
    "存在问题：临时用地手续未办结\n下步计划：6月底前完成外立面"
)
FULL = {
    "project_ref": P,
    "period_investment_yuan": 12_000_000,
    "ytd_investment_yuan": 350_000_000,
    "progress_text": "主体结构封顶，正在砌筑",
    "problems_text": "临时用地手续未办结",
    "plan_text": "6月底前完成外立面",
}
FULL_AMOUNTS = {"period_investment_yuan": 12_000_000, "ytd_investment_yuan": 350_000_000}


def case(case_id: str, text: str, *errors: tuple[str, str], **fields: Any) -> Any:
    """One message; `errors` are (field label, quoted bad value) pairs the reply must carry."""
    return pytest.param(text, fields, errors, id=case_id)


CASES = [
    # --- the forms of the message itself
    case("spec-example", SPEC_EXAMPLE, **FULL),
    # --- on one line, the way a hurried owner types it
    case("one-line-ytd", f"进度 {P} 累计3.5亿", project_ref=P, ytd_investment_yuan=350_000_000),
    case("one-line-key-then-figure", f"进度 {P} 累计 3.5亿", ytd_investment_yuan=350_000_000),
    # voice input, no breaks: the name, each figure and the text keys still come apart
    case(
        "one-line-glued-figures",
        f"进度 {P} 本月完成80万累计完成1904万",
        project_ref=P,
        period_investment_yuan=800_000,
        ytd_investment_yuan=19_040_000,
    ),
    case(
        "one-line-no-breaks-at-all",
        f"进度 {P}本月完成80万累计完成1904万形象进度主体结构封顶存在问题无",
        project_ref=P,
        period_investment_yuan=800_000,
        ytd_investment_yuan=19_040_000,
        progress_text="主体结构封顶",
        problems_text=None,
    ),
    # voice input writes the pause after a text's key as a comma
    case(
        "one-line-comma-after-a-text-key",
        f"#进度 {P}，本月完成５０万元，累计完成１０１１万元，"
        "形象进度，室外配套收尾。存在问题，无。",
        project_ref=P,
        period_investment_yuan=500_000,
        ytd_investment_yuan=10_110_000,
        progress_text="室外配套收尾",
        problems_text=None,
    ),
    case(  # a problem after a full stop on the 形象进度's line is a problem, not its text
        "text-key-after-a-full-stop",
        f"{H}本月完成：20万\n形象进度，室外配套收尾。存在问题，道路未通。",
        progress_text="室外配套收尾",
        problems_text="道路未通。",
    ),
    case(
        "text-key-with-colon-after-a-full-stop",
        f"{H}形象进度：室外配套收尾。下步计划：月底完工",
        progress_text="室外配套收尾",
        plan_text="月底完工",
    ),
    case(  # a short key with a comma is a sentence of the text it is in
        "comma-after-a-short-key-is-text",
        f"{H}形象进度：主体完工\n问题，均已整改到位",
        progress_text="主体完工\n问题，均已整改到位",
        problems_text=None,
    ),
    case(
        "comma-after-a-text-key-on-its-line",
        f"{H}形象进度，管网铺设\n存在问题，征地未完成",
        progress_text="管网铺设",
        problems_text="征地未完成",
    ),
    case(
        "one-line-glued-keyword",
        f"进度{P} 累计3.5亿",
        project_ref=P,
        **{"ytd_investment_yuan": 350_000_000},
    ),
    case(
        "one-line-commas-and-progress",
        f"进度 {P}，本月1200万，累计3.5亿，主体结构封顶",
        project_ref=P,
        progress_text="主体结构封顶",
        **FULL_AMOUNTS,
    ),
    case(
        "one-line-colons",
        f"进度 {P} 本月完成：1200万 累计完成：3.5亿 存在问题：临时用地手续未办结，需协调",
        project_ref=P,
        problems_text="临时用地手续未办结，需协调",
        **FULL_AMOUNTS,
    ),
    case("one-line-declaration", f"进度 {P} 已开工", project_ref=P, started=True),
    case(
        "name-with-spaces-stays-whole",
        "进度 城区 智慧物流园\n累计完成：3.5亿",
        project_ref="城区 智慧物流园",
    ),
    case(
        "name-with-a-field-word-alone",
        f"进度 {P} 问题整改\n累计完成：3.5亿",
        project_ref=f"{P} 问题整改",
    ),
    case("ascii-colons", SPEC_EXAMPLE.replace("：", ":"), **FULL),
    case("spaces-around-colon", H + "本月完成 ： 1200 万\n累计完成 :3.5亿", **FULL_AMOUNTS),
    case("crlf", SPEC_EXAMPLE.replace("\n", "\r\n"), **FULL),
    case("old-mac-cr", SPEC_EXAMPLE.replace("\n", "\r"), **FULL),
    case("blank-lines-between", SPEC_EXAMPLE.replace("\n", "\n\n \n"), **FULL),
    case("mention-space", "@调度助手 " + SPEC_EXAMPLE, **FULL),
    case("mention-glued", "@机器人" + SPEC_EXAMPLE, **FULL),
    case("mention-wecom-u2005", "@调度助手\u2005" + SPEC_EXAMPLE, **FULL),
    case("mention-own-line", "@调度助手\n\n" + SPEC_EXAMPLE, **FULL),
    case("two-mentions", "@调度助手 @张科长 " + SPEC_EXAMPLE, **FULL),
    case("mention-named-jindu", "@进度机器人 " + SPEC_EXAMPLE, **FULL),
    case("zero-width-space", "\u200b" + SPEC_EXAMPLE.replace("本月", "本\u200b月"), **FULL),
    case("hash-header", "#" + SPEC_EXAMPLE, **FULL),
    case("fullwidth-hash-header", "＃" + SPEC_EXAMPLE, **FULL),
    case("slash-header", "/" + SPEC_EXAMPLE, **FULL),
    case("report-header", SPEC_EXAMPLE.replace("进度 ", "/report ", 1), **FULL),
    case("report-header-caps", SPEC_EXAMPLE.replace("进度 ", "/Report ", 1), **FULL),
    case("colon-header", SPEC_EXAMPLE.replace("进度 ", "进度：", 1), **FULL),
    case("ascii-colon-header", SPEC_EXAMPLE.replace("进度 ", "进度:", 1), **FULL),
    case("bracket-header", SPEC_EXAMPLE.replace("进度 ", "【进度】", 1), **FULL),
    case(
        "header-spaces",
        SPEC_EXAMPLE.replace("进度 ", "  进度   ", 1).replace(P, P + "  ", 1),
        **FULL,
    ),
    case("header-quoted", SPEC_EXAMPLE.replace(P, f"“{P}”", 1), **FULL),
    case(
        "header-code",
        "进度 2025-140502-48-01-012345\n累计完成：3.5亿",
        project_ref="2025-140502-48-01-012345",
        ytd_investment_yuan=350_000_000,
    ),
    case(
        "fields-shuffled",
        f"进度 {P}\n下步计划：6月底前完成外立面\n存在问题：临时用地手续未办结\n"
        "累计完成：3.5亿\n形象进度：主体结构封顶，正在砌筑\n本月完成：1200万",
        **FULL,
    ),
    case(
        "only-ytd",
        H + "累计完成：3.5亿",
        period_investment_yuan=None,
        ytd_investment_yuan=350_000_000,
        progress_text=None,
        problems_text=None,
        plan_text=None,
    ),
    case(
        "only-progress",
        H + "形象进度：桩基完成80%",
        progress_text="桩基完成80%",
        period_investment_yuan=None,
        ytd_investment_yuan=None,
    ),
    # --- synonyms, each as staff write them
    case("period-本月", H + "本月：1200万\n累计：3.5亿", **FULL_AMOUNTS),
    case("period-本月完成投资", H + "本月完成投资：1200万", period_investment_yuan=12_000_000),
    case("period-当月完成", H + "当月完成：1200万", period_investment_yuan=12_000_000),
    case("period-当月完成投资", H + "当月完成投资：1200万", period_investment_yuan=12_000_000),
    case("period-本期完成", H + "本期完成：1200万", period_investment_yuan=12_000_000),
    case("week-本周完成", H + "本周完成：300万", week_investment_yuan=3_000_000),
    case("period-本期投资", H + "本期投资：300万", period_investment_yuan=3_000_000),
    case("ytd-年度累计完成投资", H + "年度累计完成投资：3.5亿", ytd_investment_yuan=350_000_000),
    case("ytd-累计投资", H + "累计投资：3.5亿", ytd_investment_yuan=350_000_000),
    case("ytd-累计完成投资", H + "累计完成投资：3.5亿", ytd_investment_yuan=350_000_000),
    case("ytd-年度累计", H + "年度累计：3.5亿", ytd_investment_yuan=350_000_000),
    case("ytd-今年累计", H + "今年累计：3.5亿", ytd_investment_yuan=350_000_000),
    case("ytd-年累计完成", H + "年累计完成：3.5亿", ytd_investment_yuan=350_000_000),
    case(
        "ytd-1-5月累计完成",
        H + "1-5月累计完成：3.5亿",
        ytd_investment_yuan=350_000_000,
        month=(None, 5),
    ),
    # --- a month named in the key counts the figure for that month, as 月份：5月 would
    case(
        "ytd-5月累计完成",
        H + "5月累计完成：3.5亿",
        ytd_investment_yuan=350_000_000,
        month=(None, 5),
    ),
    case("ytd-截至5月底累计完成", H + "截至5月底累计完成：3.5亿", month=(None, 5)),
    case(
        "period-5月份完成投资",
        H + "5月份完成投资：1200万",
        period_investment_yuan=12_000_000,
        month=(None, 5),
    ),
    case("month-key-and-line", H + "月份：5月\n5月累计完成：3.5亿", month=(None, 5)),
    case("month-in-key-year-too", H + "2025年5月累计完成：3.5亿", years=[2025], month=(None, 5)),
    case("ytd-截至目前累计完成", H + "截至目前累计完成：3.5亿", ytd_investment_yuan=350_000_000),
    case("progress-工程进度", H + "工程进度：主体封顶", progress_text="主体封顶"),
    case("progress-进展", H + "进展：主体封顶", progress_text="主体封顶"),
    case("progress-进展情况", H + "进展情况：主体封顶", progress_text="主体封顶"),
    case("progress-工程形象进度", H + "工程形象进度：主体封顶", progress_text="主体封顶"),
    case("progress-建设进度", H + "建设进度：主体封顶", progress_text="主体封顶"),
    case("problems-问题", H + "问题：林地手续未批", problems_text="林地手续未批"),
    case("problems-困难和问题", H + "困难和问题：林地手续未批", problems_text="林地手续未批"),
    case("problems-存在困难", H + "存在困难：资金缺口大", problems_text="资金缺口大"),
    case("problems-困难问题", H + "困难问题：资金缺口大", problems_text="资金缺口大"),
    case("problems-需协调问题", H + "需协调问题：电力接入", problems_text="电力接入"),
    case("plan-下一步计划", H + "下一步计划：7月竣工", plan_text="7月竣工"),
    case("plan-下步打算", H + "下步打算：7月竣工", plan_text="7月竣工"),
    case("plan-下一步工作", H + "下一步工作：7月竣工", plan_text="7月竣工"),
    case("plan-下周计划", H + "下周计划：浇筑三层顶板", plan_text="浇筑三层顶板"),
    # December's report says next year's work: not the ledger's plan `年计划` reads in it
    case("plan-明年计划", H + "明年计划：二期厂房开工", plan_text="二期厂房开工"),
    case("plan-下年计划", H + "下年计划：完成主体", plan_text="完成主体"),
    case("plan-明年打算", H + "明年打算：完成主体", plan_text="完成主体"),
    case("plan-no-colon", H + "明年计划 二期厂房开工", plan_text="二期厂房开工"),
    # as `2027年度计划` is (it was told 以台账为准)
    case("plan-明年度计划", H + "明年度计划：二期厂房开工", plan_text="二期厂房开工"),
    case("plan-下年度计划", H + "下年度计划：完成主体", plan_text="完成主体"),
    case("plan-figure-明年度计划", H + "明年度计划：5亿", ("以台账为准", "明年度计划")),
    # the year names when the work is done, not the year the report counts for
    case("plan-2027年计划", H + "2027年计划：二期厂房开工", plan_text="二期厂房开工", years=[]),
    case("plan-2027年工作计划", H + "2027年工作计划：二期开工", plan_text="二期开工", years=[]),
    # a plan figure, next year's or this year's, is still the ledger's
    case("plan-figure-明年计划", H + "明年计划：5亿", ("以台账为准", "明年计划"), plan_text=None),
    case(
        "plan-figure-2027年", H + "2027年计划：3亿元", ("以台账为准", "2027年计划"), plan_text=None
    ),
    case("plan-figure-计划投资", H + "明年计划投资：5亿", ("以台账为准", "明年计划投资")),
    case("plan-figure-年度计划", H + "年度计划：4.2亿", ("以台账为准", "年度计划")),
    case("plan-下月计划安排", H + "下月计划安排：完成调试", ("是不是“下步计划”", "下月计划安排")),
    # --- amounts
    case("fullwidth-digits", H + "本月完成：１２００万\n累计完成：３．５亿", **FULL_AMOUNTS),
    case("yuan-unit", H + "本月完成：12000000元\n累计完成：350000000元", **FULL_AMOUNTS),
    case("wanyuan-yiyuan", H + "本月完成：1200万元\n累计完成：3.5亿元", **FULL_AMOUNTS),
    case("bare-number-is-wan", H + "本月完成：1200\n累计完成：35000", **FULL_AMOUNTS),
    case("thousands-ascii", H + "累计完成：35,000万", ytd_investment_yuan=350_000_000),
    case("thousands-fullwidth", H + "累计完成：35，000万", ytd_investment_yuan=350_000_000),
    case("decimal-wan", H + "本月完成：1200.5万", period_investment_yuan=12_005_000),
    case("trailing-full-stop", H + "本月完成：1200万。", period_investment_yuan=12_000_000),
    case("zero-this-month", H + "本月完成：0", period_investment_yuan=0),
    case(
        "amount-none-word",
        H + "本月完成：无\n累计完成：3.5亿",
        period_investment_yuan=None,
        ytd_investment_yuan=350_000_000,
    ),
    case("bracket-unit-wan", H + "本月完成（万元）：1200", period_investment_yuan=12_000_000),
    case("bracket-unit-yi", H + "累计完成(亿元)：3.5", ytd_investment_yuan=350_000_000),
    case("bracket-unit-yuan", H + "本月完成（元）：50000", period_investment_yuan=50_000),
    case(
        "bracket-unit-with-colon",
        H + "累计完成投资（单位：万元）：35000",
        ytd_investment_yuan=350_000_000,
    ),
    case(
        "explicit-unit-beats-bracket",
        H + "累计完成（万元）：3.5亿",
        ytd_investment_yuan=350_000_000,
    ),
    case("unit-in-value-brackets", H + "本月完成：1200（万元）", period_investment_yuan=12_000_000),
    # --- keys with numbers, bullets, spaces, no colon
    case("numbered-dot", H + "1.本月完成：1200万\n2.累计完成：3.5亿", **FULL_AMOUNTS),
    case("numbered-chinese", H + "一、本月完成：1200万\n二、累计完成：3.5亿", **FULL_AMOUNTS),
    case("numbered-dunhao", H + "1、本月完成：1200万\n2、累计完成：3.5亿", **FULL_AMOUNTS),
    case("numbered-paren", H + "（1）本月完成：1200万\n（2）累计完成：3.5亿", **FULL_AMOUNTS),
    case("numbered-circled", H + "①本月完成：1200万\n②累计完成：3.5亿", **FULL_AMOUNTS),
    case("bullet-dash", H + "- 本月完成：1200万\n- 累计完成：3.5亿", **FULL_AMOUNTS),
    case("spaces-in-key", H + "本 月 完 成：1200万\n累计完成 ：3.5亿", **FULL_AMOUNTS),
    case("key-space-value", H + "本月完成 1200万\n累计完成 3.5亿", **FULL_AMOUNTS),
    case("key-glued-amount", H + "本月完成1200万\n累计完成3.5亿", **FULL_AMOUNTS),
    case("empty-value-then-figure", H + "本月完成：\n1200万", period_investment_yuan=12_000_000),
    # --- texts and continuation lines
    case(
        "problem-continues",
        H + "存在问题：临时用地手续未办结\n施工用电未接入",
        problems_text="临时用地手续未办结\n施工用电未接入",
    ),
    case(
        "plan-numbered-lines",
        H + "下步计划：\n1.完成外立面\n2.启动室内装修",
        plan_text="1.完成外立面\n2.启动室内装修",
    ),
    case(
        "bare-key-then-lines",
        H + "存在问题\n临时用地手续未办结",
        problems_text="临时用地手续未办结",
    ),
    case(
        "continuation-starting-with-a-key-word",
        H + "存在问题：资金未到位\n累计 3 个月未拨付工程款\n形象进度：土方开挖\n累计完成土方30万方",
        problems_text="资金未到位\n累计 3 个月未拨付工程款",
        progress_text="土方开挖\n累计完成土方30万方",
        ytd_investment_yuan=None,
    ),
    case("colon-inside-text", H + "形象进度：3#楼：主体封顶", progress_text="3#楼：主体封顶"),
    case(
        "sub-item-with-colon",
        H + "形象进度：\n1#楼：主体封顶\n2#楼：砌筑中",
        progress_text="1#楼：主体封顶\n2#楼：砌筑中",
    ),
    case(
        "empty-template-field",
        H + "存在问题：\n累计完成：3.5亿",
        problems_text=None,
        ytd_investment_yuan=350_000_000,
    ),
    case("problem-无", H + "存在问题：无", problems_text=None),
    case("problem-没有", H + "存在问题：没有", problems_text=None),
    case("problem-暂无", H + "存在问题：暂无", problems_text=None),
    case("problem-无问题", H + "存在问题：无问题", problems_text=None),
    case("problem-dash", H + "存在问题：-", problems_text=None),
    case("problem-无-fullstop", H + "存在问题：无。", problems_text=None),
    # --- 开工 / 入统 declarations
    case("start-yes", H + "开工：是", started=True, started_on=None),
    case("start-iso-date", H + "已开工：2025-04-10", started=True, started_on=date(2025, 4, 10)),
    case("start-month-day", H + "开工日期：4月10日", started=True, started_on=date(2025, 4, 10)),
    case("start-slashes", H + "开工日期：2025/4/10", started=True, started_on=date(2025, 4, 10)),
    case(
        "start-chinese-date", H + "开工：2025年4月10日", started=True, started_on=date(2025, 4, 10)
    ),
    case("start-dotted", H + "开工：4.10", started=True, started_on=date(2025, 4, 10)),
    case("start-hao", H + "开工：已于4月10号开工", started=True, started_on=date(2025, 4, 10)),
    case(
        "start-yes-and-date",
        H + "是否开工：是\n开工日期：2025-04-10",
        started=True,
        started_on=date(2025, 4, 10),
    ),
    case("start-today", H + "开工：今天", started=True, started_on=TODAY),
    case("start-conflict", H + "开工：是\n开工：否", ("开工", "是”和“否")),
    case("start-two-dates", H + "开工：4月10日\n开工日期：4月12日", ("开工", "4月10日”和“4月12日")),
    case("start-no", H + "开工：否", started=False, started_on=None),
    case("start-not-yet-plan", H + "开工：未开工，计划7月1日开工", started=False, started_on=None),
    case("start-bare-yes", H + "已开工", started=True, started_on=None),
    case("start-bare-no", H + "未开工", started=False),
    case("resumed", H + "复工：是", started=True),
    case("stats-yes", H + "入统：是", stats_entered=True, stats_entered_on=None),
    case("stats-bare", H + "已入统", stats_entered=True),
    case("stats-no", H + "是否入统：否", stats_entered=False),
    case(
        "stats-date",
        H + "入统日期：5月20日",
        stats_entered=True,
        stats_entered_on=date(2025, 5, 20),
    ),
    # --- wrong values: each error names the field and quotes the value
    case("amount-typo", H + "本月完成：12x万", ("本月完成", "12x万"), period_investment_yuan=None),
    case("amount-negative", H + "本月完成：-5万", ("本月完成", "-5万")),
    case("amount-about", H + "本月完成：约1000万", ("本月完成", "约1000万")),
    case("amount-roughly", H + "累计完成：1000万左右", ("累计完成", "1000万左右")),
    case("amount-chinese-numerals", H + "本月完成：一千万", period_investment_yuan=10_000_000),
    case("amount-chinese-numerals-no-unit", H + "本月完成：一千二", ("本月完成", "一千二")),
    case("amount-two-numbers", H + "累计完成：3.5亿 3.6亿", ("累计完成", "3.5亿 3.6亿")),
    case("amount-scientific", H + "累计完成：3.5e8元", ("累计完成", "3.5e8元")),
    case(
        "amount-remark",  # how people write: the figure, and a remark kept with the report
        H + "累计完成：3.5亿（占年度计划45%）\n本月完成：1200万元（含设备款）",
        ytd_investment_yuan=350_000_000,
        period_investment_yuan=12_000_000,
        figure_notes="本年累计完成：占年度计划45%\n本月完成：含设备款",
    ),
    case(
        "figures-after-a-comma",  # a phone's way: two figures on one line
        H + "本月完成：1200万元，累计完成：3.5亿",
        ytd_investment_yuan=350_000_000,
        period_investment_yuan=12_000_000,
    ),
    case(
        "amount-remark-with-a-comma",  # a comma inside a remark does not part the line
        H + "累计完成：3.5亿（含设备款，已支付）",
        ytd_investment_yuan=350_000_000,
        progress_text=None,
    ),
    case(
        "amount-remark-without-figure", H + "本月完成：（含设备款）", ("本月完成", "（含设备款）")
    ),
    case("amount-synonym-label", H + "当月完成投资：1200万元多", ("当月完成投资", "1200万元多")),
    case("amount-bad-grouping", H + "本月完成：12,00万", ("本月完成", "12,00万")),
    case(
        "amount-good-and-bad",
        H + "本月完成：1200万\n累计完成：3.5个多亿",
        ("累计完成", "3.5个多亿"),
        period_investment_yuan=12_000_000,
        ytd_investment_yuan=None,
    ),
    case(  # as said aloud and as typed in chat
        "amount-spoken-units",
        H + "本月完成：1.2千万\n累计完成：3.5个亿",
        period_investment_yuan=12_000_000,
        ytd_investment_yuan=350_000_000,
    ),
    case(
        "one-line-spoken",
        "进度 城区智慧物流园 本月完成了1200w 累计完成3.2个亿 形象进度设备安装",
        period_investment_yuan=12_000_000,
        ytd_investment_yuan=320_000_000,
        progress_text="设备安装",
    ),
    case(  # voice input writes figures in words: read as the digits are
        "one-line-figure-in-words",
        "进度 城区智慧物流园 本月完成一千二百万元",
        project_ref="城区智慧物流园",
        period_investment_yuan=12_000_000,
    ),
    case(  # a colon further on is the plan's own, not the end of the project's name
        "one-line-colon-in-a-later-field",
        "进度 城区智慧物流园 累计3.8亿 下步计划：本月完成500万",
        project_ref="城区智慧物流园",
        ytd_investment_yuan=380_000_000,
        period_investment_yuan=None,
        plan_text="本月完成500万",
    ),
    case(
        "one-line-remark-after-figures",
        "进度 城区智慧物流园 本月完成1200万元（含设备款） 累计3.93亿（含设备款）",
        period_investment_yuan=12_000_000,
        ytd_investment_yuan=393_000_000,
        progress_text=None,
    ),
    case(  # what the message is, said before the name, is not part of it
        "correction-said-before-the-name",
        "更正 城区智慧物流园 累计4.1亿",
        project_ref="城区智慧物流园",
        ytd_investment_yuan=410_000_000,
    ),
    case("name-opening-with-such-a-word", "进度 修正药业\n累计完成：100万", project_ref="修正药业"),
    case(  # a text field's key after a comma starts its own line
        "body-line-text-keys-after-commas",
        H + "形象进度：设备安装，下步计划：月底调试，存在问题：无",
        progress_text="设备安装",
        plan_text="月底调试",
        problems_text=None,
    ),
    case(  # a remark typed apart from its figure is still the figure's
        "one-line-remark-after-a-space",
        "进度 城区智慧物流园 累计1.18亿 （含设备款） 形象进度 设备安装",
        ytd_investment_yuan=118_000_000,
        progress_text="设备安装",
    ),
    case(
        "one-line-typos-of-cumulative",
        "进度 城区智慧物流园 本月完成1200万 累记4.15亿",
        ytd_investment_yuan=415_000_000,
        progress_text=None,
    ),
    case(
        "one-line-figure-half-in-words",
        "进度 城区智慧物流园，本月完成85000元，累计1千5百万",
        ytd_investment_yuan=15_000_000,
        progress_text=None,
    ),
    case(
        "one-line-last-and-named-months",
        "进度 城区智慧物流园：上月完成27万；累计完成1930万",
        period_investment_yuan=270_000,
        ytd_investment_yuan=19_300_000,
    ),
    case(
        "one-line-last-month-with-spaces",  # 上月 is a key only beside its amount
        "进度 城区智慧物流园 上月完成 27万 累计 1930万",
        period_investment_yuan=270_000,
        ytd_investment_yuan=19_300_000,
        progress_text=None,
    ),
    case(
        "one-line-spoken-units-after-a-space",
        "进度 城区智慧物流园 本月 1.2 千万 累计 3.2 个亿",
        period_investment_yuan=12_000_000,
        ytd_investment_yuan=320_000_000,
        progress_text=None,
    ),
    case(
        "one-line-colon-after-name-semicolons",
        "进度 城区智慧物流园：本月完成1200万；累计完成3.9亿；存在问题：无",
        period_investment_yuan=12_000_000,
        ytd_investment_yuan=390_000_000,
        problems_text=None,
    ),
    case(
        "equals-sign",
        H + "本月完成=1200万",
        ("本月完成", "本月完成=1200万"),
        period_investment_yuan=None,
    ),
    case("unknown-key", H + "投资额：1200万", ("投资额", "投资额")),
    case("unknown-key-note", H + "备注：请尽快拨付资金", ("可填", "备注")),
    case(
        "unknown-figure-after-text",
        H + "形象进度：主体封顶\n本月完成投资额度：1200万",
        ("可填", "本月完成投资额度"),
        progress_text="主体封顶",
    ),
    case("prose-after-header", H + "今天雨天停工", ("无法识别", "今天雨天停工")),
    case("duplicate-amount", H + "本月完成：1200万\n本月完成：1300万", ("本月完成", "1300万")),
    case("date-feb-30", H + "开工日期：2025-02-30", ("开工日期", "2025-02-30")),
    case("date-apr-31", H + "开工：4月31日", ("开工", "4月31日")),
    case("date-month-13", H + "入统：13月1日", ("入统", "13月1日")),
    case("date-dotted-impossible", H + "开工：2.30", ("开工", "2.30")),
    case("date-future", H + "开工日期：2025-12-01", ("开工日期", "2025-12-01"), started=None),
    case("start-unreadable", H + "开工：差不多了", ("开工", "差不多了")),
    case("stats-unreadable", H + "入统：在办", ("入统", "在办")),
    # --- words said between a figure's key and its amount say nothing (voice input)
    case("said-glued-to-now", f"进度 {P}累计到现在是4.12亿", ytd_investment_yuan=412_000_000),
    case("said-glued-so-far", f"进度 {P}累计完成到目前为4.12亿", ytd_investment_yuan=412_000_000),
    case("said-glued-already", f"进度 {P}本年累计已经完成4.12亿", ytd_investment_yuan=412_000_000),
    case("said-glued-reached", f"进度 {P}累计达到4.12亿", ytd_investment_yuan=412_000_000),
    case("said-le-inside-key", H + "累计完成了投资4.12亿", ytd_investment_yuan=412_000_000),
    case("said-at-present", H + "累计目前是4.12亿", ytd_investment_yuan=412_000_000),
    case("said-as-of-now", H + "累计截至目前为4.12亿", ytd_investment_yuan=412_000_000),
    case("said-in-all", H + "累计共4.12亿", ytd_investment_yuan=412_000_000),
    case("said-altogether", H + "累计总共完成4.12亿", ytd_investment_yuan=412_000_000),
    case("said-altogether-after", H + "累计完成总共4.12亿", ytd_investment_yuan=412_000_000),
    case("said-wei-before-colon", H + "本月完成为：1500万", period_investment_yuan=15_000_000),
    case("said-shi-before-colon", H + "本年累计是：4.12亿", ytd_investment_yuan=412_000_000),
    case("said-after-colon", H + "累计完成：到现在是4.12亿", ytd_investment_yuan=412_000_000),
    case("said-reached-after-colon", H + "累计完成：已达4.12亿", ytd_investment_yuan=412_000_000),
    case("said-in-words", H + "累计到现在是一亿二千万", ytd_investment_yuan=120_000_000),
    # ... but a text keeps its words, and a sentence with no amount is no figure
    case("said-text-keeps-le", H + "形象进度：主体完成了", progress_text="主体完成了"),
    case(
        "said-share-is-no-figure",
        H + "本月完成1500万\n累计完成投资的80%",
        ("无法识别", "累计完成投资的80%"),
        ytd_investment_yuan=None,
    ),
    case(
        "said-work-is-no-figure",
        H + "本月完成1500万\n累计完成了主体结构",
        ("无法识别", "累计完成了主体结构"),
        ytd_investment_yuan=None,
    ),
    case(
        "said-target-is-no-figure",
        H + "累计完成4.12亿\n本月计划为500万",
        ("无法识别", "本月计划为500万"),
        period_investment_yuan=None,
    ),
]


@pytest.mark.parametrize(("text", "fields", "errors"), CASES)
def test_report_message(
    text: str, fields: dict[str, Any], errors: tuple[tuple[str, str], ...]
) -> None:
    assert is_report(text)
    [block] = parse_report_message(text, TODAY)
    for name, expected in fields.items():
        assert getattr(block, name) == expected, name
    if not errors:
        assert block.errors == []
    for label, bad in errors:
        assert any(label in error and f"“{bad}”" in error for error in block.errors), block.errors


def test_same_as_above_copies_a_field_the_block_above_gave() -> None:
    text = "进度 物流园\n存在问题：缺电\n进度 厂房\n存在问题：同上\n进度 污水管网\n形象进度：同上"
    first, second, third = parse_report_message(text, TODAY)
    assert second.problems_text == first.problems_text == "缺电"
    assert third.progress_text == "同上"  # nothing above to copy: left for the last report's


def test_a_month_named_key_on_one_line_keeps_its_month() -> None:
    [block] = parse_report_message("进度 物流园 11月完成56万 累计1880万", TODAY)
    assert (block.month, block.period_investment_yuan) == ((None, 11), 560_000)


@pytest.mark.parametrize(
    ("header", "ref", "said"),
    [
        ("进度 物流园 补报：上周", "物流园", "补报：上周"),
        ("进度 物流园 (上周的)", "物流园", "上周的"),
        ("进度 物流园 补报上周 累计3500万", "物流园", "补报上周"),  # figures on the line too
        ("进度 上周村道路", "上周村道路", None),  # a village's name, not last week
        ("进度 物流园上周的", "物流园上周的", None),  # glued to the name: may be part of it
        ("进度 补报上周", "", "补报上周"),  # no name at all: a header naming no project
        ("进度（补报上周）", "", "补报上周"),
        ("进度 物流园 上周？", "物流园 上周？", None),  # a question
        ("进度 补报上周 物流园", "物流园", "补报上周"),  # before the name
        ("进度 补报：上周 物流园", "物流园", "补报：上周"),
        ("进度 上周的：物流园", "物流园", "上周的"),
        ("进度（补报上周）物流园", "物流园", "补报上周"),
        ("进度 补报上周 物流园 累计3500万", "物流园", "补报上周"),
        ("进度 补报上周物流园", "补报上周物流园", None),  # glued: may be part of a name
    ],
)
def test_last_week_said_beside_the_name_is_read_apart(
    header: str, ref: str, said: str | None
) -> None:
    [block] = parse_report_message(header, TODAY)
    assert (block.project_ref, block.past_week) == (ref, said)


def test_errors_do_not_hide_good_fields() -> None:
    [block] = parse_report_message(H + "本月完成：12x万\n形象进度：主体封顶", TODAY)
    assert block.progress_text == "主体封顶"
    assert len(block.errors) == 1


def test_unknown_key_lists_the_accepted_keys() -> None:
    [block] = parse_report_message(H + "投资额：1200万", TODAY)
    assert "本月完成" in block.errors[0]
    assert "累计完成" in block.errors[0]


def test_raw_keeps_the_block_as_typed() -> None:
    [block] = parse_report_message("@调度助手 " + SPEC_EXAMPLE.replace("\n", "\r\n"), TODAY)
    assert block.raw == SPEC_EXAMPLE


def test_header_alone_has_no_fields() -> None:
    [block] = parse_report_message(f"进度 {P}", TODAY)
    assert not block.has_fields
    assert block.errors == []


def test_no_problem_still_counts_as_a_field() -> None:
    [block] = parse_report_message(H + "存在问题：无", TODAY)
    assert block.has_fields
    assert block.problems_text is None


def test_empty_template_fields_are_not_given() -> None:
    [block] = parse_report_message(H + "本月完成：\n累计完成：\n存在问题：", TODAY)
    assert not block.has_fields
    assert block.errors == []


def test_missing_project_is_an_error() -> None:
    blocks = parse_report_message(f"{SPEC_EXAMPLE}\n进度\n本月完成：100万", TODAY)
    assert blocks[0].errors == []
    assert "项目名称" in blocks[1].errors[0]


def test_year_less_date_takes_today_year() -> None:
    [block] = parse_report_message(H + "开工：1月5日", date(2026, 3, 1))
    assert block.started_on == date(2026, 1, 5)


# --- several blocks in one message


def test_two_blocks_each_their_own() -> None:
    text = (
        f"@调度助手 进度 {P}\n本月完成：1200万\n\n进度：陵川县文旅康养项目\r\n"
        "累计完成：2亿\n存在问题：用地指标不足"
    )
    first, second = parse_report_message(text, TODAY)
    assert (first.project_ref, first.period_investment_yuan, first.ytd_investment_yuan) == (
        P,
        12_000_000,
        None,
    )
    assert second.project_ref == "陵川县文旅康养项目"
    assert second.ytd_investment_yuan == 200_000_000
    assert second.problems_text == "用地指标不足"
    assert first.raw == f"进度 {P}\n本月完成：1200万"


def test_eight_blocks_from_one_owner() -> None:
    text = "\n".join(f"#进度 项目{n}\n本月完成：{n}00万\n累计完成：{n}亿\n" for n in range(1, 9))
    blocks = parse_report_message(text, TODAY)
    assert [b.project_ref for b in blocks] == [f"项目{n}" for n in range(1, 9)]
    assert [b.period_investment_yuan for b in blocks] == [n * 1_000_000 for n in range(1, 9)]
    assert all(b.errors == [] for b in blocks)


def test_one_bad_block_leaves_the_others_alone() -> None:
    text = (
        f"进度 {P}\n本月完成：1200万\n进度 东区污水厂\n本月完成：约300万\n/进度 西区路网\n开工：是"
    )
    good, bad, third = parse_report_message(text, TODAY)
    assert good.errors == [] and third.errors == []
    assert "“约300万”" in bad.errors[0]
    assert third.started is True


def test_divider_lines_between_blocks() -> None:
    text = f"进度 {P}\n本月完成：1200万\n--------\n进度 东区污水厂\n本月完成：300万\n————"
    first, second = parse_report_message(text, TODAY)
    assert first.errors == [] and second.errors == []
    assert second.period_investment_yuan == 3_000_000


def test_problem_text_stops_at_the_next_block() -> None:
    text = f"进度 {P}\n存在问题：用地\n手续未办\n进度 东区污水厂\n存在问题：无"
    first, second = parse_report_message(text, TODAY)
    assert first.problems_text == "用地\n手续未办"
    assert second.problems_text is None


def test_not_a_report_parses_to_nothing() -> None:
    assert parse_report_message("大家好，本月完成1200万", TODAY) == []


# --- is_report: only a header naming a project opens a report


@pytest.mark.parametrize(
    "text",
    [
        "/项目 城区智慧物流园",
        "进度怎么样了",
        "进度怎么样了？",
        "进度 怎么样了？",  # a question about progress, not a report
        "进度",
        "进度：",
        "#进度",
        "/report",
        "@调度助手",
        "@调度助手 /帮助",
        "",
        "   \n  ",
        "大家好，进度 城区智慧物流园 本周报",
        "本月完成：1200万",
        "项目进度滞后了",
        "进度款什么时候拨付",
        "收到",
        "/reporting 城区智慧物流园",
    ],
)
def test_is_not_a_report(text: str) -> None:
    assert not is_report(text)


def test_report_block_defaults() -> None:
    block = ReportBlock(project_ref=P)
    assert block.errors == [] and not block.has_fields


def test_two_months_named_are_refused() -> None:
    [block] = parse_report_message(H + "月份：4月\n5月累计完成：3.5亿", TODAY)
    assert block.errors == ["报告中写了两个月份（4月、5月），请只写一个"]
    [block] = parse_report_message(H + "4月完成：300万\n5月累计完成：3.5亿", TODAY)
    assert block.errors == ["报告中写了两个月份（4月、5月），请只写一个"]


@pytest.mark.parametrize(
    ("said", "ytd"),
    [
        ("物流园累计到现在是4.12亿", 412_000_000),
        ("物流园累计完成到目前为4.12亿", 412_000_000),
        ("物流园本年累计已经完成4.12亿", 412_000_000),
        ("物流园 累计共完成4.12亿", 412_000_000),
        ("物流园累计完成了主体结构", None),  # the work done, no amount
        ("物流园 累计完成投资的80%", None),
        ("物流园累计约4亿了，年底能完成任务", None),  # talk with a rough figure
    ],
)
def test_a_figure_said_without_its_keyword_with_words_before_the_amount(
    said: str, ytd: int | None
) -> None:
    spoken = spoken_report(said, TODAY)
    if ytd is None:
        assert spoken is None
        return
    assert spoken is not None
    [block] = parse_report_message(spoken, TODAY)
    assert (block.project_ref, block.ytd_investment_yuan, block.errors) == ("物流园", ytd, [])


@pytest.mark.parametrize(
    ("text", "today", "month", "field"),
    [
        ("上月完成：0", date(2026, 12, 1), 11, "period_investment_yuan"),
        ("上个月完成投资：120万", date(2026, 12, 2), 11, "period_investment_yuan"),
        ("上月累计完成：3.5亿", date(2027, 1, 4), 12, "ytd_investment_yuan"),
        ("上月底累计完成：3.5亿", date(2026, 12, 1), 11, "ytd_investment_yuan"),
    ],
)
def test_last_month_is_the_month_before_the_reports_day(
    text: str, today: date, month: int, field: str
) -> None:
    [block] = parse_report_message(H + text, today)
    assert block.errors == []
    assert block.month == (None, month)
    assert getattr(block, field) is not None


@pytest.mark.parametrize("text", ["上月开工：是", "上月年度：2026", "上月形象进度：封顶"])
def test_last_month_goes_with_an_amount_only(text: str) -> None:
    [block] = parse_report_message(H + text, date(2026, 12, 1))
    assert block.month is None
    assert any("不认识的字段" in error or "无法识别" in error for error in block.errors), block


@pytest.mark.parametrize(
    "text",
    [
        # a 形象进度 over several lines, its own parts with figures: one block, not several
        f"{H}本月完成：800万\n累计完成：2500万\n形象进度：\n污水管网 累计完成2000万\n"
        "配套道路 累计完成500万",
        f"{H}本月完成：800万\n累计完成：2500万\n形象进度：分两个标段\n一标段 累计完成1500万\n"
        "二标段 累计完成1000万\n存在问题：征地未完成",
        f"{H}本月完成：800万\n累计完成：2500万\n下步计划：\n1.年底前 累计完成6000万",
        # the project's own name again inside its block
        f"{H}本月完成：800万\n累计完成：2500万\n物流园 累计完成2500万",
    ],
)
def test_lines_of_a_blocks_own_text_are_not_other_projects(text: str) -> None:
    [block] = parse_report_message(text, TODAY)
    assert (block.period_investment_yuan, block.ytd_investment_yuan) == (8_000_000, 25_000_000)


def test_a_remark_with_a_figure_after_the_keyword_is_no_glued_report() -> None:
    # `进度：全区本月完成8亿，大家继续努力` has breaks: its name is not cut before 本月
    [block] = parse_report_message("进度：全区本月完成8亿，大家继续努力", TODAY)
    assert block.project_ref != "全区" and not block.has_fields
    [glued] = parse_report_message("进度 5G基站本月完成300万累计1000万", TODAY)
    assert (glued.project_ref, glued.ytd_investment_yuan) == ("5G基站", 10_000_000)


def test_a_bulletin_is_not_a_report_of_the_projects_it_names() -> None:
    text = "通报：\n累计完成：全区2.3亿\n物流园 累计完成3.5亿，排第一"
    assert not is_report(text) and parse_report_message(text, TODAY) == []


def test_a_second_project_after_a_text_that_says_nothing_is_its_own_block() -> None:
    text = f"{H}累计完成：6977万\n存在问题：无\n污水管网 本月完成90万 累计完成1914万"
    first, second = parse_report_message(text, TODAY)
    assert first.problems_text is None and second.ytd_investment_yuan == 19_140_000


UNDER = f"{H}本月完成：1200万\n累计完成：3.8亿\n形象进度：主体施工\n"


@pytest.mark.parametrize(
    "text",
    [
        # another project on one line right under the first's 形象进度: two figures, or a colon
        f"{UNDER}污水管网 本月完成90万 累计1914万",
        f"{UNDER}污水管网：本月完成90万",
        f"{UNDER}--------\n污水管网 本月完成90万",
    ],
)
def test_a_second_project_under_a_text_is_its_own_block(text: str) -> None:
    first, second = parse_report_message(text, TODAY)
    assert first.progress_text == "主体施工"
    assert (second.project_ref, second.period_investment_yuan) == ("污水管网", 900_000)


@pytest.mark.parametrize(
    "text",
    [
        "/进展 #1 物流园 本月完成投资500万",  # a command, not a report with 进度 left out
        f"{H}累计完成：3.8亿\n存在问题：无\n二期 本月完成500万",  # a part of it, not a project
    ],
)
def test_what_only_looks_like_another_report_is_not_one(text: str) -> None:
    assert len(parse_report_message(text, TODAY)) <= 1


@pytest.mark.parametrize(
    "text",
    [
        f"进度 {P} 累计4.1亿，污水管网累计6060万",  # it was 物流园's 形象进度, its figure lost
        f"进度 {P} 累计4.1亿，污水管网 累计6060万",
        f"进度 {P} 累计4.1亿 污水管网累计6060万",
    ],
)
def test_a_second_project_on_the_same_line_is_its_own_block(text: str) -> None:
    first, second = parse_report_message(text, TODAY)
    assert (first.project_ref, first.ytd_investment_yuan, first.progress_text) == (
        P,
        410_000_000,
        None,
    )
    assert (second.project_ref, second.ytd_investment_yuan) == ("污水管网", 60_600_000)


@pytest.mark.parametrize(
    "progress",
    [
        "主体累计完成80%",
        "其中二期本月完成500万",
        "二期本月完成500万",
        "主体施工",
        # a part of the project, or a figure it has not given yet: never another project
        "设备购置本月完成300万",
        "二期工程累计完成3000万",
        "土建累计完成3000万",
        "已完成投资累计5000万",
    ],
)
def test_a_text_after_the_figures_that_names_no_project_is_the_progress(progress: str) -> None:
    [block] = parse_report_message(f"进度 {P} 本月1200万，累计5000万，{progress}", TODAY)
    assert (block.ytd_investment_yuan, block.progress_text) == (50_000_000, progress)


def test_a_month_in_chinese_numerals_is_that_month() -> None:
    [block] = parse_report_message(f"{H}月份：十一月\n累计完成：3.5亿", TODAY)
    assert block.month == (None, 11) and not block.errors


@pytest.mark.parametrize(("typed", "value"), [("累计3。5亿", "3。5亿"), ("累计约3亿", "约3亿")])
def test_a_mistyped_figure_on_one_line_is_refused_not_taken_for_text(
    typed: str, value: str
) -> None:
    # 3。5亿 (a Chinese keyboard's full stop for the point) was stored as 30000元, or as text
    [block] = parse_report_message(f"进度 {P} 本月1200万 {typed}", TODAY)
    assert block.ytd_investment_yuan is None and block.progress_text is None
    assert any(f"金额“{value}”" in error for error in block.errors), block.errors


def test_a_full_stop_parts_a_one_line_report() -> None:
    text = (
        f"进度 {P} 本月完成：３２０万，累计完成：１．１亿元。形象进度：立面完成８０％。月底封顶。"
    )
    [block] = parse_report_message(text, TODAY)
    assert (block.period_investment_yuan, block.ytd_investment_yuan) == (3_200_000, 110_000_000)
    assert block.progress_text == "立面完成８０％。月底封顶"


def test_xingxiang_typed_with_its_homophone_is_the_progress() -> None:
    [block] = parse_report_message(f"进度 {P} 累积完成1750万 形像进度：管网铺设完成95%", TODAY)
    assert (block.ytd_investment_yuan, block.progress_text) == (17_500_000, "管网铺设完成95%")


def test_an_emoji_between_the_name_and_its_figure_parts_them() -> None:
    [block] = parse_report_message("进度 物流园✅本月完成1200万 累计3.8亿", TODAY)
    assert (block.project_ref, block.period_investment_yuan) == ("物流园", 12_000_000)
    [bracketed] = parse_report_message("【物流园】\n本月完成：1200万", TODAY)
    assert bracketed.project_ref == "物流园"


@pytest.mark.parametrize("tail", [" 无问题", "，暂无问题", " 无", "，目前没有问题", " 问题：无"])
def test_none_after_the_works_words_answers_the_problems_field(tail: str) -> None:
    # `设备调试 无问题` kept 无问题 in the 形象进度, and last week's problem was carried on
    [block] = parse_report_message(f"进度 {P} 本月1200万 累计3.5亿 主体结构封顶{tail}", TODAY)
    assert block.progress_text == "主体结构封顶"
    assert "problems" in block.given and block.problems_text is None
    assert block.errors == []


@pytest.mark.parametrize(
    ("text", "progress"),
    [
        (f"进度 {P} 本月1200万 累计3.5亿 无", "无"),  # the work's words, all there is
        (f"进度 {P} 本月1200万 累计3.5亿 形象进度：主体结构封顶 无问题", "主体结构封顶 无问题"),
        (f"进度 {P} 本月1200万 累计3.5亿 主体结构封顶 无缝对接", "主体结构封顶 无缝对接"),
    ],
)
def test_none_is_left_in_the_works_words_it_belongs_to(text: str, progress: str) -> None:
    [block] = parse_report_message(text, TODAY)
    assert block.progress_text == progress
    assert "problems" not in block.given
