"""The web server's access log: what `manage.py serve` starts gunicorn with."""

from datetime import timedelta
from types import SimpleNamespace

from gunicorn.config import Config
from gunicorn.glogging import Logger

from civicgrid.ops.management.commands.serve import gunicorn_args


def test_the_access_log_keeps_no_owner_key_query_or_referer(capsys):
    cfg = Config()
    parsed = cfg.parser().parse_args(gunicorn_args("127.0.0.1", 8999, 1)[1:])
    for name, value in vars(parsed).items():  # as gunicorn's own command line loads them
        if value is not None and name != "args":
            cfg.set(name.lower(), value)
    environ = {
        "REQUEST_METHOD": "GET",
        "RAW_URI": "/t/ABCDEFGH23456789/?k=5ecret0wnerkey1",
        "PATH_INFO": "/t/ABCDEFGH23456789/",
        "QUERY_STRING": "k=5ecret0wnerkey1",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "REMOTE_ADDR": "203.0.113.9",
        "HTTP_REFERER": "https://cg.example.cn/cases/?q=王阿姨",
        "HTTP_USER_AGENT": "MicroMessenger",
    }
    response = SimpleNamespace(status="303 See Other", headers=[], sent=0)
    Logger(cfg).access(response, SimpleNamespace(headers=[]), environ, timedelta(seconds=0.01))
    line = capsys.readouterr().out
    assert '"GET /t/ABCDEFGH23456789/ HTTP/1.1" 303' in line and "203.0.113.9" in line
    assert "5ecret0wnerkey1" not in line and "王阿姨" not in line
