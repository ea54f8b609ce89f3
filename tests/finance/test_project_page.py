"""The project finance page: tranche schedule, transfers, reversing corrections, budget lines.

Every form: accepted → the exact stored values and their history row; refused → the exact Thai
message on the page and nothing written (no transfer, no history row).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from tidtam.accounts.models import Grant, Role, User
from tidtam.areas.models import Province
from tidtam.finance.models import BudgetLine, Expenditure, Tranche, Transfer
from tidtam.projects.models import Project, ProjectStatus

pytestmark = pytest.mark.django_db
D = Decimal


def _user(name: str, role: str) -> User:
    user = User.objects.create_user(name, password="a-strong-pass-2568", display_name=name)
    Grant.objects.create(user=user, role=role, province=Province.objects.get(code="50"))
    return user


@pytest.fixture
def project(small):
    """Approved for 100,000 on 4 Feb 2021: tranche 1 cap 70,000 due 4 May 2021, tranche 2 30,000."""
    return small.approved_project(amount=100_000)


@pytest.fixture
def url(project):
    return reverse("finance:project", kwargs={"pk": project.pk})


@pytest.fixture
def officer(small, client):
    """A regional officer of Chiang Mai: transfers and reverses, and changes money."""
    user = _user("officer", Role.AREA_OFFICER)
    client.force_login(user)
    return user


def _tranche(project, number):
    return Tranche.objects.get(project=project, number=number)


def _transfer(client, url, tranche, amount, date="25/02/2564", reference="KTB-001"):
    return client.post(
        url,
        {
            "action": "transfer",
            "transfer-tranche": tranche.pk,
            "transfer-amount": amount,
            "transfer-date": date,
            "transfer-reference": reference,
        },
    )


def _money_snapshot(project):
    return (
        list(Transfer.objects.order_by("pk").values_list("pk", "amount", "reverses", "date")),
        Transfer.history.count(),
        list(
            Tranche.objects.filter(project=project)
            .order_by("number")
            .values_list("number", "cap", "planned_amount")
        ),
        Tranche.history.count(),
    )


def test_page_shows_the_schedule_and_the_forms(
    client, officer, project, url, django_assert_num_queries
):
    with django_assert_num_queries(19):  # whatever the number of rows
        response = client.get(url)
    html = response.content.decode()
    assert "ตารางงวดเงิน" in html
    assert "70,000" in html and "30,000" in html
    assert "4 พ.ค. 2564" in html  # tranche 1 deadline: 3 months after approval
    assert 'name="action" value="transfer"' in html
    assert 'name="action" value="amount"' in html
    # The last tranche is the rest: only tranche 1 can be set.
    form = response.context["forms"]["amount"]
    assert list(form.fields["tranche"].queryset) == [_tranche(project, 1)]
    # The transfer form offers the first tranche with money left.
    assert response.context["forms"]["transfer"].initial["tranche"] == _tranche(project, 1).pk
    _transfer(client, url, _tranche(project, 1), "70000")
    response = client.get(url)
    assert response.context["forms"]["transfer"].initial["tranche"] == _tranche(project, 2).pk


def test_a_transfer_is_recorded_exactly(client, officer, project, url):
    tranche = _tranche(project, 1)
    response = _transfer(client, url, tranche, "50000")
    assert response.status_code == 302
    transfer = Transfer.objects.get()
    assert (
        transfer.tranche, transfer.project, transfer.date, transfer.amount, transfer.reference,
        transfer.created_by, transfer.reverses,
    ) == (tranche, project, dt.date(2021, 2, 25), D("50000.00"), "KTB-001", officer, None)  # fmt: skip
    history = transfer.history.get()
    assert (history.history_type, history.history_user, history.amount) == (
        "+",
        officer,
        D("50000.00"),
    )
    page = client.get(url).content.decode()
    assert "บันทึกการโอนแล้ว" in page
    assert "25 ก.พ. 2564" in page
    assert "ล่าช้า" not in page


def test_a_late_tranche_1_transfer_is_flagged(client, officer, project, url):
    _transfer(client, url, _tranche(project, 1), "70000", date="01/06/2564")
    assert "ล่าช้า" in client.get(url).content.decode()


@pytest.mark.parametrize(
    "number,amount,date,message",
    [
        (1, "80000", "25/02/2564", "ยอดโอนเกินเพดานงวด 1: เหลือโอนได้ 70,000 บาท จากเพดาน 70,000 บาท"),
        (
            2,
            "30000.01",
            "25/02/2564",
            "ยอดโอนเกินเพดานงวด 2: เหลือโอนได้ 30,000 บาท จากเพดาน 30,000 บาท",
        ),
        (1, "0", "25/02/2564", "ยอดโอนต้องมากกว่าศูนย์บาท"),
        (1, "-100", "25/02/2564", "ยอดโอนต้องมากกว่าศูนย์บาท"),
        (1, "1000", "01/02/2564", "วันที่โอนต้องไม่อยู่ก่อนวันที่อนุมัติโครงการ"),
    ],
)
def test_refused_transfers_leave_nothing(
    client, officer, project, url, number, amount, date, message
):
    before = _money_snapshot(project)
    response = _transfer(client, url, _tranche(project, number), amount, date=date)
    assert response.status_code == 200
    assert response.context["forms"]["transfer"].non_field_errors() == [message]
    assert message in response.content.decode()
    assert _money_snapshot(project) == before


def test_transfer_on_a_project_no_longer_funded_is_refused(client, officer, project, url):
    Project.objects.filter(pk=project.pk).update(status=ProjectStatus.CANCELLED)
    before = _money_snapshot(project)
    response = _transfer(client, url, _tranche(project, 1), "1000")
    assert response.context["forms"]["transfer"].non_field_errors() == [
        "โครงการยังไม่ได้รับอนุมัติ จึงโอนเงินไม่ได้"
    ]
    assert _money_snapshot(project) == before


def test_transfer_above_a_smaller_tranche_amount_is_refused(client, officer, project, url):
    tranche = _tranche(project, 1)
    client.post(url, {"action": "amount", "amount-tranche": tranche.pk, "amount-amount": "60000"})
    before = _money_snapshot(project)
    response = _transfer(client, url, tranche, "65000")
    assert response.context["forms"]["transfer"].non_field_errors() == [
        "ยอดโอนเกินวงเงินงวด 1: เหลือโอนได้ 60,000 บาท จากวงเงินงวด 60,000 บาท"
    ]
    assert _money_snapshot(project) == before


def test_reversal_adds_a_negative_entry_and_keeps_the_original(client, officer, project, url):
    _transfer(client, url, _tranche(project, 1), "50000")
    original = Transfer.objects.get()
    reason = "โอนผิดบัญชี"
    response = client.post(
        url, {"action": "reverse", "reverse-transfer": original.pk, "reverse-reason": reason}
    )
    assert response.status_code == 302
    reversal = Transfer.objects.exclude(pk=original.pk).get()
    assert (reversal.amount, reversal.reverses, reversal.reason, reversal.tranche, reversal.created_by) == (
        D("-50000.00"), original, reason, original.tranche, officer
    )  # fmt: skip
    assert reversal.history.get().history_change_reason == reason
    original.refresh_from_db()
    assert (original.amount, original.history.count()) == (D("50000.00"), 1)
    page = client.get(url).content.decode()
    assert "กลับรายการแล้ว" in page
    assert "-50,000" in page
    # Reversed once: the transfer is no longer offered, and a second try changes nothing.
    before = _money_snapshot(project)
    response = client.post(
        url, {"action": "reverse", "reverse-transfer": original.pk, "reverse-reason": "อีกครั้ง"}
    )
    assert "transfer" in response.context["forms"]["reverse"].errors
    assert _money_snapshot(project) == before


def test_reversal_without_a_reason_is_refused(client, officer, project, url):
    _transfer(client, url, _tranche(project, 1), "50000")
    before = _money_snapshot(project)
    response = client.post(
        url,
        {"action": "reverse", "reverse-transfer": Transfer.objects.get().pk, "reverse-reason": ""},
    )
    assert response.context["forms"]["reverse"].errors["reason"] == ["กรุณากรอกข้อมูลในช่องนี้"]
    assert _money_snapshot(project) == before


def test_tranche_amount_within_the_cap_and_the_rest_to_the_last(client, officer, project, url):
    tranche = _tranche(project, 1)
    response = client.post(
        url, {"action": "amount", "amount-tranche": tranche.pk, "amount-amount": "65000"}
    )
    assert response.status_code == 302
    assert list(
        Tranche.objects.filter(project=project)
        .order_by("number")
        .values_list("cap", "planned_amount")
    ) == [(D("70000.00"), D("65000.00")), (D("35000.00"), D("35000.00"))]
    assert _tranche(project, 1).history.latest().history_user == officer


def test_tranche_amount_above_the_cap_is_refused(client, officer, project, url):
    before = _money_snapshot(project)
    response = client.post(
        url,
        {"action": "amount", "amount-tranche": _tranche(project, 1).pk, "amount-amount": "75000"},
    )
    assert response.context["forms"]["amount"].non_field_errors() == [
        "75,000 บาท เกินเพดานงวด 1 (70,000 บาท)"
    ]
    assert _money_snapshot(project) == before


def test_budget_line_and_expenditure(client, officer, project, url):
    response = client.post(
        url,
        {
            "action": "budget_line",
            "line-name": "ค่าอาหาร",
            "line-category": "activities",
            "line-planned_amount": "12000",
        },
    )
    assert response.status_code == 302
    line = BudgetLine.objects.get()
    assert (line.project, line.name, line.category, line.planned_amount, line.activity) == (
        project,
        "ค่าอาหาร",
        "activities",
        D("12000.00"),
        None,
    )
    response = client.post(
        url,
        {"action": "expenditure", "spend-budget_line": line.pk, "spend-date": "01/03/2564",
         "spend-amount": "0", "spend-description": "อาหารกลางวัน"},
    )  # fmt: skip
    assert response.context["forms"]["expenditure"].non_field_errors() == [
        "ยอดใช้จ่ายต้องมากกว่าศูนย์บาท"
    ]
    assert Expenditure.objects.count() == 0
    client.post(
        url,
        {"action": "expenditure", "spend-budget_line": line.pk, "spend-date": "01/03/2564",
         "spend-amount": "4500", "spend-description": "อาหารกลางวัน", "spend-reference": "RC-9"},
    )  # fmt: skip
    spent = Expenditure.objects.get()
    assert (spent.budget_line, spent.date, spent.amount, spent.description, spent.reference, spent.created_by) == (
        line, dt.date(2021, 3, 1), D("4500.00"), "อาหารกลางวัน", "RC-9", officer
    )  # fmt: skip
    page = client.get(url).content.decode()
    assert "7,500" in page  # left of the line
    assert "37.5" in page  # percent spent


def test_a_finance_officer_sets_amounts_but_does_not_transfer(client, small, project, url):
    client.force_login(_user("fin", Role.FINANCE_OFFICER))
    html = client.get(url).content.decode()
    assert 'name="action" value="transfer"' not in html
    assert 'name="action" value="amount"' in html
    before = _money_snapshot(project)
    assert _transfer(client, url, _tranche(project, 1), "1000").status_code == 403
    assert _money_snapshot(project) == before


def test_field_staff_only_read(client, small, project, url):
    client.force_login(_user("field", Role.FIELD_STAFF))
    html = client.get(url).content.decode()
    assert "70,000" in html
    assert '<form method="post"' not in html
    before = _money_snapshot(project)
    assert _transfer(client, url, _tranche(project, 1), "1000").status_code == 403
    response = client.post(
        url, {"action": "amount", "amount-tranche": _tranche(project, 1).pk, "amount-amount": "1"}
    )
    assert response.status_code == 403
    assert client.post(url, {"action": "budget_line", "line-name": "x"}).status_code == 403
    assert _money_snapshot(project) == before
    assert BudgetLine.objects.count() == 0
