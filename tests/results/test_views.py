"""The results pages: who sees what, the entry and review flow, the import preview, CSV downloads."""

from __future__ import annotations

import json
from decimal import Decimal as D

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tidtam.projects.models import ReviewStatus
from tidtam.results.models import Indicator, Result

from .conftest import PASSWORD, targets

pytestmark = pytest.mark.django_db


@pytest.fixture
def indicator(make_indicator, analyst, regions):
    ind = make_indicator("1", "จำนวนชุมชนที่ได้รับการพัฒนา")
    targets(analyst, ind, 2568, [10, 10, 10, 10], region=regions["north"])
    targets(analyst, ind, 2568, [10, 10, 10, 10], region=regions["south"])
    return ind


def login(client, user):
    assert client.login(username=user.username, password=PASSWORD)
    return client


def test_pages_render_for_the_analyst(client, analyst, indicator):
    login(client, analyst)
    q = "?fiscal_year=2568&quarter=1"
    for name, args in [
        ("results:index", []),
        ("results:indicators", []),
        ("results:indicator", [indicator.pk]),
        ("results:indicator_edit", [indicator.pk]),
        ("results:indicator_targets", [indicator.pk]),
        ("results:indicator_create", []),
        ("results:entry", []),
        ("results:review", []),
        ("results:import", []),
        ("results:kpi", []),
        ("results:dashboard", []),
        ("results:dashboard_region", []),
    ]:
        response = client.get(reverse(name, args=args) + q)
        assert response.status_code == 200, name
        assert "style=" not in response.content.decode(), name
    page = client.get(reverse("results:kpi") + q).content.decode()
    assert "จำนวนชุมชนที่ได้รับการพัฒนา" in page
    assert 'hx-get="/results/kpi/explain/' in page


def test_kpi_downloads_and_explanation(client, analyst, indicator):
    login(client, analyst)
    base = reverse("results:kpi") + "?fiscal_year=2568&quarter=1"
    data = client.get(base + "&format=json").json()
    assert data["indicators"][0]["annual_target"] == 80
    xlsx = client.get(base + "&format=xlsx")
    assert xlsx["Content-Type"].startswith("application/vnd.openxmlformats")
    assert client.get(base + "&format=docx")["Content-Disposition"].endswith('.docx"')
    explain = client.get(
        reverse("results:kpi_explain", args=[indicator.pk])
        + "?fiscal_year=2568&quarter=1&cell=q1.carried",
        HTTP_HX_REQUEST="true",
    )
    assert explain.status_code == 200
    body = explain.content.decode()
    assert "(T1) − (0)" in body and "(20) − (0) = 20" in body
    assert "<html" not in body
    assert (
        client.get(
            reverse("results:kpi_explain", args=[indicator.pk]) + "?cell=nonsense"
        ).status_code
        == 404
    )


def test_officer_enters_and_submits_then_analyst_approves(
    client, analyst, north_officer, indicator, regions
):
    login(client, north_officer)
    entry = reverse("results:entry") + "?fiscal_year=2568&quarter=1"
    page = client.get(entry)
    assert page.status_code == 200
    assert page.context["region"] == regions["north"]
    assert [r.pk for r in page.context["regions"]] == [regions["north"].pk]
    prefix = f"r{indicator.pk}"
    response = client.post(
        entry + f"&region={regions['north'].pk}",
        {f"{prefix}-value": "๙", f"{prefix}-narrative": "จัดเวที", "action": "submit"},
    )
    assert response.status_code == 302
    result = Result.objects.get()
    assert (result.value, result.status, result.region) == (
        D("9"),
        ReviewStatus.SUBMITTED,
        regions["north"],
    )
    # the officer may not open another region's entry page
    assert client.get(entry + f"&region={regions['south'].pk}").status_code == 404
    # nor the import page
    assert client.get(reverse("results:import")).status_code == 403
    client.logout()
    login(client, analyst)
    review = client.get(reverse("results:review"))
    assert [r.id for r in review.context["rows"]] == [result.pk]
    client.post(reverse("results:result_approve", args=[result.pk]))
    result.refresh_from_db()
    assert result.status == ReviewStatus.APPROVED


def test_return_needs_a_comment(client, analyst, north_officer, indicator, regions):
    from tidtam.results import services

    result = services.result_save(
        north_officer, indicator, 2568, 1, value=D(5), region=regions["north"]
    )
    services.result_submit(north_officer, result)
    login(client, analyst)
    client.post(reverse("results:result_return", args=[result.pk]), {"comment": ""})
    result.refresh_from_db()
    assert result.status == ReviewStatus.SUBMITTED
    client.post(reverse("results:result_return", args=[result.pk]), {"comment": "ตรวจสอบ"})
    result.refresh_from_db()
    assert (result.status, result.review_comment) == (ReviewStatus.RETURNED, "ตรวจสอบ")


def test_officer_cannot_review_another_regions_result(
    client, south_officer, north_officer, indicator, regions
):
    from tidtam.results import services

    result = services.result_save(
        north_officer, indicator, 2568, 1, value=D(5), region=regions["north"]
    )
    services.result_submit(north_officer, result)
    login(client, south_officer)
    assert client.post(reverse("results:result_approve", args=[result.pk])).status_code == 404
    result.refresh_from_db()
    assert result.status == ReviewStatus.SUBMITTED


def test_import_preview_then_apply(client, analyst, codi):
    login(client, analyst)
    content = (
        "\ufeffcode,name,unit,target_q1,target_q2\n1,จำนวนชุมชน,ชุมชน,10,10\n2,จำนวนเครือข่าย,เครือข่าย,5,x\n"
    ).encode()
    page = client.post(
        reverse("results:import"),
        {"file": SimpleUploadedFile("kpi.csv", content), "fiscal_year": "2568"},
    )
    assert page.status_code == 200
    outcome = page.context["outcome"]
    assert [(p.row, p.column) for p in outcome.problems] == [(3, "target_q2")]
    assert "Apply" not in page.content.decode() and Indicator.objects.count() == 0
    good = content.replace(b",5,x", b",5,5")
    page = client.post(
        reverse("results:import"),
        {"file": SimpleUploadedFile("kpi.csv", good), "fiscal_year": "2568"},
    )
    assert [p.action for p in page.context["outcome"].planned] == ["create", "create"]
    assert Indicator.objects.count() == 0
    response = client.post(reverse("results:import"), {"apply": "1"})
    assert response.status_code == 302
    assert Indicator.objects.count() == 2


def test_dashboard_csv_has_bom_and_rows(client, analyst, indicator):
    login(client, analyst)
    response = client.get(
        reverse("results:dashboard_csv", args=["indicators"]) + "?fiscal_year=2568&quarter=1"
    )
    text = response.content.decode("utf-8")
    assert text.startswith("\ufeff")
    assert "จำนวนชุมชนที่ได้รับการพัฒนา" in text
    for chart in ("participants", "sessions"):
        assert client.get(reverse("results:dashboard_csv", args=[chart])).status_code == 200
    assert client.get(reverse("results:dashboard_csv", args=["nothing"])).status_code == 404


def test_dashboard_tile_colour_and_data_island(client, analyst, north_officer, indicator, regions):
    from tidtam.results import services

    login(client, analyst)
    page = client.get(reverse("results:dashboard") + "?fiscal_year=2568&quarter=1")
    tiles = page.context["tiles"]
    assert [(t.code, t.colour) for t in tiles] == [("1", "red")] or [
        (t.code, t.colour) for t in tiles
    ] == [("1", "none")]
    result = services.result_save(
        north_officer, indicator, 2568, 1, value=D(70), region=regions["north"]
    )
    services.result_submit(north_officer, result)
    services.result_approve(analyst, result)
    page = client.get(reverse("results:dashboard") + "?fiscal_year=2568&quarter=1")
    assert [(t.code, t.colour, t.annual_percent) for t in page.context["tiles"]] == [
        ("1", "green", D("87.50"))
    ]
    island = (
        page.content.decode()
        .split('id="dashboard-data" type="application/json">')[1]
        .split("</script>")[0]
    )
    assert json.loads(island)["tiles"][str(indicator.pk)] == [70.0]


def test_regional_officer_gets_the_regional_dashboard(client, north_officer, indicator, regions):
    login(client, north_officer)
    response = client.get(reverse("results:dashboard"))
    assert response.status_code == 302 and response.url.endswith(
        reverse("results:dashboard_region")
    )
    page = client.get(reverse("results:dashboard_region") + f"?region={regions['south'].pk}")
    assert page.context["region"] == regions["north"]  # not the south


def test_anonymous_is_sent_to_login(client):
    response = client.get(reverse("results:kpi"))
    assert response.status_code == 302 and "/accounts/login/" in response.url


def test_kpi_page_and_dashboard_queries_do_not_grow_with_indicators(
    client, analyst, make_indicator, regions
):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    login(client, analyst)

    def count(url):
        with CaptureQueriesContext(connection) as ctx:
            assert client.get(url).status_code == 200
        return len(ctx.captured_queries)

    kpi = reverse("results:kpi") + "?fiscal_year=2568&quarter=2"
    dashboard = reverse("results:dashboard") + "?fiscal_year=2568&quarter=2"
    ind = make_indicator("1")
    targets(analyst, ind, 2568, [10, 10, 10, 10], region=regions["north"])
    few = (count(kpi), count(dashboard))
    for i in range(2, 7):
        ind = make_indicator(str(i))
        targets(analyst, ind, 2568, [10, 10, 10, 10], region=regions["south"])
    assert (count(kpi), count(dashboard)) == few


def test_targets_page_sets_a_regional_breakdown_and_refuses_a_change_without_reason(
    client, analyst, make_indicator, regions
):
    from tidtam.results.models import Target, TargetRevision

    ind = make_indicator("1")
    login(client, analyst)
    url = (
        reverse("results:indicator_targets", args=[ind.pk])
        + f"?fiscal_year=2568&region={regions['north'].pk}"
    )
    assert client.post(url, {"q1": "10", "q2": "1,000"}).status_code == 302
    assert list(
        Target.objects.filter(region=regions["north"])
        .order_by("quarter")
        .values_list("quarter", "value")
    ) == [
        (1, D("10")),
        (2, D("1000")),
    ]
    page = client.post(url, {"q1": "12", "q3": "5"})
    assert page.status_code == 200 and page.context["form"].errors
    # all or nothing: Q3 was not added either
    assert Target.objects.filter(region=regions["north"]).count() == 2
    assert client.post(url, {"q1": "12", "reason": "ปรับแผน", "approver": "ผอ."}).status_code == 302
    assert TargetRevision.objects.get().new_value == D("12")
