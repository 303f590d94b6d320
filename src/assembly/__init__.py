"""The write side: the event-sourced domain of the national tambon assembly and its commands.

This package imports neither `projections` nor `web` (the rule is web -> projections -> assembly).
"""
