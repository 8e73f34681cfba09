"""The rule registry. A rule is a pure function ``check(ctx) -> Iterator[Finding]``
registered with a code (never reused), a kebab-case name, one category from
the findings contract, a default severity and options. Its docstring is its
documentation (什么 / 为什么 / 错误示例 / 正确示例), printed by ``jxcheck explain``."""
from __future__ import annotations

import importlib
import pkgutil
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from .finding import CATEGORIES, SEVERITIES, Finding

CheckFn = Callable[[Any], Iterator[Finding]]


@dataclass(frozen=True)
class Rule:
    code: str
    name: str
    category: str
    severity: str
    check: CheckFn
    options: dict[str, Any] = field(default_factory=dict)
    doc: str = ""

    @property
    def summary(self) -> str:
        return self.doc.strip().splitlines()[0] if self.doc.strip() else ""


REGISTRY: dict[str, Rule] = {}
_CODE = re.compile(r"^JX\d{3}$")
_NAME = re.compile(r"^[a-z]+(-[a-z0-9]+)*$")


def rule(code: str, name: str, category: str, severity: str, **options: Any) -> Callable[[CheckFn], CheckFn]:
    if not _CODE.match(code) or not _NAME.match(name):
        raise ValueError(f"bad rule code or name: {code} {name}")
    if category not in CATEGORIES or severity not in SEVERITIES:
        raise ValueError(f"{code}: unknown category or severity {category} {severity}")

    def deco(fn: CheckFn) -> CheckFn:
        if code in REGISTRY or any(r.name == name for r in REGISTRY.values()):
            raise ValueError(f"duplicate rule {code} {name}")
        REGISTRY[code] = Rule(code, name, category, severity, fn, dict(options), fn.__doc__ or "")
        return fn

    return deco


_loaded = False


def all_rules() -> list[Rule]:
    """Every builtin rule, by code. Importing the rule modules registers them."""
    global _loaded
    if not _loaded:
        from . import builtin

        for m in pkgutil.iter_modules(builtin.__path__):
            importlib.import_module(f"{builtin.__name__}.{m.name}")
        _loaded = True
    return [REGISTRY[c] for c in sorted(REGISTRY)]
