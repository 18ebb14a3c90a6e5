"""Shared helpers for notify tests."""

from civicgrid.notify.adapters import DeliveryError, LogSms


class OutboxSms(LogSms):
    """The SMS channel in tests: keeps what was sent in memory, and can be told to fail."""

    sent: list[tuple[str, str]] = []
    fail_with: DeliveryError | None = None

    def send(self, *, to: str, body: str) -> None:
        if OutboxSms.fail_with is not None:
            raise OutboxSms.fail_with
        OutboxSms.sent.append((to, body))
