"""Delivery channels to the outside world. Each has one `send()`; only these are ever faked
(the test fake is notify/tests/helpers.py `OutboxSms`)."""

import logging

from django.conf import settings
from django.utils.module_loading import import_string

log = logging.getLogger("civicgrid.notify")


class DeliveryError(Exception):
    """A send that failed; `permanent` ones (a bad number) are not retried."""

    def __init__(self, message: str, *, permanent: bool = False):
        super().__init__(message)
        self.permanent = permanent


class LogSms:
    """The default SMS channel: writes the text to the log. Swap in a gateway in production."""

    def send(self, *, to: str, body: str) -> None:
        log.info("SMS to %s: %s", to, body)


def sms() -> LogSms:
    return import_string(settings.CIVICGRID_SMS_BACKEND)()
