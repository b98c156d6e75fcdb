"""Monitoring the implementation of an adopted policy.

``periods``: the reporting calendar; ``progress``: what members report and the
lead validates; ``overview``: the page-ready reading, flags and budget;
``charts``: indicator trajectories as SVG (pages) and PNG (Word).
"""
