"""Access in a real browser: an auditor reads but cannot change; a regional officer sees only
their region's organisations."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.access.world import PASSWORD, build_world
from tidtam.accounts.models import Role
from tidtam.projects.models import Project

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def world():
    world = build_world()
    project = world.a.project
    project.title = "โครงการทดสอบ เหนือทดสอบ (แก้ไขแล้ว)"
    project._change_reason = "ปรับชื่อตามสัญญา"
    project.save()
    return world


def test_auditor_reads_history_but_cannot_change(page, live_server, login, screenshot, world):
    world.user(Role.AUDITOR, "country")
    login("auditor-country", PASSWORD)
    project = world.a.project
    history = reverse(
        "audit:history", kwargs={"app_label": "projects", "model": "project", "pk": project.pk}
    )
    page.goto(f"{live_server.url}{history}")
    main = page.locator("main")
    assert "ปรับชื่อตามสัญญา" in main.inner_text()
    assert "โครงการทดสอบ เหนือทดสอบ (แก้ไขแล้ว)" in main.inner_text()
    screenshot("access-auditor-history")

    page.goto(f"{live_server.url}{reverse('projects:project', kwargs={'code': project.code})}")
    assert project.code in main.inner_text()
    screenshot("access-auditor-project")
    # no change buttons: no form that posts, no link to an edit or create page
    assert main.locator("form[method=post], form[method=POST]").count() == 0
    for fragment in ("/edit", "/new", "/record", "/sessions/unplanned"):
        assert main.locator(f"a[href*='{fragment}']").count() == 0, fragment

    page.goto(f"{live_server.url}{reverse('audit:index')}")
    assert "ปรับชื่อตามสัญญา" in main.inner_text()
    screenshot("access-auditor-audit-page")

    # a forged POST with a valid CSRF token is refused and changes nothing
    token = next(c["value"] for c in page.context.cookies() if c["name"] == "csrftoken")
    edit = f"{live_server.url}{reverse('projects:project_edit', kwargs={'code': project.code})}"
    response = page.request.post(
        edit,
        form={"title": "ถูกปลอมแปลง", "csrfmiddlewaretoken": token},
        headers={"X-CSRFToken": token, "Referer": edit},
    )
    assert response.status == 403
    assert Project.objects.get(pk=project.pk).title == "โครงการทดสอบ เหนือทดสอบ (แก้ไขแล้ว)"
    grant_revoke = reverse("accounts:grant_revoke", kwargs={"pk": 1})
    response = page.request.post(
        f"{live_server.url}{grant_revoke}",
        form={"csrfmiddlewaretoken": token},
        headers={"X-CSRFToken": token, "Referer": edit},
    )
    assert response.status in (403, 404)


def test_regional_officer_sees_only_their_regions_organisations(
    page, live_server, login, screenshot, world
):
    world.user(Role.AREA_OFFICER, "a")
    login("area_officer-a", PASSWORD)
    page.goto(f"{live_server.url}{reverse('organisations:index')}")
    text = page.locator("main").inner_text()
    screenshot("access-regional-officer-organisations")
    assert world.a.organisation.name in text
    assert world.a.member.name in text
    assert world.b.organisation.name not in text
    assert world.b.member.name not in text
    # and another region's organisation page is "not found", not "forbidden"
    other = reverse("organisations:detail", kwargs={"pk": world.b.organisation.pk})
    response = page.goto(f"{live_server.url}{other}")
    assert response is not None and response.status == 404
    assert world.b.organisation.name not in page.content()
