"""The default SMS channel writes texts to the log: never the full number or the owner key."""

import logging

from civicgrid.notify.adapters import LogSms


def test_the_logged_text_has_a_masked_number_and_no_owner_key(caplog):
    body = "【城管进社区】您反映的问题已收到，查询码 ABCD，进度可查看：https://cg.example.cn/t/ABCD/?k=5ecret0wnerkey1"
    with caplog.at_level(logging.INFO, logger="civicgrid.notify"):
        LogSms().send(to="13812345678", body=body)
    assert "138****5678" in caplog.text and "13812345678" not in caplog.text
    assert "https://cg.example.cn/t/ABCD/" in caplog.text and "5ecret0wnerkey1" not in caplog.text
