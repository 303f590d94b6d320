"""The read side: projectors (events -> tables), queries (asyncpg), the deadline scheduler.

Imports `assembly`, never `web`.
"""
