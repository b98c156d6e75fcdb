"""Structured policy analysis: evidence, problem, objectives, options, instruments, actions, risks.

One module per part of the analysis; each offers plain functions
``(session, actor, ...)`` that check permissions, validate JSON-friendly
values, flush and record the change in the history. ``tables`` gives every
part as plain rows (for annexes and downloads); ``example`` fills a realistic
example for the demo.
"""
