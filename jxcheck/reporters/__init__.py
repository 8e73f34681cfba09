"""Reporters only read FileResults. Each module exposes ``render(results, stream, **opts)``."""
