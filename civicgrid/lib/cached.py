"""In-process caches of reference data, dropped everywhere when the data changes.

Each process keeps its own built value; a version number in the shared Django cache (Redis in
production) tells every process when to rebuild.
"""

import threading
from collections.abc import Callable

from django.core.cache import cache


class Versioned:
    """A value built by `builder()` once per version."""

    def __init__(self, key: str, builder: Callable[[], object]):
        self.key = f"civicgrid:version:{key}"
        self.builder = builder
        self._lock = threading.Lock()
        self._version = None
        self._value = None

    def get(self):
        version = cache.get(self.key, 0)
        with self._lock:
            if self._value is None or self._version != version:
                self._value = self.builder()
                self._version = version
            return self._value

    def invalidate(self, **_signal_kwargs) -> None:
        with self._lock:
            self._value = None
        try:
            cache.incr(self.key)
        except ValueError:
            cache.set(self.key, 1, None)
