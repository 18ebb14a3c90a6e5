import pytest

from civicgrid.notify import texts, webhooks
from civicgrid.notify.tests.helpers import OutboxSms, Receiver


@pytest.fixture(autouse=True)
def _fresh_caches():
    # Built inside a test's transaction, they would outlive its rollback.
    yield
    texts.templates._drop()
    webhooks.subscribers._drop()


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
