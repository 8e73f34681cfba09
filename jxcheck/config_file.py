"""Configuration files: ``jxcheck.toml`` (keys at the top level) or the
``[tool.jxcheck]`` table of ``pyproject.toml``, found from the current folder
upward (in each folder ``jxcheck.toml`` first), or named with ``--config``.

    select = ["ratio-mismatch", "JX301"]   # codes, names or categories; empty = all
    ignore = ["duplicate-text"]
    fail-on = "warning"                    # error | warning | info | never
    [severity]                             # rule code or name -> error | warning | info
    JX101 = "warning"
    [rules.JX101]                          # per-rule options, by code or name
    tolerance = "0.005"

Everything is validated against the registry: an unknown key, rule, category
or option, or a value of the wrong type, is a ``ConfigError`` naming the key.

A configuration file is input too: it may sit in a parent folder nobody looked
at, or arrive inside an upload folder. So it is read as data (``read_toml``): a
regular file of at most 1 MB (never a FIFO or ``/dev/zero``), strict UTF-8, TOML
that parses, tables where tables belong (``tool = 1`` in a parent
``pyproject.toml``); anything else — nesting too deep, an integer too long — is
a one-line ``ConfigError`` naming the file, never a traceback. A
``pyproject.toml`` found on the way up that cannot be read is such an error too
(it may hold the ``[tool.jxcheck]`` table the user expects to apply):
``--config FILE`` or ``--no-config`` decides.
"""
from __future__ import annotations

import os
import stat
import sys
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from typing import Any

from rules.config import Config, ConfigError
from rules.finding import CATEGORIES, SEVERITIES

if sys.version_info >= (3, 11):
    import tomllib
else:  # pragma: no cover
    import tomli as tomllib

TOP_KEYS = ("select", "ignore", "fail-on", "severity", "rules")
FAIL_ON = ("error", "warning", "info", "never")


@dataclass(frozen=True)
class FileConfig:
    """What a configuration file says: the engine's Config plus CLI defaults."""
    config: Config = field(default_factory=Config)
    fail_on: str | None = None
    path: str | None = None


MAX_BYTES = 1024 * 1024  # a configuration file is a few lines; anything larger is not one


def read_toml(path: str) -> dict[str, Any]:
    """The parsed TOML of a configuration file, or a one-line ConfigError naming it."""
    try:
        st = os.stat(path)
    except FileNotFoundError:
        raise ConfigError(f"配置文件不存在：{path}") from None
    except OSError as e:
        raise ConfigError(f"配置文件无法读取：{path}：{e.strerror}") from None
    if not stat.S_ISREG(st.st_mode):  # a FIFO would block, /dev/zero never ends
        raise ConfigError(f"配置文件不是普通文件：{path}")
    try:
        with open(path, "rb") as fh:
            raw = fh.read(MAX_BYTES + 1)
    except OSError as e:
        raise ConfigError(f"配置文件无法读取：{path}：{e.strerror}") from None
    if len(raw) > MAX_BYTES:
        raise ConfigError(f"配置文件过大：{path}（超过 {MAX_BYTES // 1024} KB）")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as e:
        raise ConfigError(f"{path}：不是 UTF-8 编码（第 {e.start + 1} 字节）") from None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as e:
        raise ConfigError(f"{path}：TOML 语法错误：{_one_line(str(e))}") from None
    except RecursionError:
        raise ConfigError(f"{path}：TOML 嵌套过深") from None
    except ValueError as e:  # an integer longer than Python converts (4,300 digits)
        why = "数字过长" if "digits" in str(e) else _one_line(str(e))
        raise ConfigError(f"{path}：TOML 无法解析：{why}") from None
    return data


def _one_line(s: str) -> str:
    return " ".join(s.split())


def find(start: str | None = None) -> tuple[str, bool] | None:
    """The nearest config file from ``start`` upward, and whether it is a pyproject.toml."""
    d = os.path.abspath(start or os.getcwd())
    while True:
        p = os.path.join(d, "jxcheck.toml")
        if os.path.isfile(p):
            return p, False
        p = os.path.join(d, "pyproject.toml")
        if os.path.isfile(p) and _has_tool_table(p):
            return p, True
        parent = os.path.dirname(d)
        if parent == d:
            return None
        d = parent


def _has_tool_table(path: str) -> bool:
    return "jxcheck" in _tool_table(read_toml(path), path)


def _tool_table(data: dict[str, Any], path: str) -> dict[str, Any]:
    tool = data.get("tool", {})
    if not isinstance(tool, dict):
        raise ConfigError(f"{path}：tool 应为表，得到 {_short(tool)}（--config 指定配置文件，或 --no-config 不读取）")
    return tool


def _short(value: Any) -> str:
    r = repr(value)
    return r if len(r) <= 40 else r[:37] + "..."


def load(path: str | None = None, *, discover: bool = True) -> FileConfig:
    """Load ``path``, or the file found upward from the current folder; no file = defaults."""
    if path is None:
        found = find() if discover else None
        if found is None:
            return FileConfig()
        path, is_pyproject = found
    else:
        is_pyproject = os.path.basename(path) == "pyproject.toml"
    data = read_toml(path)
    prefix = ""
    if is_pyproject:
        data = _tool_table(data, path).get("jxcheck", {})
        prefix = "tool.jxcheck."
        if not isinstance(data, dict):
            raise ConfigError(f"{path}：tool.jxcheck 应为表，得到 {_short(data)}（--config 指定配置文件，或 --no-config 不读取）")
    return validate(data, source=path, prefix=prefix)


def _rule_index() -> tuple[dict[str, Any], set[str]]:
    from rules.registry import all_rules

    by_key: dict[str, Any] = {}
    for r in all_rules():
        by_key[r.code] = r
        by_key[r.name] = r
    return by_key, set(CATEGORIES)


def _strings(value: Any, key: str) -> tuple[str, ...]:
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ConfigError(f"{key}：应为字符串列表，得到 {value!r}")
    return tuple(value)


def check_selectors(items: tuple[str, ...], key: str) -> None:
    """Every selector must name a rule code, a rule name or a category."""
    rules, cats = _rule_index()
    for s in items:
        if s not in rules and s not in cats:
            raise ConfigError(f"{key}：未知的规则或类别 {s!r}（用 jxcheck rules 列出全部）")


def coerce_option(default: Any, value: Any, key: str) -> Any:
    """``value`` converted to the type of the option's default, or a ConfigError naming ``key``."""
    bad = ConfigError(f"{key}：应为 {_type_name(default)}，得到 {value!r}")
    if isinstance(default, bool):
        if not isinstance(value, bool):
            raise bad
        return value
    if isinstance(default, Decimal):
        if isinstance(value, bool) or not isinstance(value, (int, float, str)):
            raise bad
        try:
            d = Decimal(str(value).strip())
        except InvalidOperation:
            raise bad from None
        if not d.is_finite():
            raise bad
        return d
    if isinstance(default, int):
        if isinstance(value, bool) or not isinstance(value, int):
            raise bad
        return value
    if isinstance(default, float):
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            raise bad
        return float(value)
    if isinstance(default, str):
        if not isinstance(value, str):
            raise bad
        return value
    if isinstance(default, (list, tuple, frozenset, set)):
        if not isinstance(value, list):
            raise bad
        items = list(default)
        if items:
            value = [coerce_option(items[0], v, f"{key}[{i}]") for i, v in enumerate(value)]
        return type(default)(value)
    if isinstance(default, dict):
        if not isinstance(value, dict):
            raise bad
        if default:
            sample = next(iter(default.values()))
            return {k: coerce_option(sample, v, f"{key}.{k}") for k, v in value.items()}
        return dict(value)
    if default is None:
        return value
    raise bad


def _type_name(default: Any) -> str:
    if isinstance(default, bool):
        return "true 或 false"
    if isinstance(default, Decimal):
        return "数字（或数字字符串）"
    if isinstance(default, int):
        return "整数"
    if isinstance(default, float):
        return "数字"
    if isinstance(default, str):
        return "字符串"
    if isinstance(default, (list, tuple, set, frozenset)):
        return "列表"
    if isinstance(default, dict):
        return "表"
    return type(default).__name__


def validate(data: dict[str, Any], *, source: str = "配置", prefix: str = "") -> FileConfig:
    """A FileConfig from a parsed TOML table; the first problem raises ConfigError."""
    def k(key: str) -> str:
        return f"{source}：{prefix}{key}"

    for key in data:
        if key not in TOP_KEYS:
            raise ConfigError(f"{k(key)}：未知的键（可用：{', '.join(TOP_KEYS)}）")
    select = _strings(data.get("select", []), k("select"))
    ignore = _strings(data.get("ignore", []), k("ignore"))
    check_selectors(select, k("select"))
    check_selectors(ignore, k("ignore"))
    fail_on = data.get("fail-on")
    if fail_on is not None and fail_on not in FAIL_ON:
        raise ConfigError(f"{k('fail-on')}：应为 {' | '.join(FAIL_ON)} 之一，得到 {fail_on!r}")
    rules, _ = _rule_index()
    severity: dict[str, str] = {}
    sev = data.get("severity", {})
    if not isinstance(sev, dict):
        raise ConfigError(f"{k('severity')}：应为表（规则 = 严重程度）")
    for rk, rv in sev.items():
        if rk not in rules:
            raise ConfigError(f"{k('severity.' + rk)}：未知的规则（用 jxcheck rules 列出全部）")
        if rv not in SEVERITIES:
            raise ConfigError(f"{k('severity.' + rk)}：应为 {' | '.join(SEVERITIES)} 之一，得到 {rv!r}")
        severity[rules[rk].code] = rv
    options: dict[str, dict[str, Any]] = {}
    opts = data.get("rules", {})
    if not isinstance(opts, dict):
        raise ConfigError(f"{k('rules')}：应为表（[rules.JX101] …）")
    for rk, table in opts.items():
        if rk not in rules:
            raise ConfigError(f"{k('rules.' + rk)}：未知的规则（用 jxcheck rules 列出全部）")
        if not isinstance(table, dict):
            raise ConfigError(f"{k('rules.' + rk)}：应为表")
        rule = rules[rk]
        for ok, ov in table.items():
            key = k(f"rules.{rk}.{ok}")
            if ok not in rule.options:
                known = ", ".join(rule.options) or "无"
                raise ConfigError(f"{key}：规则 {rule.code} 没有这个选项（可用：{known}）")
            options.setdefault(rule.code, {})[ok] = coerce_option(rule.options[ok], ov, key)
    return FileConfig(Config(select=select, ignore=ignore, severity=severity, options=options),
                      fail_on=fail_on, path=source)
