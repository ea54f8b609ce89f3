"""The programme finance page: frames and revisions, tranche policy, committees, meetings, decisions.

Every form: accepted → the exact stored values and the history row (with its reason where the
rule asks for one); refused → the exact Thai message on the page and nothing changed.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from tidtam.accounts.models import Grant, Role, User
from tidtam.areas.models import Province, Region
from tidtam.finance.models import (
    BudgetFrame,
    BudgetFrameRevision,
    Committee,
    CommitteeMeeting,
    Decision,
    TranchePolicy,
)
from tidtam.projects.models import ProjectStatus

pytestmark = pytest.mark.django_db
D = Decimal
PASSWORD = "a-strong-pass-2568"


def _user(name: str, role: str, **scope) -> User:
    user = User.objects.create_user(name, password=PASSWORD, display_name=name)
    Grant.objects.create(user=user, role=role, **scope)
    return user


@pytest.fixture
def url(small):
    return reverse("finance:programme", kwargs={"code": small.programme.code})


@pytest.fixture
def fin(small, client):
    """A finance officer of the programme's owner: changes frames, the policy, committees."""
    user = _user("fin", Role.FINANCE_OFFICER, organisation=small.owner)
    client.force_login(user)
    return user


@pytest.fixture
def member(small, client):
    """A committee member of the owner (its committees) who sees the projects of Chiang Mai."""
    user = _user("member", Role.COMMITTEE_MEMBER, organisation=small.owner)
    Grant.objects.create(
        user=user, role=Role.COMMITTEE_MEMBER, province=Province.objects.get(code="50")
    )
    client.force_login(user)
    return user


def _post(client, url, action, data):
    return client.post(url, {"action": action, **data})


def _form_errors(response, name):
    return response.context["forms"][name].non_field_errors()


def _frames_snapshot():
    return (
        list(
            BudgetFrame.objects.order_by("pk").values_list(
                "pk", "fiscal_year", "level", "province", "region", "amount"
            )
        ),
        BudgetFrameRevision.objects.count(),
        BudgetFrame.history.count(),
    )


# --- reading --------------------------------------------------------------------------------


def test_page_shows_frames_policy_committees_and_decisions(
    client, demo_programme, django_assert_num_queries
):
    user = _user(
        "north",
        Role.AREA_OFFICER,
        region=Region.objects.get(grouping__is_default=True, code="north"),
    )
    client.force_login(user)
    url = reverse("finance:programme", kwargs={"code": demo_programme.code})
    with django_assert_num_queries(19):  # whatever the number of rows
        response = client.get(url)
    assert response.status_code == 200
    html = response.content.decode()
    for text in (
        "1,762,380",
        "13,873,500",
        "งวด 1: ร้อยละ 70 ของงบอนุมัติ",
        "งวด 2: ร้อยละ 30 ของงบอนุมัติ",
        "3 เดือนนับจากวันอนุมัติ",
        "คณะทำงานพิจารณาโครงการภาคเหนือ",
        "ครั้งที่ 2/2564",
        "20-21 ม.ค. 2564",
    ):
        assert text in html, text
    # Each decision once: the 17 provincial projects and the regional one (no province: it is
    # the north region's through its programme, projects/access.py).
    assert html.count("CODI-N-2564-LEADERS-P") == 17
    assert html.count("CODI-N-2564-LEADERS-R") == 1
    # An area officer changes money (frames, policy) but does not decide for a committee.
    assert 'name="action" value="frame_revise"' in html
    assert 'name="action" value="decision"' not in html


def test_old_frames_address_leads_to_the_page(client, fin, small, url):
    response = client.get(reverse("finance:frames", kwargs={"code": small.programme.code}))
    assert response.status_code == 302
    assert response["Location"] == url + "#frames"


def test_field_staff_read_only_and_posts_are_forbidden(client, small, url):
    user = _user("field", Role.FIELD_STAFF, organisation=small.owner)
    client.force_login(user)
    html = client.get(url).content.decode()
    assert "1,000,000" in html
    assert "คุณดูข้อมูลการเงินของแผนงานนี้ได้เท่านั้น" in html
    assert '<form method="post"' not in html
    before = _frames_snapshot()
    for action, data in (
        ("frame_new", {"new-fiscal_year": "2565", "new-level": "provincial", "new-amount": "5"}),
        (
            "frame_revise",
            {"revise-frame": small.frame.pk, "revise-new_amount": "5", "revise-reason": "x"},
        ),
        (
            "policy",
            {
                "policy-caps_percent": "50, 50",
                "policy-first_tranche_deadline_months": "1",
                "policy-reason": "x",
            },
        ),
        ("committee", {"committee-name": "คณะใหม่"}),
        (
            "meeting",
            {
                "meeting-committee": Committee.objects.get().pk,
                "meeting-fiscal_year": "2564",
                "meeting-number": "9",
                "meeting-start_date": "1/3/2564",
            },
        ),
    ):
        assert _post(client, url, action, data).status_code == 403, action
    assert _frames_snapshot() == before
    assert TranchePolicy.objects.get().caps_percent == ["70", "30"]
    assert Committee.objects.count() == 1
    assert CommitteeMeeting.objects.count() == 1


def test_other_organisation_gets_404(client, small, url):
    from tidtam.organisations.models import Organisation, OrganisationKind

    elsewhere = Organisation.objects.create(
        name="ที่อื่น", search_name="ที่อื่น", kind=OrganisationKind.GOVERNMENT_AGENCY
    )
    client.force_login(_user("other", Role.FINANCE_OFFICER, organisation=elsewhere))
    assert client.get(url).status_code == 404
    assert (
        _post(
            client,
            url,
            "frame_new",
            {"new-fiscal_year": "2565", "new-level": "provincial", "new-amount": "5"},
        ).status_code
        == 404
    )
    assert BudgetFrame.objects.count() == 1


def test_unknown_action_is_a_bad_request(client, fin, url):
    assert _post(client, url, "delete_everything", {}).status_code == 400


# --- frames ---------------------------------------------------------------------------------


def test_add_a_frame_for_a_province(client, fin, small, url):
    response = _post(
        client,
        url,
        "frame_new",
        {
            "new-fiscal_year": "2565",
            "new-level": "provincial",
            "new-amount": "250000.50",
            "new-province": "50",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == url + "#frames"
    frame = BudgetFrame.objects.get(fiscal_year=2565)
    assert (frame.programme, frame.level, frame.province_id, frame.region, frame.amount) == (
        small.programme,
        "provincial",
        "50",
        None,
        D("250000.50"),
    )
    history = frame.history.get()
    assert (history.history_type, history.history_user, history.amount) == (
        "+",
        fin,
        D("250000.50"),
    )
    page = client.get(url).content.decode()
    assert "เพิ่มกรอบงบแล้ว" in page
    assert "250,000.50" in page


@pytest.mark.parametrize(
    "data,message",
    [
        (
            {"new-fiscal_year": "2564", "new-level": "provincial", "new-amount": "5"},
            "แผนงานนี้มีกรอบงบของปีงบประมาณ ระดับ และพื้นที่นี้อยู่แล้ว ให้แก้ไขกรอบงบเดิมแทน",
        ),
        (
            {
                "new-fiscal_year": "2565",
                "new-level": "provincial",
                "new-amount": "5",
                "new-province": "50",
                "new-region": "north",
            },
            "กรอบงบเป็นของจังหวัดหรือของภาคอย่างใดอย่างหนึ่ง เลือกทั้งสองอย่างไม่ได้",
        ),
    ],
)
def test_refused_frames_change_nothing(client, fin, url, data, message):
    if "new-region" in data:
        data["new-region"] = Region.objects.get(grouping__is_default=True, code="north").pk
    before = _frames_snapshot()
    response = _post(client, url, "frame_new", data)
    assert response.status_code == 200
    assert _form_errors(response, "frame_new") == [message]
    assert message in response.content.decode()
    assert _frames_snapshot() == before


def test_negative_frame_is_refused_by_the_form(client, fin, url):
    before = _frames_snapshot()
    response = _post(
        client,
        url,
        "frame_new",
        {"new-fiscal_year": "2565", "new-level": "provincial", "new-amount": "-1"},
    )
    assert response.context["forms"]["frame_new"].errors["amount"] == ["ค่านี้ต้องไม่น้อยกว่า 0"]
    assert _frames_snapshot() == before


def test_revise_a_frame_keeps_the_old_amount_and_the_reason(client, fin, small, url):
    reason = "มติคณะกรรมการครั้งที่ 3/2564 ปรับลดกรอบ"
    response = _post(
        client,
        url,
        "frame_revise",
        {"revise-frame": small.frame.pk, "revise-new_amount": "900000", "revise-reason": reason},
    )
    assert response.status_code == 302
    small.frame.refresh_from_db()
    assert small.frame.amount == D("900000.00")
    revision = BudgetFrameRevision.objects.get()
    assert (
        revision.frame,
        revision.old_amount,
        revision.new_amount,
        revision.reason,
        revision.changed_by,
    ) == (small.frame, D("1000000.00"), D("900000.00"), reason, fin)
    latest = small.frame.history.latest()
    assert (
        latest.history_type,
        latest.amount,
        latest.history_change_reason,
        latest.history_user,
    ) == ("~", D("900000.00"), reason, fin)
    page = client.get(url).content.decode()
    assert "1,000,000 → 900,000" in page
    assert reason in page


def test_revision_below_the_approved_total_is_refused(client, fin, small, url):
    small.approved_project(amount=100_000)
    before = _frames_snapshot()
    response = _post(
        client,
        url,
        "frame_revise",
        {"revise-frame": small.frame.pk, "revise-new_amount": "50000", "revise-reason": "ลด"},
    )
    assert _form_errors(response, "frame_revise") == ["กรอบงบต้องไม่น้อยกว่างบที่อนุมัติไปแล้ว 100,000 บาท"]
    assert _frames_snapshot() == before


def test_revision_without_a_reason_is_refused(client, fin, small, url):
    before = _frames_snapshot()
    response = _post(
        client,
        url,
        "frame_revise",
        {"revise-frame": small.frame.pk, "revise-new_amount": "50000", "revise-reason": "  "},
    )
    assert response.context["forms"]["frame_revise"].errors["reason"] == ["กรุณากรอกข้อมูลในช่องนี้"]
    assert _frames_snapshot() == before


# --- tranche policy -------------------------------------------------------------------------


def _policy_values():
    p = TranchePolicy.objects.get()
    return (
        p.tranche_count,
        p.caps_percent,
        p.first_tranche_deadline_months,
        p.require_previous_report,
        p.allow_frame_excess,
        p.history.count(),
    )


def test_change_the_policy_with_a_reason(client, fin, small, url):
    reason = "ประกาศแผนงานฉบับแก้ไข 2564"
    response = _post(
        client,
        url,
        "policy",
        {
            "policy-caps_percent": "50, 30, 20",
            "policy-first_tranche_deadline_months": "2",
            "policy-require_previous_report": "on",
            "policy-reason": reason,
        },
    )
    assert response.status_code == 302
    assert _policy_values() == (3, ["50", "30", "20"], 2, True, False, 2)
    latest = TranchePolicy.objects.get().history.latest()
    assert (latest.history_change_reason, latest.history_user) == (reason, fin)
    page = client.get(url).content.decode()
    assert "งวด 3: ร้อยละ 20 ของงบอนุมัติ" in page
    assert "2 เดือนนับจากวันอนุมัติ" in page


@pytest.mark.parametrize(
    "caps,reason,message",
    [
        ("70, 20", "ปรับ", "เพดานแต่ละงวดต้องมากกว่าศูนย์และรวมกันได้ร้อยละ 100"),
        ("100, 0", "ปรับ", "เพดานแต่ละงวดต้องมากกว่าศูนย์และรวมกันได้ร้อยละ 100"),
        ("60, 40", "", "กรุณาระบุเหตุผลที่เปลี่ยนเงื่อนไขงวดเงิน (ต้องมีเหตุผล)"),
    ],
)
def test_refused_policy_changes_nothing(client, fin, url, caps, reason, message):
    before = _policy_values()
    response = _post(
        client,
        url,
        "policy",
        {
            "policy-caps_percent": caps,
            "policy-first_tranche_deadline_months": "3",
            "policy-reason": reason,
        },
    )
    assert _form_errors(response, "policy") == [message]
    assert message in response.content.decode()
    assert _policy_values() == before


def test_policy_shares_must_be_numbers(client, fin, url):
    before = _policy_values()
    response = _post(
        client,
        url,
        "policy",
        {
            "policy-caps_percent": "เจ็ดสิบ",
            "policy-first_tranche_deadline_months": "3",
            "policy-reason": "x",
        },
    )
    assert response.context["forms"]["policy"].errors["caps_percent"] == [
        "กรอกสัดส่วนเป็นตัวเลข เช่น 70, 30"
    ]
    assert _policy_values() == before


# --- committees, meetings, decisions --------------------------------------------------------


def test_add_a_committee_and_refuse_the_same_name(client, fin, small, url):
    response = _post(client, url, "committee", {"committee-name": "  คณะทำงาน  ภาคเหนือ "})
    committee = Committee.objects.get(name="คณะทำงาน ภาคเหนือ")
    assert (
        response["Location"]
        == reverse("finance:programme", kwargs={"code": small.programme.code}) + "#committees"
    )
    assert (committee.organisation, committee.region) == (small.owner, None)
    assert committee.history.get().history_user == fin
    response = _post(client, url, "committee", {"committee-name": "คณะทดสอบ"})
    assert _form_errors(response, "committee") == ["สำนักงานทดสอบ มีคณะกรรมการชื่อ “คณะทดสอบ” อยู่แล้ว"]
    assert Committee.objects.count() == 2


def test_a_finance_officer_does_not_record_meetings(client, fin, small, url):
    html = client.get(url).content.decode()
    assert 'value="meeting"' not in html
    response = _post(
        client, url, "meeting",
        {"meeting-committee": Committee.objects.get().pk, "meeting-fiscal_year": "2564", "meeting-number": "2", "meeting-start_date": "20/01/2564"},
    )  # fmt: skip
    assert response.status_code == 403
    assert CommitteeMeeting.objects.count() == 1


def test_record_a_meeting_over_two_days(client, member, small, url):
    committee = Committee.objects.get()
    response = _post(
        client, url, "meeting",
        {"meeting-committee": committee.pk, "meeting-fiscal_year": "2564", "meeting-number": "2",
         "meeting-start_date": "20/01/2564", "meeting-end_date": "21/01/2564"},
    )  # fmt: skip
    assert response.status_code == 302
    meeting = CommitteeMeeting.objects.get(number=2)
    assert (meeting.committee, meeting.fiscal_year, meeting.start_date, meeting.end_date) == (
        committee,
        2564,
        dt.date(2021, 1, 20),
        dt.date(2021, 1, 21),
    )
    assert meeting.history.get().history_user == member
    assert "20-21 ม.ค. 2564" in client.get(url).content.decode()


@pytest.mark.parametrize(
    "number,start,end,message",
    [
        ("2", "21/01/2564", "20/01/2564", "วันสิ้นสุดการประชุมต้องไม่อยู่ก่อนวันเริ่ม"),
        ("1", "20/01/2564", "", "มีการบันทึกการประชุมครั้งที่ 1/2564 แล้ว"),
    ],
)
def test_refused_meetings_change_nothing(client, member, url, number, start, end, message):
    response = _post(
        client, url, "meeting",
        {"meeting-committee": Committee.objects.get().pk, "meeting-fiscal_year": "2564",
         "meeting-number": number, "meeting-start_date": start, "meeting-end_date": end},
    )  # fmt: skip
    assert _form_errors(response, "meeting") == [message]
    assert list(CommitteeMeeting.objects.values_list("number", "start_date", "end_date")) == [
        (1, dt.date(2021, 1, 20), None)
    ]


def test_record_an_approval_for_less_than_asked(client, member, small, url):
    project = small.project()
    response = _post(
        client, url, "decision",
        {"decision-meeting": small.meeting.pk, "decision-project": project.pk, "decision-outcome": "approved",
         "decision-amount_requested": "120000", "decision-amount_approved": "100000",
         "decision-resolution": "อนุมัติโดยปรับลดค่าอาหาร"},
    )  # fmt: skip
    assert response.status_code == 302
    decision = Decision.objects.get()
    assert (
        decision.meeting, decision.project, decision.outcome, decision.amount_requested,
        decision.amount_approved, decision.resolution, decision.recorded_by,
    ) == (small.meeting, project, "approved", D("120000.00"), D("100000.00"), "อนุมัติโดยปรับลดค่าอาหาร", member)  # fmt: skip
    assert decision.history.get().history_user == member
    page = client.get(url).content.decode()
    assert "อนุมัติโดยปรับลดค่าอาหาร" in page
    assert "120,000" in page and "100,000" in page


def test_returning_a_proposal_moves_the_project_with_the_resolution(client, member, small, url):
    project = small.project()
    _post(
        client, url, "decision",
        {"decision-meeting": small.meeting.pk, "decision-project": project.pk, "decision-outcome": "returned",
         "decision-amount_requested": "80000", "decision-resolution": "ให้ปรับแผนกิจกรรม"},
    )  # fmt: skip
    decision = Decision.objects.get()
    assert (decision.outcome, decision.amount_approved, decision.resolution) == (
        "returned",
        None,
        "ให้ปรับแผนกิจกรรม",
    )
    project.refresh_from_db()
    assert project.status == ProjectStatus.RETURNED
    assert project.history.latest().history_change_reason == "ให้ปรับแผนกิจกรรม"


@pytest.mark.parametrize(
    "outcome,asked,approved,message",
    [
        ("approved", "100000", "120000", "งบอนุมัติต้องไม่มากกว่างบที่เสนอขอ"),
        ("approved", "100000", "", "การอนุมัติต้องมีงบอนุมัติมากกว่าศูนย์"),
    ],
)
def test_refused_decisions_change_nothing(
    client, member, small, url, outcome, asked, approved, message
):
    project = small.project()
    response = _post(
        client, url, "decision",
        {"decision-meeting": small.meeting.pk, "decision-project": project.pk, "decision-outcome": outcome,
         "decision-amount_requested": asked, "decision-amount_approved": approved},
    )  # fmt: skip
    assert _form_errors(response, "decision") == [message]
    assert message in response.content.decode()
    assert Decision.objects.count() == 0
    project.refresh_from_db()
    assert project.status == ProjectStatus.PROPOSED


def test_approving_from_the_meeting_page(client, member, small):
    """The decision recorded on the programme page is approved on its meeting's page."""
    from tidtam.finance import services
    from tidtam.finance.models import ProjectApproval, Tranche

    project = small.project()
    too_big = small.project()
    decision = services.decision_record(
        small.meeting,
        project,
        outcome="approved",
        amount_requested=150_000,
        amount_approved=120_000,
    )
    big = services.decision_record(
        small.meeting,
        too_big,
        outcome="approved",
        amount_requested=2_000_000,
        amount_approved=1_500_000,
    )
    url = reverse("finance:meeting", kwargs={"pk": small.meeting.pk})
    response = client.post(
        url,
        {"action": "approve", "approve-decision": big.pk, "approve-approval_date": "04/02/2564"},
        follow=True,
    )
    assert (
        "การอนุมัตินี้จะเกินกรอบงบ 500,000 บาท (กรอบงบคงเหลือ 1,000,000 บาท)" in response.content.decode()
    )
    assert ProjectApproval.objects.count() == 0
    assert Tranche.objects.count() == 0
    response = client.post(
        url,
        {
            "action": "approve",
            "approve-decision": decision.pk,
            "approve-approval_date": "04/02/2564",
        },
    )
    assert response.status_code == 302
    approval = ProjectApproval.objects.get()
    assert (approval.project, approval.decision, approval.approved_budget, approval.approval_date, approval.frame) == (
        project, decision, D("120000.00"), dt.date(2021, 2, 4), small.frame
    )  # fmt: skip
    assert list(
        Tranche.objects.filter(project=project).order_by("number").values_list("cap", "deadline")
    ) == [(D("84000.00"), dt.date(2021, 5, 4)), (D("36000.00"), None)]
    project.refresh_from_db()
    assert project.status == ProjectStatus.APPROVED
