"""Hypothesis for the fuzz suites: a small fixed run in `make test`, a long one on request.

`HYPOTHESIS_PROFILE=long` (bench/bench_fuzz.py sets it) runs many more, randomised examples
(`DIAODU_FUZZ_EXAMPLES`, default 3,000 per test).
"""

from __future__ import annotations

import os
from typing import Any

from hypothesis import HealthCheck, settings
from hypothesis import strategies as st

settings.register_profile(
    "ci",
    max_examples=60,
    deadline=None,
    derandomize=True,  # the same examples on every run: a red suite is reproducible
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
settings.register_profile(
    "long",
    max_examples=int(os.environ.get("DIAODU_FUZZ_EXAMPLES", "3000")),
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "ci"))

# Characters people and attackers type: digits of every script, full-width forms, CJK,
# markup, controls, surrogate-free; plus the separators the parsers look for.
chars = st.characters(codec="utf-8")
hostile_text = st.text(chars, max_size=200)
tricky = st.sampled_from(
    [
        "进度", "本月完成", "累计完成", "形象进度", "存在问题", "下步计划", "年度", "月份",
        "是否开工", "开工日期", "是否入统", "竣工", "万", "亿", "元", "万元", "（", "）", "：",
        ":", "\n", " ", "\u3000", "\u200b", "\x00", "\r\n", "@all", "<@all>", "#", "/", "－",
        "１２", "²", "٣", "1e400", "9" * 40, ",", ".", "．", "-", "+", "=", "约", "左右", "整",
        "下周五", "月底前", "3天内", "5个工作日", "2025-04-10", "4月10日", "2月30日", "是", "否",
        "'", '"', "\\", "<font color=\"warning\">", "[x](http://e.x)",
    ]
)  # fmt: skip
chatty_text = st.lists(st.one_of(tricky, hostile_text.map(lambda t: t[:12])), max_size=30).map(
    "".join
)
FIELDS = [
    "本月完成", "累计完成", "形象进度", "存在问题", "下步计划", "年度", "月份", "是否开工",
    "开工日期", "是否入统", "入统日期", "是否竣工", "年度计划（万元）", "累计完成（亿元）",
]  # fmt: skip

amount_text = st.builds(
    lambda sign, whole, frac, unit, pad: f"{pad}{sign}{whole}{frac}{unit}{pad}",
    st.sampled_from(["", "", "-", "约", "＋"]),
    st.one_of(
        st.integers(min_value=0, max_value=10**45).map(str),
        st.integers(min_value=0, max_value=10**12).map(lambda n: f"{n:,}"),
        st.integers(min_value=0, max_value=10**6).map(
            lambda n: str(n).translate(str.maketrans("0123456789", "０１２３４５６７８９"))
        ),
    ),
    st.one_of(st.just(""), st.integers(min_value=0, max_value=10**9).map(lambda n: f".{n}")),
    st.sampled_from(["", "元", "万", "万元", "亿", "亿元", "万元整", "千", "%"]),
    st.sampled_from(["", " ", "\u3000"]),
)
report_line = st.one_of(
    st.builds(
        lambda key, colon, value: f"{key}{colon}{value}",
        st.sampled_from(FIELDS),
        st.sampled_from(["：", ":", " ", "", "：："]),
        st.one_of(amount_text, chatty_text),
    ),
    chatty_text,
)
report_message = st.builds(
    "\n".join,
    st.lists(
        st.builds(
            lambda head, ref, lines: "\n".join([f"{head} {ref}", *lines]),
            st.sampled_from(["进度", "#进度", "/进度", "/report", "@调度助手 进度"]),
            st.one_of(st.sampled_from(["P001", "物流园", ""]), hostile_text),
            st.lists(report_line, max_size=8),
        ),
        min_size=1,
        max_size=4,
    ),
)


json_scalars = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(2**70), max_value=2**70),
    st.floats(allow_nan=False, allow_infinity=False),
    hostile_text,
)
json_values = st.recursive(
    json_scalars,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(hostile_text, inner, max_size=4),
    max_leaves=12,
)


def mutated(base: Any) -> st.SearchStrategy[Any]:
    """`base` (a recorded payload) with any of its values, at any depth, replaced or dropped."""
    if isinstance(base, dict):
        fields = {key: st.one_of(mutated(value), json_values) for key, value in base.items()}
        return st.fixed_dictionaries({}, optional=fields)
    if isinstance(base, list):
        return (
            st.lists(st.one_of(*(mutated(item) for item in base)), max_size=3)
            if base
            else (st.just([]))
        )
    return st.one_of(st.just(base), json_scalars)
