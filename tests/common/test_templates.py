"""The shared templates: form and field includes, navigation, pagination, empty state, pages."""

from __future__ import annotations

import re

import pytest
from django import forms
from django.core.paginator import Paginator
from django.template.loader import render_to_string
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import translation

from tidtam.accounts.models import User


class SessionForm(forms.Form):
    title = forms.CharField(label="Title", help_text="As on the minutes.")
    held_on = forms.DateField(label="Held on")
    women = forms.IntegerField(label="Women", required=False, min_value=0)
    secret = forms.CharField(widget=forms.HiddenInput, required=False)


def render_form(form: forms.Form, **context: object) -> str:
    with translation.override("th"):
        return render_to_string("common/_form.html", {"form": form, **context})


def test_unbound_form_has_labels_help_and_no_errors() -> None:
    html = render_form(SessionForm())
    assert '<label for="id_title">Title' in html
    assert 'id="id_title_helptext"' in html
    assert 'aria-describedby="id_title_helptext"' in html
    assert "aria-invalid" not in html
    assert "form-errors" not in html
    assert 'type="hidden" name="secret"' in html
    assert html.count('class="required-mark"') == 2  # title and held_on, not women
    assert ">บันทึก</button>" in html


def test_bound_form_ties_each_error_to_its_field() -> None:
    form = SessionForm(data={"title": "", "held_on": "31/02/2566", "women": "-1"})
    assert not form.is_valid()
    html = render_form(form)
    assert 'class="form-errors" role="alert" tabindex="-1"' in html
    assert "กรุณาแก้ไขข้อผิดพลาดด้านล่าง" in html
    for name in ("title", "held_on", "women"):
        widget = re.search(rf"<input[^>]*id=\"id_{name}\"[^>]*>", html)
        assert widget is not None
        assert 'aria-invalid="true"' in widget.group(0)
        assert f"id_{name}_error" in widget.group(0)
        assert f'<ul class="errorlist" id="id_{name}_error">' in html
    title = re.search(r'<input[^>]*id="id_title"[^>]*>', html)
    assert title is not None
    assert 'aria-describedby="id_title_helptext id_title_error"' in title.group(0)
    assert "กรุณากรอกข้อมูลในช่องนี้" in html
    assert "กรุณากรอกวันที่ให้ถูกต้อง" in html


def test_non_field_errors_appear_in_the_summary() -> None:
    form = SessionForm(data={"title": "x", "held_on": "2023-03-10"})
    assert form.is_valid()
    form.add_error(None, "ผู้หญิงมากกว่าผู้เข้าร่วมทั้งหมด")
    html = render_form(form)
    assert '<ul class="errorlist nonfield"><li>ผู้หญิงมากกว่าผู้เข้าร่วมทั้งหมด</li></ul>' in html


def test_form_without_its_own_button() -> None:
    html = render_form(SessionForm(), submit_label=False)
    assert "<button" not in html


def test_checkbox_label_follows_the_box() -> None:
    class Confirm(forms.Form):
        attached = forms.BooleanField(label="Minutes attached", required=False)

    html = render_form(Confirm())
    assert re.search(
        r'<input type="checkbox"[^>]*id="id_attached"[^>]*> <label for="id_attached">', html
    )


def test_pagination_keeps_the_filters() -> None:
    page = Paginator(list(range(95)), 20).page(2)
    with translation.override("th"):
        html = render_to_string("common/_pagination.html", {"page": page, "query": "province=10"})
    assert 'href="?province=10&amp;page=1"' in html
    assert 'href="?province=10&amp;page=3"' in html
    assert "หน้า 2 จาก 5" in html
    single = Paginator([1], 20).page(1)
    assert render_to_string("common/_pagination.html", {"page": single}).strip() == ""


def test_empty_state_with_an_action() -> None:
    with translation.override("th"):
        html = render_to_string("common/_empty.html", {"action_url": "/x/", "action_label": "เพิ่ม"})
    assert "ยังไม่มีข้อมูล" in html
    assert '<a class="button" href="/x/">เพิ่ม</a>' in html


@pytest.mark.django_db
def test_nav_lists_only_areas_whose_page_exists(rf: RequestFactory) -> None:
    request = rf.get("/")
    request.user = User(username="u", is_staff=False)
    request.resolver_match = None
    html = render_to_string("common/_nav_items.html", {"request": request, "user": request.user})
    hrefs = re.findall(r'href="([^"]+)"', html)
    assert hrefs[0] == reverse("common:home")
    for href in hrefs:  # every link resolves: no dead item for an area still being built
        assert href.startswith("/")
    assert reverse("admin:index") not in hrefs


@pytest.mark.django_db
def test_nav_shows_administration_to_staff(client: Client) -> None:
    client.force_login(
        User.objects.create_user("boss", password="x-strong-pass-2568", is_staff=True)
    )
    html = client.get(reverse("common:home")).content.decode()
    assert f'href="{reverse("admin:index")}"' in html
    assert 'aria-current="page"' in html


@pytest.mark.django_db
def test_home_needs_sign_in(client: Client) -> None:
    response = client.get(reverse("common:home"))
    assert response.status_code == 302
    assert response.headers["Location"].startswith(reverse("accounts:login"))


@pytest.mark.django_db
def test_health_answers_ok(client: Client) -> None:
    response = client.get(reverse("common:health"))
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}


@pytest.mark.django_db
def test_about_credits_geothai(client: Client) -> None:
    html = client.get(reverse("common:about")).content.decode()
    assert "GeoThai" in html
    assert "CC BY 4.0" in html
    assert "TH Sarabun" not in html


@pytest.mark.django_db
def test_ui_sheet_shows_every_component(client: Client) -> None:
    client.force_login(User.objects.create_user("dev", password="x-strong-pass-2568"))
    html = client.get(reverse("common:ui"), {"amount": "abc"}).content.decode()
    for css_class in ("tile", "badge colour-red", "badge colour-yellow", "badge colour-green"):
        assert f'class="{css_class}' in html
    assert 'class="table-wrap"' in html
    assert 'class="num"' in html
    assert "1,710,270.50" in html
    assert "15 ก.พ. 2564" in html
    assert 'class="empty-state"' in html
    assert 'aria-invalid="true"' in html
