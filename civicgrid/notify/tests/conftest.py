import pytest

from civicgrid.notify.tests.helpers import OutboxSms, Receiver


@pytest.fixture
def receiver(settings):
    """A local HTTP server; HTTP adapters time out after 0.3 s against it."""
    settings.CIVICGRID_NOTIFY_TIMEOUT = 0.3
    server = Receiver()
    yield server
    server.close()


@pytest.fixture
def fake_sms(settings):
    settings.CIVICGRID_SMS_BACKEND = "civicgrid.notify.tests.helpers.OutboxSms"
    OutboxSms.sent = []
    OutboxSms.fail_with = None
    yield OutboxSms
    OutboxSms.fail_with = None
