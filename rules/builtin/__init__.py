"""Builtin rules, one module per rule, named by code and name (jx101_rate_mismatch.py)."""
