"""Fuzz of every parser people's text or a platform's bytes reach: each ends in a value or in
its documented error, whatever it is given (Hypothesis; bounded run, see tests/support/fuzz.py).
"""

from __future__ import annotations

import contextlib
import json
from datetime import date, datetime
from decimal import Decimal
from typing import Any

from hypothesis import example, given
from hypothesis import strategies as st
from pydantic import BaseModel, ValidationError

from bot.adapters.bounds import json_object
from bot.adapters.dingtalk.models import parse_message
from bot.adapters.errors import AdapterError
from bot.adapters.feishu.models import Envelope, message_event, validate
from bot.adapters.wecom.crypto import parse_encrypted_json, parse_encrypted_xml, parse_xml
from bot.adapters.wecom.frames import parse as parse_frame
from bot.adapters.wecom.models import AiBotMessage, AppMessage
from domain.calendar import WorkCalendar
from domain.clock import SHANGHAI
from domain.dates import DateError, parse_end_date, parse_near_date
from domain.money import MAX_YUAN, UNITS, AmountError, parse_amount
from domain.relative_dates import parse_relative
from handlers.command_args import parse_args
from handlers.reports.grammar import parse_report_message
from handlers.reports.message_shape import is_report
from handlers.reports.values import read_declaration
from handlers.reports.when import read_month, read_year
from handlers.router import build_router
from storage.ledger import cells
from tests.support.fuzz import (
    amount_text,
    chatty_text,
    hostile_text,
    json_values,
    mutated,
    report_message,
)
from tests.support.payloads import payload, raw

TODAY = date(2025, 4, 24)
NOW = datetime(2025, 4, 24, 10, 0, tzinfo=SHANGHAI)
CALENDAR = WorkCalendar()


@given(st.one_of(amount_text, hostile_text, chatty_text), st.sampled_from(sorted(UNITS)))
@example("9999999999999999999999999999999999999999亿", "万")
@example("922337203685478", "万")
@example("1e400", "万")
def test_an_amount_is_bounded_yuan_or_an_error_quoting_it(text: str, unit: str) -> None:
    try:
        yuan = parse_amount(text, unit)
    except AmountError as exc:
        assert exc.value == text.strip()
        return
    assert 0 <= yuan <= MAX_YUAN


@given(
    st.decimals(min_value=0, max_value=10**11, places=4, allow_nan=False),
    st.sampled_from(sorted(UNITS)),
)
def test_a_well_written_amount_is_read_exactly(number: Decimal, unit: str) -> None:
    # By hand: the figure times the unit, rounded half up to the yuan.
    expected = int((number * UNITS[unit]).quantize(Decimal(1), rounding="ROUND_HALF_UP"))
    if expected > MAX_YUAN:
        return
    assert parse_amount(f"{number:f}{unit}") == expected


@given(st.one_of(report_message, chatty_text, hostile_text))
@example("进度 物流园\n本月完成：9999999999999999999999999999999999999999亿\n累计完成：3.5亿")
@example("[" * 5_000)
def test_a_report_message_parses_into_blocks_whatever_it_says(text: str) -> None:
    is_report(text)
    for block in parse_report_message(text, TODAY):
        assert all(isinstance(error, str) and error for error in block.errors)
        for yuan in (block.period_investment_yuan, block.ytd_investment_yuan):
            assert yuan is None or 0 <= yuan <= MAX_YUAN


def test_one_bad_amount_loses_only_its_own_block() -> None:
    text = "进度 物流园\n本月完成：" + "9" * 40 + "亿\n进度 厂房\n本月完成：1200万"
    first, second = parse_report_message(text, TODAY)
    assert first.errors and not second.errors
    assert second.period_investment_yuan == 12_000_000


@given(st.one_of(chatty_text, hostile_text), st.dates(date(1990, 1, 1), date(2100, 12, 31)))
def test_dates_and_deadlines_are_a_day_or_a_date_error(text: str, today: date) -> None:
    for parse in (parse_near_date, parse_end_date):
        with contextlib.suppress(DateError):
            assert isinstance(parse(text, today), date)
    for spans in (True, False):
        with contextlib.suppress(DateError):
            parse_relative(text, today, CALENDAR, spans=spans)


@given(st.one_of(chatty_text, hostile_text))
def test_years_months_and_declarations_are_a_value_or_a_value_error(text: str) -> None:
    for read in (read_year, read_month, lambda t: read_declaration(t, TODAY, "开工")):
        try:
            read(text)
        except ValueError as exc:  # DateError is one too: each says what it could not read
            assert str(exc)


COMMANDS = sorted({command.name: command for command in build_router().commands.values()}.items())


@given(st.sampled_from([command for _, command in COMMANDS]), st.one_of(chatty_text, hostile_text))
def test_command_arguments_are_a_model_or_a_validation_error(command: Any, rest: str) -> None:
    try:
        args = parse_args(command.args, rest)
    except ValidationError:
        return
    assert isinstance(args, BaseModel)


cell_values = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**40), max_value=10**40),
    st.floats(),
    st.datetimes(),
    st.dates(),
    st.one_of(amount_text, chatty_text, hostile_text),
)


@given(cell_values, st.sampled_from([Decimal(1), Decimal(10_000), Decimal(10**8)]))
@example("1e400", Decimal(10_000))
@example("9" * 32, Decimal(10_000))
@example(922_337_203_685_478, Decimal(10_000))
@example(2**40_000, Decimal(1))
def test_ledger_cells_are_a_value_or_a_cell_error(value: Any, scale: Decimal) -> None:
    try:
        amount = cells.yuan(value, scale)
    except cells.CellError as exc:
        assert str(exc)
    else:
        assert amount is None or 0 <= amount <= MAX_YUAN
    for read in (cells.day, cells.names, cells.mobiles, cells.words, cells.text):
        try:
            read(value)
        except cells.CellError as exc:
            assert str(exc)


def _bytes_or_json(base: Any) -> st.SearchStrategy[bytes]:
    as_json = mutated(base).map(lambda v: json.dumps(v, ensure_ascii=False).encode())
    return st.one_of(as_json, hostile_text.map(str.encode), st.binary(max_size=300))


def _refused_or(parse: Any, data: Any) -> Any:
    try:
        return parse(data)
    except AdapterError:
        return None


@given(
    st.one_of(
        _bytes_or_json({"encrypt": "abc"}),
        st.integers(min_value=1, max_value=5_000).map(lambda n: b"[" * n + b"]" * n),
    )
)
def test_json_envelopes_are_an_object_or_refused(body: bytes) -> None:
    _refused_or(json_object, body)
    _refused_or(parse_encrypted_json, body)
    _refused_or(parse_frame, body)


@given(
    st.one_of(
        st.just(raw("wecom", "app_text.xml").encode()),
        st.binary(max_size=300),
        hostile_text.map(lambda t: f"<xml><Encrypt>{t}</Encrypt></xml>".encode()),
        hostile_text.map(lambda t: f"<!DOCTYPE x [<!ENTITY a '{t}'>]><xml>&a;</xml>".encode()),
    )
)
def test_wecom_xml_is_fields_or_refused(body: bytes) -> None:
    _refused_or(parse_xml, body)
    _refused_or(parse_encrypted_xml, body)
    fields = _refused_or(parse_xml, body)
    if fields is not None:
        with contextlib.suppress(ValidationError):
            AppMessage.model_validate(fields)


@given(st.one_of(mutated(payload("wecom", "aibot_text")), json_values))
def test_wecom_ai_bot_messages_read_or_are_refused_by_their_model(data: Any) -> None:
    try:
        message = AiBotMessage.model_validate(data)
    except ValidationError:
        return
    message.readable_text()
    _ = message.group_id


@given(st.one_of(mutated(payload("dingtalk", "group_message")), json_values))
def test_dingtalk_messages_become_inbound_messages_or_are_refused(data: Any) -> None:
    for given_data in (data, json.dumps(data, ensure_ascii=False).encode()):
        message = _refused_or(parse_message, given_data)
        if message is not None:
            message.plain_text()
            message.to_inbound("dd", NOW)


@given(st.one_of(mutated(payload("feishu", "message_event")), json_values))
def test_feishu_events_become_inbound_messages_or_are_refused(data: Any) -> None:
    envelope = _refused_or(lambda d: validate(Envelope, d, "callback"), data)
    if envelope is None:
        return
    event = _refused_or(message_event, envelope)
    if event is not None:
        _refused_or(lambda e: e.to_inbound("fs", NOW), event)
