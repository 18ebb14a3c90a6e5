"""Chinese whatever the browser asks; English only through the language switch."""

import gettext
from pathlib import Path

import polib
import pytest
from django.conf import settings
from django.urls import reverse

from civicgrid.intake.tests.helpers import form_data, report_url

CATALOGUES = sorted(Path(settings.BASE_DIR, "civicgrid", "locale").glob("*/LC_MESSAGES/django.po"))


@pytest.mark.django_db
def test_it_stays_chinese_for_an_english_browser(client, city):
    english = {"HTTP_ACCEPT_LANGUAGE": "en-US,en;q=0.9"}
    response = client.post(report_url(city), form_data(city, privacy=""), **english)
    page = response.content.decode()
    assert response["Content-Language"] == "zh-hans" and 'lang="zh-Hans"' in page
    assert "反映问题" in page and "请先阅读并同意个人信息保护说明" in page
    # Django's own strings too: the required-field message of the description.
    page = client.post(report_url(city), form_data(city, description=""), **english)
    assert "这个字段是必填项。" in page.content.decode()


@pytest.mark.django_db
def test_it_switches_the_report_page_to_english_and_back(client, city):
    url = report_url(city)
    response = client.post(reverse("set_language"), {"language": "en", "next": url})
    assert response.url == url
    page = client.get(url).content.decode()
    assert 'lang="en"' in page and "Report a problem" in page and "Type of problem" in page
    assert "Personal information notice" in page and "问题类型" not in page
    client.post(reverse("set_language"), {"language": "zh-hans", "next": url})
    assert "问题类型" in client.get(url).content.decode()


@pytest.mark.django_db
def test_it_shows_the_language_switch_on_the_resident_pages(client, city):
    for url in (reverse("intake:home"), report_url(city), reverse("intake:my-reports")):
        page = client.get(url).content.decode()
        assert 'action="/i18n/setlang/"' in page and "简体中文" in page and "English" in page


@pytest.mark.parametrize("po_path", CATALOGUES, ids=lambda p: p.parent.parent.name)
def test_it_ships_a_compiled_catalogue_that_matches_its_source(po_path):
    """Run `make compilemessages` after editing a .po file (CONTRIBUTING.md)."""
    with open(po_path.with_suffix(".mo"), "rb") as f:
        compiled = gettext.GNUTranslations(f)._catalog
    source = {}
    for entry in polib.pofile(str(po_path)).translated_entries():
        msgid = f"{entry.msgctxt}\x04{entry.msgid}" if entry.msgctxt else entry.msgid
        if entry.msgid_plural:
            for n, text in entry.msgstr_plural.items():
                source[(msgid, int(n))] = text
        else:
            source[msgid] = entry.msgstr
    compiled.pop("", None)  # the header
    assert compiled == source


@pytest.mark.django_db
def test_it_confirms_a_report_in_english_after_the_switch(client, city):
    url = report_url(city)
    client.post(reverse("set_language"), {"language": "en", "next": url})
    page = client.post(url, form_data(city), follow=True).content.decode()
    assert "Reported! Tracking code:" in page and "反映成功" not in page
