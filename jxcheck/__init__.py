"""jxcheck: the application (CLI, batch runner, reporters) on top of extractor and rules."""
__version__ = "0.1.0"
