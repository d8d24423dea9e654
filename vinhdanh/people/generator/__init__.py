"""Deterministic synthetic data for a demo province: units, people, households, employment.

`generate_province(...)` in `run.py` is the entry point; `names`, `units` and `people` hold
one stage each, so that later stages (years of history) can be added beside them.
"""
