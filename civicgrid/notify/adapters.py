"""Delivery channels to the outside world. Each has one `send()`; only these are ever faked
(the test fake is notify/tests/helpers.py `OutboxSms`)."""

import logging

from django.conf import settings
from django.utils.module_loading import import_string

from civicgrid.lib.privacy import mask_phone, strip_keys

log = logging.getLogger("civicgrid.notify")


class DeliveryError(Exception):
    """A send that failed; `permanent` ones (a bad number) are not retried."""

    def __init__(self, message: str, *, permanent: bool = False):
        super().__init__(message)
        self.permanent = permanent


class LogSms:
    """The default SMS channel: writes the text to the log. Swap in a gateway in production."""

    def send(self, *, to: str, body: str) -> None:
        # Logs are read by more people than the resident's data is for: no full number, no key.
        log.info("SMS to %s: %s", mask_phone(to), strip_keys(body))


def sms() -> LogSms:
    return import_string(settings.CIVICGRID_SMS_BACKEND)()
