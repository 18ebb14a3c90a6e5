"""A bare Django project: the baseline of bench/bench_http.py (issue 17).

No middleware, no sessions or auth, one persistent database connection per worker
(CONN_MAX_AGE=None), one model shaped like a case. What CivicGrid's pages pay on top of this
is the figure the HTTP bench prints.
"""
