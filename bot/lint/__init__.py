"""Advice of `guichet check` beyond the format: what makes valid knowledge mislead or age.

Each module is one rule and returns `Problem`s at `path:line` (warnings, or info lines):
staff_cases (a case another entry now takes), ambiguity (two entries answering a case equally
well), duplicates (near-identical questions in two entries), staleness (`review_by` past, no
`updated`), coverage (entries without a test case), links and linkcheck (dead and redirected
URLs, only with `--links`). `bot/cli_check.py` runs them and prints the groups.
"""
