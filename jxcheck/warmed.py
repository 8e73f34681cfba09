"""Imported by the process pool's fork server (``batch._preload``): what a first check
loads lazily — jieba's tokenizer and its index, the rules' patterns — loaded once there,
so that every worker forked from it starts with it (``guard.warm``)."""
from .guard import warm

warm(True, paths=())
