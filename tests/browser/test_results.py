"""Indicators end to end in Chromium: an analyst imports indicators, a regional officer enters a
quarter's results, the analyst approves them, the dashboard tile changes colour, and each
dashboard chart's data downloads as CSV."""

from __future__ import annotations

from pathlib import Path

import pytest

from tidtam.accounts.models import Grant, Role, User
from tidtam.areas.models import Region
from tidtam.areas.names import organisation_key
from tidtam.organisations.models import Organisation, OrganisationKind
from tidtam.results.models import Indicator, Result

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

PASSWORD = "a-strong-pass-2568"
CSV = (
    "\ufeffรหัส,ตัวชี้วัด,หน่วยนับ,ประเภท,ฐาน,เป้าหมายทั้งปี,เป้าหมายไตรมาส 1,เป้าหมายไตรมาส 2,"
    "เป้าหมายไตรมาส 3,เป้าหมายไตรมาส 4,ผลไตรมาส 1,ผลไตรมาส 2,ผลไตรมาส 3,ผลไตรมาส 4,เกณฑ์สี,รหัสตัวชี้วัดหลัก\n"
    "1,จำนวนสภาองค์กรชุมชนตำบลที่มีแผนพัฒนาชุมชน,ตำบล,,,,20,20,20,20,,,,,,\n"
    "2,ร้อยละความพึงพอใจของผู้รับบริการ,ร้อยละ,ร้อยละ,,85,,,,,,,,,,\n"
)


def _people():
    Organisation.objects.create(
        name="สถาบันพัฒนาองค์กรชุมชน (องค์การมหาชน)",
        search_name=organisation_key("สถาบันพัฒนาองค์กรชุมชน (องค์การมหาชน)"),
        short_name="พอช.",
        kind=OrganisationKind.GOVERNMENT_AGENCY,
    )
    north = Region.objects.get(grouping__is_default=True, code="north")
    analyst = User.objects.create_user("analyst", password=PASSWORD, display_name="นักวิเคราะห์")
    Grant.objects.create(user=analyst, role=Role.ANALYST)
    officer = User.objects.create_user("north", password=PASSWORD, display_name="เจ้าหน้าที่ภาคเหนือ")
    Grant.objects.create(user=officer, role=Role.AREA_OFFICER, region=north)
    return north


def _switch_user(page, login, username):
    page.context.clear_cookies()
    login(username, PASSWORD)


def test_import_enter_approve_and_the_tile_turns_green(
    page, live_server, login, screenshot, tmp_path
):
    north = _people()
    errors: list[str] = []
    page.on("console", lambda msg: errors.append(msg.text) if msg.type == "error" else None)
    period = "?fiscal_year=2568&quarter=1"

    # 1. The analyst imports the indicators (preview first, then apply).
    login("analyst", PASSWORD)
    page.goto(f"{live_server.url}/results/import/")
    csv_path = tmp_path / "ตัวชี้วัด-2568.csv"
    csv_path.write_text(CSV, encoding="utf-8")
    page.set_input_files("input[name=file]", str(csv_path))
    page.fill("input[name=fiscal_year]", "2568")
    page.locator("form[enctype] button[type=submit]").click()
    page.wait_for_load_state("networkidle")
    preview = page.locator(".import-preview")
    assert "จำนวนสภาองค์กรชุมชนตำบลที่มีแผนพัฒนาชุมชน" in preview.inner_text()
    assert Indicator.objects.count() == 0
    screenshot("results-import-preview")
    page.locator(".import-preview button[type=submit]").click()
    page.wait_for_load_state("networkidle")
    assert Indicator.objects.count() == 2
    assert "/results/indicators/" in page.url

    # The dashboard before any result: the tile has no colour yet.
    page.goto(f"{live_server.url}/results/dashboard/{period}")
    tile = page.locator("li.tile[data-code='1']")
    assert tile.get_attribute("data-colour") == "none"
    screenshot("results-dashboard-before")

    # 2. The north's officer enters the quarter's result and submits it.
    _switch_user(page, login, "north")
    page.goto(f"{live_server.url}/results/entry/{period}")
    assert "ภาคเหนือ" in page.locator("h1").inner_text()
    row = page.locator("fieldset[data-code='1']")
    row.locator("input[name$='-value']").fill("๑๘")
    row.locator("textarea[name$='-narrative']").fill("สภาองค์กรชุมชน 18 ตำบลจัดทำแผนแล้วเสร็จ")
    screenshot("results-entry")
    page.locator("button[name=action][value=submit]").click()
    page.wait_for_load_state("networkidle")
    result = Result.objects.get()
    assert (result.value, result.status, result.region_id) == (18, "submitted", north.pk)

    # 3. The analyst approves it.
    _switch_user(page, login, "analyst")
    page.goto(f"{live_server.url}/results/review/")
    card = page.locator("article[data-code='1']")
    assert "18" in card.inner_text()
    screenshot("results-review")
    card.locator("form[action$='/approve/'] button").click()
    page.wait_for_load_state("networkidle")
    result.refresh_from_db()
    assert result.status == "approved"

    # 4. The dashboard tile has changed colour: 18 of 80 for the year = 22.5 % (red) ... of the
    # quarter's target 18 ÷ 20 = 90 %; the tile shows the year: red.
    page.goto(f"{live_server.url}/results/dashboard/{period}")
    tile = page.locator("li.tile[data-code='1']")
    assert tile.get_attribute("data-colour") == "red"
    assert "22.5" in tile.inner_text()
    page.wait_for_function("document.querySelectorAll('canvas.sparkline').length > 0")
    screenshot("results-dashboard-after")

    # Each chart's data downloads as CSV (UTF-8 with BOM, so Excel reads the Thai).
    downloads: dict[str, list[str]] = {}
    links = page.locator("a.csv-link")
    for i in range(links.count()):
        with page.expect_download() as download:
            links.nth(i).click()
        raw = Path(download.value.path()).read_bytes()
        assert raw.startswith("\ufeff".encode())
        downloads[download.value.suggested_filename] = raw.decode("utf-8-sig").splitlines()
    assert {"indicators.csv", "participants.csv", "sessions.csv"} <= set(downloads)
    assert any(
        line.startswith("1,") and "22.50,red,18.0" in line for line in downloads["indicators.csv"]
    )
    assert len(downloads["sessions.csv"]) == 13  # header + 12 months
    assert downloads["participants.csv"][1:3] == ["ชาย,0", "หญิง,0"]

    # The KPI report shows the quarter green (18 ÷ 20) and explains the carried-forward target.
    page.goto(f"{live_server.url}/results/kpi/{period}")
    q1 = page.locator("#kpi-" + str(Indicator.objects.get(code="1").pk) + " tr.kpi-main td.q").first
    assert "colour-green" in (q1.get_attribute("class") or "")
    q1.locator("a.n").first.click()
    explain = page.locator(".explain").first
    explain.wait_for()
    assert "(T1) − (0)" in explain.inner_text()
    screenshot("results-kpi-report")

    # A phone: the dashboard fits 390 px and its charts' data can be downloaded.
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(f"{live_server.url}/results/dashboard/{period}")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    with page.expect_download() as download:
        page.locator("a.csv-link").first.click()
    assert download.value.suggested_filename == "indicators.csv"
    screenshot("results-dashboard-phone")
    assert [e for e in errors if "Content Security Policy" in e or "Refused" in e] == []
