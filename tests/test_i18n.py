"""Translations: committed catalogues are compiled, Thai is served under th and English under en."""

from __future__ import annotations

import ast
import shutil
import subprocess
from pathlib import Path

import django
import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from tidtam.accounts.models import User

SRC = Path(__file__).resolve().parents[1] / "src" / "tidtam"
CATALOGUES = sorted(SRC.glob("**/locale/*/LC_MESSAGES/django.po"))


def test_there_are_catalogues_for_the_project_and_the_apps() -> None:
    names = {po.relative_to(SRC).parts[0] for po in CATALOGUES}
    assert {"locale", "common", "accounts"} <= names


@pytest.mark.skipif(shutil.which("msgfmt") is None, reason="msgfmt (gettext) is not installed")
@pytest.mark.parametrize("po", CATALOGUES, ids=lambda p: str(p.relative_to(SRC)))
def test_committed_mo_matches_its_po(po: Path, tmp_path: Path) -> None:
    """Compile the .po again exactly as compilemessages does and compare the bytes."""
    mo = po.with_suffix(".mo")
    assert mo.exists(), f"{mo} is missing: run compilemessages (docs/i18n.md)"
    fresh = tmp_path / "django.mo"
    subprocess.run(  # noqa: S603
        ["msgfmt", "--check-format", "-o", str(fresh), str(po)],  # noqa: S607
        check=True,
        capture_output=True,
    )
    assert fresh.read_bytes() == mo.read_bytes(), f"{mo} is stale: run compilemessages"


def po_msgids(path: Path) -> set[str]:
    """Return the msgids of a .po file (obsolete entries left out)."""
    ids: set[str] = set()
    current: list[str] | None = None
    for line in [*path.read_text(encoding="utf-8").splitlines(), ""]:
        if line.startswith("msgid "):
            current = [ast.literal_eval(line[6:])]
        elif line.startswith('"') and current is not None:
            current.append(ast.literal_eval(line))
        elif current is not None:
            ids.add("".join(current))
            current = None
    ids.discard("")
    return ids


def test_project_catalogue_holds_only_django_strings() -> None:
    """Our own strings belong in their app's catalogue (see docs/i18n.md).

    Running makemessages from src/tidtam, or in an app without a locale/ folder, puts the app's
    strings here and marks Django's fixes obsolete; this test catches it.
    """
    django_dir = Path(django.__file__).parent
    django_ids: set[str] = set()
    for po in django_dir.glob("**/locale/en/LC_MESSAGES/django.po"):
        django_ids |= po_msgids(po)
    project = SRC / "locale" / "th" / "LC_MESSAGES" / "django.po"
    text = project.read_text(encoding="utf-8")
    assert "#~ msgid" not in text, "entries were made obsolete: restore the catalogue from git"
    strangers = sorted(po_msgids(project) - django_ids)
    assert strangers == [], f"move these to their app's locale/: {strangers[:10]}"
    assert len(po_msgids(project)) > 100


@pytest.mark.parametrize(
    ("msgid", "thai"),
    [
        # Our own words, including some Django's catalogues translate otherwise.
        ("Home", "หน้าแรก"),
        ("Log out", "ออกจากระบบ"),
        ("Sign in", "เข้าสู่ระบบ"),
        ("Skip to main content", "ข้ามไปยังเนื้อหาหลัก"),
        ("Administration", "ผู้ดูแลระบบ"),
        # Django's own strings that its Thai catalogue gets wrong or lacks.
        ("This field is required.", "กรุณากรอกข้อมูลในช่องนี้"),
        ("Enter a valid date.", "กรุณากรอกวันที่ให้ถูกต้อง"),
        ("Enter a whole number.", "กรุณากรอกจำนวนเต็ม"),
        ("Enter a number.", "กรุณากรอกตัวเลข"),
        ("This password is too common.", "รหัสผ่านนี้เป็นรหัสที่คนใช้กันมากเกินไป"),
        ("That page contains no results", "หน้านี้ไม่มีข้อมูล"),
        ("Unknown", "ไม่ทราบ"),
    ],
)
def test_thai_catalogue_gives_our_words(msgid: str, thai: str) -> None:
    with translation.override("th"):
        assert translation.gettext(msgid) == thai
    with translation.override("en"):
        assert translation.gettext(msgid) == msgid


def test_thai_plurals_of_django_validators() -> None:
    with translation.override("th"):
        text = translation.ngettext(
            "This password is too short. It must contain at least %d character.",
            "This password is too short. It must contain at least %d characters.",
            10,
        )
    assert text % 10 == "รหัสผ่านนี้สั้นเกินไป ต้องมีอย่างน้อย 10 ตัวอักษร"


def test_required_field_error_is_thai_in_a_form() -> None:
    from django import forms

    class DateForm(forms.Form):
        day = forms.DateField()
        count = forms.IntegerField()

    with translation.override("th"):
        form = DateForm(data={"day": "not a date"})
        assert not form.is_valid()
        assert form.errors["day"] == ["กรุณากรอกวันที่ให้ถูกต้อง"]
        assert form.errors["count"] == ["กรุณากรอกข้อมูลในช่องนี้"]


@pytest.mark.django_db
def test_pages_are_thai_by_default_and_english_on_request(client: Client) -> None:
    page = client.get(reverse("accounts:login"))
    html = page.content.decode()
    assert page.headers["Content-Language"] == "th"
    assert '<html lang="th">' in html
    assert "เข้าสู่ระบบ" in html
    assert "ข้ามไปยังเนื้อหาหลัก" in html
    assert "Sign in" not in html

    client.cookies["tidtam_language"] = "en"
    html = client.get(reverse("accounts:login")).content.decode()
    assert '<html lang="en">' in html
    assert "Sign in" in html
    assert "เข้าสู่ระบบ" not in html


@pytest.mark.django_db
def test_language_switch_sets_the_cookie_and_returns(client: Client) -> None:
    about = reverse("common:about")
    response = client.post(reverse("set_language"), {"language": "en", "next": about})
    assert response.status_code == 302
    assert response.headers["Location"] == about
    assert response.cookies["tidtam_language"].value == "en"
    assert "About Tidtam" in client.get(about).content.decode()


@pytest.mark.django_db
def test_signed_in_home_greets_in_thai_with_a_buddhist_era_year(client: Client) -> None:
    user = User.objects.create_user("somchai", password="a-strong-pass-2568")
    client.force_login(user)
    html = client.get(reverse("common:home")).content.decode()
    assert "สวัสดี somchai" in html
    assert "ปีงบประมาณ" in html
    assert "ออกจากระบบ" in html


@pytest.mark.django_db
def test_thai_is_shown_whatever_the_browser_asks_until_english_is_chosen(client):
    """An office PC set up in English still gets Thai; the language switch decides."""
    page = client.get("/about/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert '<html lang="th">' in page.content.decode()
    client.post("/i18n/setlang/", {"language": "en", "next": "/about/"})
    page = client.get("/about/", HTTP_ACCEPT_LANGUAGE="th")
    assert '<html lang="en">' in page.content.decode()
