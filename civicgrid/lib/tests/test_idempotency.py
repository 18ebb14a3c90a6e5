import pytest
from django.test import RequestFactory

from civicgrid.lib.idempotency import BadKey, key_of


@pytest.mark.parametrize(
    ("sent", "read"),
    [(None, None), ("a1b2-c3", "a1b2-c3"), ('"quoted-key"', "quoted-key"), ("x" * 255, "x" * 255)],
)
def test_it_reads_the_header(sent, read):
    headers = {} if sent is None else {"HTTP_IDEMPOTENCY_KEY": sent}
    assert key_of(RequestFactory().post("/", **headers)) == read


@pytest.mark.parametrize("sent", ["", "x" * 256, "有中文", "two words"])
def test_it_refuses_a_key_of_the_wrong_shape_in_chinese(sent):
    with pytest.raises(BadKey, match="可见 ASCII"):
        key_of(RequestFactory().post("/", HTTP_IDEMPOTENCY_KEY=sent))
