"""In-process caches of reference data, dropped everywhere when the data changes.

Each process keeps its own built value. A version token per cache in the "shared" cache alias
(Redis, or the database cache table) tells every process when to rebuild: a change publishes
a new token when its transaction commits, and each process reads the tokens of all its caches
in one lookup at most once every CHECK_EVERY seconds, so a lookup costs no query.
"""

import threading
import time
import uuid
from collections.abc import Callable

from django.core.cache import caches
from django.db import transaction

CHECK_EVERY: float | None = 1.0  # seconds; None checks never (a single-process test run)
_EMPTY = object()
_registry: list["Versioned"] = []
_check = threading.Lock()
_next_check = 0.0


class Versioned:
    """A value built by `builder()` once per version."""

    def __init__(self, key: str, builder: Callable[[], object]):
        self.key = f"civicgrid:version:{key}"
        self.builder = builder
        self._lock = threading.Lock()
        self._version: object = _EMPTY
        self._value: object = _EMPTY
        self._dirty = threading.local()  # per thread, as transactions are
        _registry.append(self)

    def get(self):
        _check_versions()
        with self._lock:
            if self._value is _EMPTY:
                self._value = self.builder()
            return self._value

    def invalidate(self, **_signal_kwargs) -> None:
        """Rebuild here at once (this transaction sees its own change) and everywhere else
        once it commits: a process that read before the commit would keep the old data."""
        self._drop()
        self._dirty.value = True
        transaction.on_commit(self._publish)

    def _drop(self, version: object = _EMPTY) -> None:
        with self._lock:
            self._value = _EMPTY
            if version is not _EMPTY:
                self._version = version

    def _publish(self) -> None:
        # One token per transaction however many rows changed: later callbacks find it clean.
        if not getattr(self._dirty, "value", False):
            return
        self._dirty.value = False
        token = uuid.uuid4().hex  # a fresh token, unlike a counter, cannot lose a race
        caches["shared"].set(self.key, token, None)
        self._drop(token)  # another thread may have built from data read before the commit


def _check_versions() -> None:
    """Drop every cache whose shared token moved; one lookup for all, at most once a period."""
    global _next_check
    if CHECK_EVERY is None or time.monotonic() < _next_check:
        return
    with _check:
        now = time.monotonic()
        if now < _next_check:
            return
        _next_check = now + CHECK_EVERY
        tokens = caches["shared"].get_many([v.key for v in _registry])
    # Outside the check lock: a drop waits for a build in progress, which may itself check.
    for cache in _registry:
        token = tokens.get(cache.key)
        if token != cache._version:
            cache._drop(token)
