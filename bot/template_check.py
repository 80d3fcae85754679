"""What `check-config` says about an office's template overrides ([templates] override_dir).

An override that cannot be used — a name no message has, a syntax error, a variable its message
does not provide — is named with its problem; at run time the built-in template is sent instead
(bot.render), so a mistake here costs the wording, never the message.
"""

from __future__ import annotations

from pathlib import Path

from jinja2 import Environment, TemplateSyntaxError, meta

from bot.render import TEMPLATES, Renderer

SUFFIX = ".md.j2"
LOOSE = frozenset({"loop", "range", "dict", "lipsum", "cycler", "joiner", "namespace"})
"""Names Jinja provides itself."""


def override_problems(folder: Path | None) -> list[str]:
    """One line per unusable override in `folder`, in Chinese, naming the file."""
    if folder is None:
        return []
    if not folder.is_dir():
        return [f"模板文件夹 {folder} 不存在（[templates] override_dir），将全部使用内置模板"]
    env = Renderer(folder).env  # with the filters the templates may use
    problems = []
    for path in sorted(folder.rglob(f"*{SUFFIX}")):
        name = path.relative_to(folder).as_posix()
        problem = _problem(env, name, path)
        if problem:
            problems.append(f"模板 {name}：{problem}；将改用内置模板")
    return problems


def _problem(env: Environment, name: str, path: Path) -> str | None:
    builtin = TEMPLATES / name
    if not builtin.is_file():
        return "没有这个名字的消息模板（文件名应与内置模板相同，如 pushes/nudge.md.j2）"
    try:
        used = _variables(env, path.read_text(encoding="utf-8"))
    except TemplateSyntaxError as exc:  # an unknown filter too
        return f"第 {exc.lineno} 行语法错误（{exc.message}）"
    except UnicodeDecodeError:
        return "不是 UTF-8 编码的文本"
    given = _variables(env, builtin.read_text(encoding="utf-8"))
    unknown = sorted(used - given - LOOSE)
    if unknown:
        known = "、".join(sorted(given - LOOSE)) or "无"
        return f"使用了这条消息没有的变量 {'、'.join(unknown)}（可用：{known}）"
    return None


def _variables(env: Environment, source: str) -> set[str]:
    """The variables a template reads from its data."""
    return set(meta.find_undeclared_variables(env.parse(source)))
