"""extractor: document -> located text -> figures. Knows nothing of rules or the CLI."""
