"""Rule configuration: selection, severities and per-rule options, in one validated place."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


class ConfigError(ValueError):
    """A configuration key or value that cannot be used; the message names the key."""


@dataclass(frozen=True)
class Config:
    select: tuple[str, ...] = ()  # codes, names or categories; empty = all
    ignore: tuple[str, ...] = ()
    severity: dict[str, str] = field(default_factory=dict)  # code/name -> severity
    options: dict[str, dict[str, Any]] = field(default_factory=dict)  # code/name -> {option: value}

    def enabled(self, rule: Any) -> bool:
        keys = {rule.code, rule.name, rule.category}
        if self.select and not keys & set(self.select):
            return False
        return not (keys & set(self.ignore))

    def severity_for(self, rule: Any) -> str:
        return self.severity.get(rule.code) or self.severity.get(rule.name) or rule.severity

    def options_for(self, rule: Any) -> dict[str, Any]:
        opts = dict(rule.options)
        for key in (rule.name, rule.code):
            opts.update(self.options.get(key, {}))
        return opts


DEFAULT = Config()
