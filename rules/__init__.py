"""rules: figures -> findings. Knows nothing of rich, typer or the CLI."""
from .engine import run_rules
from .finding import Evidence, Finding
from .registry import REGISTRY, Rule, all_rules

__all__ = ["REGISTRY", "Evidence", "Finding", "Rule", "all_rules", "run_rules"]
