"""Evaluation harness (issue #5): question sets, metrics, runs and reports.

``sets`` reads question sets (JSONL, SQuAD v1.1, NoMIRACL), ``metrics`` holds
pure scoring functions, ``runner`` answers every question against an index of
the set's own corpus (cached and resumable), ``score`` scores each answer and
aggregates (the answerability curve included), ``report`` writes metrics.json,
the Markdown report and the comparison of two runs, with the figures it shows
listed in ``figures`` and its PNG plots drawn by ``plots``.
"""
