"""The lines of an import's summary below its counts: what to look at before trusting it
(warnings, what was kept as it was), then each project added or changed."""

from __future__ import annotations

from storage.ledger.counts import Counts, DoneSoFar

MAX_CHANGES_SHOWN = 200  # a ledger of thousands: the first ones, and how many more
NEW_SHOWN = 30  # a first import adds them all: enough to check the file was read right
FINISHED_SHOWN = 10  # each one to be looked at: more than the usual few
EMPTIED_SHOWN = 3


def note_lines(c: Counts) -> list[str]:
    """The warnings and notes, each a line; none for a plain import."""
    lines = []
    if c.finished_planned:
        lines.append(_finished_planned_line(c.finished_planned, c.plan_year))
    if c.plans_blank:
        lines.append(
            f"年度计划投资空白、未录入{c.plan_year}年计划的项目 {len(c.plans_blank)} 个"
            f"（{_some(c.plans_blank)}）；计划定下后补上再导入"
        )
    if c.emptied:
        said = "；".join(
            f"{label} {len(codes)} 个项目（"
            f"{'、'.join(c.project_names.get(code, code) for code in codes[:EMPTIED_SHOWN])}"
            f"{'等' if len(codes) > EMPTIED_SHOWN else ''}）"
            for label, codes in c.emptied.items()
        )
        lines.append(f"注意：表中的空白将清空原有数据——{said}；如是漏填，请补上后再导入")
    if c.unknown_columns:
        lines.append(
            f"未识别、没有导入的列：{'、'.join(c.unknown_columns)}"
            "（其中如有年度计划、日期等要导入的数据，请把列名改成“diaodu export”"
            "导出的台账里的写法）"
        )
    lines += _kept_lines(c)
    if c.uncategorised:
        lines.append(
            f"注意：新增项目 {len(c.uncategorised)} 个没有填“项目类别”，已按续建录入"
            f"（{_some(c.uncategorised)}）；如是新建、前期或储备项目，请在台账中补上后再导入"
        )
    if c.same_name:
        lines.append(
            f"注意：新增或改名的项目中有 {len(c.same_name)} 个与其他项目同名："
            f"{_some(c.same_name)}；"
            "如是同一个项目，请删去新行或改用原项目代码后再导入（否则会分别亮灯、分别催报）；"
            "如是项目代码填错了行，请改正后再导入"
        )
    if c.near_codes:
        lines.append(
            f"注意：新增项目中有 {len(c.near_codes)} 个的项目代码与已有项目（本表未列）"
            f"只差一个字符，可能是代码填错：{_some(c.near_codes)}；"
            "如是同一个项目，请改用原项目代码后再导入（否则会多出一个项目，分别亮灯、分别催报）"
        )
    if c.done_so_far is not None:
        lines.append(_done_line(c.done_so_far))
    if c.new_units:
        lines.append(f"新建单位 {len(c.new_units)} 个：{'、'.join(c.new_units)}")
    return lines


def project_lines(c: Counts) -> list[str]:
    """Each project added, then each changed with what changed, as many as are worth reading
    and how many more."""
    lines = [f"  新增 {code}（{name}）" for code, name in list(c.created.items())[:NEW_SHOWN]]
    if len(c.created) > NEW_SHOWN:
        lines.append(f"  ……另有 {len(c.created) - NEW_SHOWN} 个新增项目")
    names = c.project_names
    lines += [
        f"  更新 {code}{f'（{names[code]}）' if code in names else ''}：{'、'.join(fields)}"
        for code, fields in list(c.project_changes.items())[:MAX_CHANGES_SHOWN]
    ]
    if len(c.project_changes) > MAX_CHANGES_SHOWN:
        lines.append(f"  ……另有 {len(c.project_changes) - MAX_CHANGES_SHOWN} 个项目有更新")
    return lines


def _finished_planned_line(planned: list[str], year: int | None) -> str:
    """Projects finished before the plan year that the file plans for it all the same."""
    named = "、".join(planned[:FINISHED_SHOWN]) + ("等" if len(planned) > FINISHED_SHOWN else "")
    return (
        f"注意：已竣工或投产的项目 {len(planned)} 个也写入了{year}年计划：{named}。"
        f"竣工的项目不再催报、一直亮蓝灯，它的计划却全年计入所在单位{year}年的计划和序时进度；"
        f"如有二期等仍要建设的工程，可保留；否则请把“{year}年计划投资”写 0 后再导入"
        "（尚未导入的，也可在表中删去该行）"
    )


def _some(names: list[str]) -> str:
    """The first few names, `等` when there are more."""
    return "、".join(names[:EMPTIED_SHOWN]) + ("等" if len(names) > EMPTIED_SHOWN else "")


def _kept_lines(c: Counts) -> list[str]:
    """What the file would have undone or changed and was kept as it is, and what it was
    taken to mean where it said nothing (a start)."""
    lines = []
    if c.recoded:
        lines.append(
            f"{len(c.recoded)} 个项目的项目代码与在册的只差连接号，已按原项目导入，"
            f"代码仍用在册的写法：{_some(c.recoded)}"
        )
    if c.finished_kept:
        lines.append(_finished_line(c.finished_kept))
    if c.started_kept:
        lines.append(
            f"{len(c.started_kept)} 个项目（{_some(c.started_kept)}）已开工（群里申报或此前"
            "导入），表中写“前期”且没有开工日期，未改回；如开工有误，请责任人撤回那次填报"
        )
    if c.start_unknown:
        lines.append(
            f"注意：表中没有“项目状态”“开工日期”列，新建项目 {len(c.start_unknown)} 个按未开工"
            f"录入（{_some(c.start_unknown)}），过了计划开工日期即亮红灯；已开工的请补上开工日期"
            "再导入，或由责任人在群里填报时加一行“已开工：3月15日”"
        )
    if c.absent:
        lines.append(
            f"在册但表中没有的项目 {len(c.absent)} 个（{_some(c.absent)}），未改动，仍催报、亮灯；"
            "如已不再调度，请在表中保留该行、项目状态写“已取消”后再导入"
        )
    if c.category_kept:
        lines.append(
            f"{len(c.category_kept)} 个项目（{_some(c.category_kept)}）明年台账的项目类别与今年"
            "不同，今年的保留（今年的开复工、亮灯和月报表不变；今年已开工的新建项目，明年起"
            "自动按续建计）；1月起再导入明年台账即按表更新"
        )
    return lines


def _finished_line(kept: list[str]) -> str:
    """Projects whose 竣工, declared in chat, the file's status did not undo."""
    return (
        f"{len(kept)} 个项目（{_some(kept)}）已由责任人在群里申报竣工，台账的项目状态未改回；"
        "如申报有误，请责任人撤回或更正那次填报"
    )


def _done_line(done: DoneSoFar) -> str:
    """What became of the year-to-date done column."""
    if done.refused:
        return done.refused
    line = f"本年累计完成（截至{done.month}月末，“{done.header}”）：{done.written} 个项目"
    if done.kept:
        line += f"；{done.kept} 个项目已有{done.month}月或之后的数字（多为群里所报），以之为准"
    if done.without_owner:
        names = "、".join(done.without_owner[:EMPTIED_SHOWN])
        more = "等" if len(done.without_owner) > EMPTIED_SHOWN else ""
        line += f"；没有责任人、未导入 {len(done.without_owner)} 个（{names}{more}）"
    return line
