"""Writes of targets and results: revisions need reasons, the review steps, who may do what."""

from __future__ import annotations

from decimal import Decimal as D

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from tidtam.audit.services import ReasonRequired
from tidtam.projects.models import ReviewStatus
from tidtam.projects.review import TransitionNotAllowed
from tidtam.results import services
from tidtam.results.models import Result, Target, TargetRevision

from .conftest import targets

pytestmark = pytest.mark.django_db


def test_code_sort_key_sorts_codes_as_numbers():
    codes = ["4.1(2)", "1.10", "1.2", "10", "2", "4.1(1)", "1"]
    assert sorted(codes, key=services.code_sort_key) == [
        "1",
        "1.2",
        "1.10",
        "2",
        "4.1(1)",
        "4.1(2)",
        "10",
    ]


def test_target_revision_keeps_old_new_date_approver_reason(make_indicator, analyst):
    indicator = make_indicator()
    targets(analyst, indicator, 2568, [10, 10, 10, 10])
    target = Target.objects.get(indicator=indicator, quarter=2, region__isnull=True)
    revision = services.target_revise(
        analyst, target, D("8"), reason="น้ำท่วม", approver="ผอ.สำนักนโยบายและแผน"
    )
    target.refresh_from_db()
    assert target.value == D("8")
    assert (revision.old_value, revision.new_value, revision.reason, revision.approver) == (
        D("10"),
        D("8"),
        "น้ำท่วม",
        "ผอ.สำนักนโยบายและแผน",
    )
    assert target.history.first().history_change_reason == "น้ำท่วม"


def test_target_revision_without_reason_changes_nothing(make_indicator, analyst):
    indicator = make_indicator()
    targets(analyst, indicator, 2568, [10, 10, 10, 10])
    target = Target.objects.get(indicator=indicator, quarter=2, region__isnull=True)
    history_before = target.history.count()
    with pytest.raises(ReasonRequired):
        services.target_revise(analyst, target, D("8"), reason="  ", approver="ผอ.")
    target.refresh_from_db()
    assert target.value == D("10")
    assert TargetRevision.objects.count() == 0
    assert target.history.count() == history_before
    # and setting a different value directly is a revision too
    with pytest.raises(ReasonRequired):
        services.target_set(analyst, indicator, 2568, 2, D("8"))
    # even a save from elsewhere (admin, shell) is refused without a reason
    target.value = D("9")
    with pytest.raises(ReasonRequired):
        target.save()


def test_revision_needs_an_approver(make_indicator, analyst):
    indicator = make_indicator()
    targets(analyst, indicator, 2568, [10, None, None, None])
    target = Target.objects.get(indicator=indicator, quarter=1)
    with pytest.raises(ValidationError):
        services.target_revise(analyst, target, D("8"), reason="เหตุผล", approver="")
    assert TargetRevision.objects.count() == 0


def test_only_analysts_manage_indicators(make_indicator, north_officer, codi):
    with pytest.raises(PermissionDenied):
        services.indicator_save(
            north_officer, None, level="organisation", organisation=codi, code="9", name="x"
        )
    indicator = make_indicator()
    with pytest.raises(PermissionDenied):
        services.target_set(north_officer, indicator, 2568, 1, D("5"))


def test_result_review_flow(make_indicator, analyst, north_officer, regions):
    indicator = make_indicator()
    north = regions["north"]
    targets(analyst, indicator, 2568, [10, 10, 10, 10], region=north)
    result = services.result_save(
        north_officer, indicator, 2568, 1, value=D("7"), region=north, narrative="จัดเวที 3 ครั้ง"
    )
    assert result.status == ReviewStatus.DRAFT
    services.result_submit(north_officer, result)
    # the person who entered it cannot approve it
    with pytest.raises(PermissionDenied):
        services.result_approve(north_officer, result)
    result.refresh_from_db()
    assert result.status == ReviewStatus.SUBMITTED
    # returned with a comment, corrected, approved by the analyst
    with pytest.raises(ValidationError):
        services.result_return(analyst, result, "")
    services.result_return(analyst, result, "ตรวจสอบตัวเลขอีกครั้ง")
    result = services.result_save(north_officer, indicator, 2568, 1, value=D("8"), region=north)
    assert result.status == ReviewStatus.RETURNED
    services.result_submit(north_officer, result)
    approved = services.result_approve(analyst, result)
    assert approved.status == ReviewStatus.APPROVED
    assert approved.reviewed_by == analyst
    # an approved result is locked
    with pytest.raises(ValidationError):
        services.result_save(north_officer, indicator, 2568, 1, value=D("9"), region=north)
    with pytest.raises(TransitionNotAllowed):
        services.result_submit(north_officer, approved)
    assert Result.objects.get(pk=result.pk).value == D("8")
    # unlocking needs a reason
    with pytest.raises(ReasonRequired):
        services.result_unlock(analyst, approved, "")
    unlocked = services.result_unlock(analyst, approved, "แก้ไขตามทะเบียน")
    assert unlocked.status == ReviewStatus.DRAFT


def test_an_officer_cannot_enter_another_regions_result(
    make_indicator, analyst, north_officer, regions
):
    indicator = make_indicator()
    with pytest.raises(PermissionDenied):
        services.result_save(
            north_officer, indicator, 2568, 1, value=D("5"), region=regions["south"]
        )
    with pytest.raises(PermissionDenied):
        services.result_save(north_officer, indicator, 2568, 1, value=D("5"))  # the whole country
    assert Result.objects.count() == 0


def test_submitting_an_empty_result_is_refused(make_indicator, north_officer, regions):
    indicator = make_indicator()
    result = services.result_save(
        north_officer, indicator, 2568, 2, value=None, region=regions["north"]
    )
    with pytest.raises(ValidationError):
        services.result_submit(north_officer, result)
    result.refresh_from_db()
    assert result.status == ReviewStatus.DRAFT


def test_composite_and_computed_results_are_not_typed(make_indicator, analyst):
    composite = make_indicator("1", kind="composite")
    computed = make_indicator("2", source="sessions_held")
    for indicator in (composite, computed):
        with pytest.raises(ValidationError):
            services.result_save(
                analyst, indicator, 2568, 1, value=D("1"), status=ReviewStatus.APPROVED
            )
