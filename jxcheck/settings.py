"""``jxcheck check --show-settings``: the configuration that applies, and where
each value came from (默认 / a configuration file / 命令行), without checking.

A configuration file is found from the current folder upward, so a
``jxcheck.toml`` that arrived inside an upload folder applies when jxcheck is run
from inside it — and can ``ignore`` every rule. The settings name the file that
applied, and list every configuration file found inside the folders given (used
or not). ``cancelled`` finds the selected rules that an ``ignore`` switches off
again (nothing of them can be reported): the CLI warns about them.
"""
from __future__ import annotations

import os
from typing import Any

DEFAULT = "默认"
CLI = "命令行"


def _inside(path: str, folder: str) -> bool:
    path, folder = os.path.realpath(path), os.path.realpath(folder)
    return path.startswith(folder.rstrip(os.sep) + os.sep)


def configs_in(paths: list[str]) -> list[str]:
    """Configuration files (``jxcheck.toml``, ``pyproject.toml``) inside the folders given."""
    found: list[str] = []
    for p in paths:
        if os.path.isdir(p):
            for root, dirs, files in os.walk(p):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                found += [os.path.join(root, f) for f in sorted(files)
                          if f == "jxcheck.toml" or (f == "pyproject.toml" and _is_config(os.path.join(root, f)))]
    return found


def _is_config(pyproject: str) -> bool:
    from rules.config import ConfigError

    from .config_file import _has_tool_table

    try:
        return _has_tool_table(pyproject)
    except ConfigError:  # it would be an error if it applied: show it
        return True


def applied_from_inside(config_path: str | None, paths: list[str]) -> str | None:
    """The folder given that holds the configuration file that applied, if any."""
    if config_path is None:
        return None
    return next((p for p in paths if os.path.isdir(p) and _inside(config_path, p)), None)


def _rules_named(selector: str, rules: list[Any]) -> list[Any]:
    return [r for r in rules if selector in (r.code, r.name, r.category)]


def cancelled(config: Any) -> list[tuple[str, list[str]]]:
    """(selector, the ignore items that switch it off) for each ``select`` item
    whose every rule is also ignored."""
    from rules.registry import all_rules

    rules = all_rules()
    out = []
    for s in config.select:
        named = _rules_named(s, rules)
        if named and not any(config.enabled(r) for r in named):
            hits = [i for i in config.ignore if any(r in _rules_named(i, rules) for r in named)]
            out.append((s, hits))
    return out


def cancel_warnings(config: Any, select_source: str, ignore_sources: dict[str, str]) -> list[str]:
    lines = []
    for s, hits in cancelled(config):
        by = "、".join(f"{i}（{ignore_sources.get(i, '?')}）" for i in hits)
        who = "--select" if select_source == "--select" else f"{select_source} 的 select"
        lines.append(f"警告：{who} 选择的 {s} 又被 ignore 中的 {by}排除：它的发现一条也不会报告")
    return lines


def describe(*, fc: Any, config: Any, file_note: str, select_source: str, ignore_sources: dict[str, str],
             fail_on: tuple[str, str], options: dict[str, tuple[Any, str]], paths: list[str]) -> dict[str, Any]:
    """Every setting with its value and source, as plain data (text or JSON)."""
    from rules.registry import all_rules

    rules = all_rules()
    src = fc.path or DEFAULT
    rows: list[dict[str, Any]] = [
        {"key": "select", "value": list(config.select), "source": select_source if config.select else DEFAULT},
        {"key": "ignore", "value": list(config.ignore),
         "source": "、".join(dict.fromkeys(ignore_sources[i] for i in config.ignore)) or DEFAULT},
        {"key": "fail-on", "value": fail_on[0], "source": fail_on[1]},
    ]
    for code, sev in sorted(config.severity.items()):
        rows.append({"key": f"severity.{code}", "value": sev, "source": src})
    for code, opts in sorted(config.options.items()):
        rule = next(r for r in rules if r.code == code)
        for k, v in opts.items():
            rows.append({"key": f"rules.{code}.{k}", "value": _plain(v), "source": src,
                         "default": _plain(rule.options.get(k))})
    for k, (v, s) in options.items():
        rows.append({"key": k, "value": _plain(v), "source": s})
    enabled = [r.code for r in rules if config.enabled(r)]
    inside = configs_in(paths)
    return {
        "config_file": fc.path, "config_file_note": file_note, "settings": rows,
        "rules_enabled": enabled, "rules_total": len(rules),
        "configs_in_inputs": [{"path": p, "applied": bool(fc.path) and os.path.realpath(p) == os.path.realpath(fc.path)}
                              for p in inside],
        "warnings": cancel_warnings(config, select_source, ignore_sources),
    }


def _plain(v: Any) -> Any:
    from decimal import Decimal

    if isinstance(v, Decimal):
        return str(v)
    if isinstance(v, (tuple, set, frozenset)):
        return [_plain(x) for x in v]
    if isinstance(v, dict):
        return {k: _plain(x) for k, x in v.items()}
    return v


def render_text(d: dict[str, Any]) -> str:
    import json

    from .result import visible

    out = [f"配置文件：{visible(d['config_file'] or '无')}（{d['config_file_note']}）"]
    width = max((len(r["key"]) for r in d["settings"]), default=0)
    for r in d["settings"]:
        value = json.dumps(r["value"], ensure_ascii=False)
        extra = f"，默认 {json.dumps(r['default'], ensure_ascii=False)}" if "default" in r else ""
        out.append(f"  {r['key']:<{width}} = {visible(value)}    # {visible(r['source'])}{extra}")
    out.append(f"运行的规则：{len(d['rules_enabled'])} 条（共 {d['rules_total']} 条）："
               + (" ".join(d["rules_enabled"]) or "无"))
    for c in d["configs_in_inputs"]:
        state = "正在使用！它来自被检查的文件夹" if c["applied"] else "未使用（只有从当前文件夹向上找到的配置文件才生效）"
        out.append(f"注意：被检查的文件夹中有配置文件 {visible(c['path'])}：{state}")
    out += d["warnings"]
    return "\n".join(out) + "\n"
