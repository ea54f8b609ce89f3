"""Money: budget frames, committee decisions, approvals, tranches, transfers and spending.

Amounts are ``Decimal`` with 2 decimal places (baht and satang). Rows hold data and their
invariants (database constraints); every change goes through ``tidtam.finance.services`` and
every figure shown comes from ``tidtam.finance.calculations``.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.conf import settings
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from tidtam.areas.models import Province, Region
from tidtam.audit.history import audited
from tidtam.organisations.models import Organisation
from tidtam.projects.models import Activity, Programme, Project, ProjectLevel
from tidtam.thai.dates import format_date_range

ZERO = Decimal("0")


class BudgetFrame(models.Model):
    """กรอบงบ: money allotted to a programme for a fiscal year, for one level (and optionally area).

    A frame with neither province nor region covers the whole level of the programme; a more
    specific frame (a province's) takes the projects of that province first.
    """

    programme = models.ForeignKey(
        Programme,
        on_delete=models.PROTECT,
        related_name="budget_frames",
        verbose_name=_("programme"),
    )
    fiscal_year = models.PositiveSmallIntegerField(_("fiscal year (BE)"))
    level = models.CharField(_("level"), max_length=20, choices=ProjectLevel.choices)
    province = models.ForeignKey(
        Province,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("province"),
    )
    region = models.ForeignKey(
        Region,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("region"),
    )
    amount = models.DecimalField(_("frame amount"), max_digits=14, decimal_places=2)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = audited()

    class Meta:
        verbose_name = _("budget frame")
        verbose_name_plural = _("budget frames")
        ordering = ["programme", "fiscal_year", "level", "province", "region"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gte=0), name="frame_amount_not_negative"),
            models.CheckConstraint(condition=Q(fiscal_year__gte=2400), name="frame_year_is_be"),
            models.CheckConstraint(
                condition=Q(province__isnull=True) | Q(region__isnull=True),
                name="frame_province_or_region",
            ),
            models.UniqueConstraint(
                fields=["programme", "fiscal_year", "level"],
                condition=Q(province__isnull=True, region__isnull=True),
                name="frame_unique_level",
            ),
            models.UniqueConstraint(
                fields=["programme", "fiscal_year", "level", "province"],
                condition=Q(province__isnull=False),
                name="frame_unique_province",
            ),
            models.UniqueConstraint(
                fields=["programme", "fiscal_year", "level", "region"],
                condition=Q(region__isnull=False),
                name="frame_unique_region",
            ),
        ]

    def __str__(self) -> str:
        area = self.province or self.region or ""
        return f"{self.programme.code} {self.fiscal_year} {self.get_level_display()} {area}".strip()


class BudgetFrameRevision(models.Model):
    """A change of a frame's amount: the old and new amounts, why, who and when."""

    frame = models.ForeignKey(BudgetFrame, on_delete=models.CASCADE, related_name="revisions")
    old_amount = models.DecimalField(_("old amount"), max_digits=14, decimal_places=2)
    new_amount = models.DecimalField(_("new amount"), max_digits=14, decimal_places=2)
    reason = models.TextField(_("reason"))
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    changed_at = models.DateTimeField(_("changed at"), auto_now_add=True)

    class Meta:
        verbose_name = _("budget frame revision")
        verbose_name_plural = _("budget frame revisions")
        ordering = ["frame", "changed_at", "pk"]
        constraints = [
            models.CheckConstraint(condition=~Q(reason=""), name="frame_revision_has_reason"),
            models.CheckConstraint(
                condition=Q(new_amount__gte=0), name="frame_revision_amount_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.frame_id}: {self.old_amount} → {self.new_amount}"


class Committee(models.Model):
    """A committee that decides on proposals (e.g. คณะทำงานพิจารณาโครงการภาคเหนือ)."""

    name = models.CharField(_("name"), max_length=300)
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="committees",
        verbose_name=_("organisation"),
    )
    region = models.ForeignKey(
        Region,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("region"),
    )

    history = audited()

    class Meta:
        verbose_name = _("committee")
        verbose_name_plural = _("committees")
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(fields=["organisation", "name"], name="committee_unique_name")
        ]

    def __str__(self) -> str:
        return self.name


class CommitteeMeeting(models.Model):
    """A meeting numbered within a fiscal year ("ครั้งที่ 2/2564"), on one day or a range."""

    committee = models.ForeignKey(
        Committee, on_delete=models.PROTECT, related_name="meetings", verbose_name=_("committee")
    )
    fiscal_year = models.PositiveSmallIntegerField(_("fiscal year (BE)"))
    number = models.PositiveSmallIntegerField(_("number"))
    start_date = models.DateField(_("date"))
    end_date = models.DateField(_("last day"), null=True, blank=True)

    history = audited()

    class Meta:
        verbose_name = _("committee meeting")
        verbose_name_plural = _("committee meetings")
        ordering = ["committee", "fiscal_year", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["committee", "fiscal_year", "number"], name="meeting_unique_number"
            ),
            models.CheckConstraint(condition=Q(number__gte=1), name="meeting_number_positive"),
            models.CheckConstraint(
                condition=Q(end_date__isnull=True) | Q(end_date__gte=F("start_date")),
                name="meeting_end_after_start",
            ),
        ]

    def __str__(self) -> str:
        return self.label

    @property
    def number_label(self) -> str:
        """Return "ครั้งที่ 2/2564"."""
        return f"ครั้งที่ {self.number}/{self.fiscal_year}"

    @property
    def label(self) -> str:
        """Return "ครั้งที่ 2/2564 วันที่ 20-21 ม.ค.64" as seed 003 prints it."""
        return meeting_label(self.number, self.fiscal_year, self.start_date, self.end_date)


def meeting_label(number: int, fiscal_year: int, start: dt.date, end: dt.date | None) -> str:
    """Return a meeting as reports print it: "ครั้งที่ 2/2564 วันที่ 20-21 ม.ค.64"."""
    return f"ครั้งที่ {number}/{fiscal_year} วันที่ {format_date_range(start, end, 'compact')}"


class DecisionOutcome(models.TextChoices):
    APPROVED = "approved", _("approved")
    RETURNED = "returned", _("returned for revision")
    REJECTED = "rejected", _("rejected")


class Decision(models.Model):
    """A committee's decision on one project proposal at one meeting."""

    meeting = models.ForeignKey(
        CommitteeMeeting,
        on_delete=models.PROTECT,
        related_name="decisions",
        verbose_name=_("meeting"),
    )
    project = models.ForeignKey(
        Project, on_delete=models.PROTECT, related_name="decisions", verbose_name=_("project")
    )
    outcome = models.CharField(_("outcome"), max_length=20, choices=DecisionOutcome.choices)
    amount_requested = models.DecimalField(_("amount asked"), max_digits=14, decimal_places=2)
    amount_approved = models.DecimalField(
        _("amount approved"), null=True, blank=True, max_digits=14, decimal_places=2
    )
    resolution = models.TextField(_("resolution"), blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    recorded_at = models.DateTimeField(auto_now_add=True)

    history = audited()

    class Meta:
        verbose_name = _("decision")
        verbose_name_plural = _("decisions")
        ordering = ["meeting", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["meeting", "project"], name="decision_once_per_meeting"
            ),
            models.CheckConstraint(
                condition=Q(amount_requested__gte=0), name="decision_requested_not_negative"
            ),
            models.CheckConstraint(
                condition=(
                    Q(outcome="approved", amount_approved__gt=0)
                    & Q(amount_approved__lte=F("amount_requested"))
                )
                | (~Q(outcome="approved") & Q(amount_approved__isnull=True)),
                name="decision_approved_amount",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.meeting.number_label} {self.project.code} {self.get_outcome_display()}"


class ProjectApproval(models.Model):
    """อนุมัติ: a project's approved budget and approval date (one per project).

    ``frame_excess`` is the part of this approval above what was left in its frame, allowed
    only when the programme's policy says so; ``excess_source`` says where that money comes from.
    This row is the lock every transfer of the project takes first.
    """

    project = models.OneToOneField(
        Project, on_delete=models.PROTECT, related_name="approval", verbose_name=_("project")
    )
    decision = models.OneToOneField(
        Decision,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="approval",
        verbose_name=_("decision"),
    )
    frame = models.ForeignKey(
        BudgetFrame,
        on_delete=models.PROTECT,
        related_name="approvals",
        verbose_name=_("budget frame"),
    )
    approved_budget = models.DecimalField(_("approved budget"), max_digits=14, decimal_places=2)
    approval_date = models.DateField(_("approval date"))
    frame_excess = models.DecimalField(
        _("excess over the frame"), default=ZERO, max_digits=14, decimal_places=2
    )
    excess_source = models.CharField(_("source of the excess"), max_length=500, blank=True)
    approved_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    history = audited()

    class Meta:
        verbose_name = _("project approval")
        verbose_name_plural = _("project approvals")
        constraints = [
            models.CheckConstraint(
                condition=Q(approved_budget__gt=0), name="approval_budget_positive"
            ),
            models.CheckConstraint(
                condition=Q(frame_excess__gte=0) & Q(frame_excess__lte=F("approved_budget")),
                name="approval_excess_in_range",
            ),
            models.CheckConstraint(
                condition=Q(frame_excess=0) | ~Q(excess_source=""),
                name="approval_excess_has_source",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.project.code} {self.approved_budget}"


class BudgetCategory(models.TextChoices):
    PERSONNEL = "personnel", _("personnel")
    ACTIVITIES = "activities", _("activities")
    ADMINISTRATION = "administration", _("administration")
    OTHER = "other", _("other")


class BudgetLine(models.Model):
    """A line of a project's budget: by activity (optional) and by category."""

    project = models.ForeignKey(
        Project, on_delete=models.CASCADE, related_name="budget_lines", verbose_name=_("project")
    )
    activity = models.ForeignKey(
        Activity,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="budget_lines",
        verbose_name=_("activity"),
    )
    name = models.CharField(_("item"), max_length=500)
    category = models.CharField(_("category"), max_length=20, choices=BudgetCategory.choices)
    planned_amount = models.DecimalField(_("planned amount"), max_digits=14, decimal_places=2)

    history = audited()

    class Meta:
        verbose_name = _("budget line")
        verbose_name_plural = _("budget lines")
        ordering = ["project", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=Q(planned_amount__gte=0), name="budget_line_planned_not_negative"
            )
        ]

    def __str__(self) -> str:
        return self.name


class Expenditure(models.Model):
    """Money spent against a budget line (from receipts)."""

    budget_line = models.ForeignKey(
        BudgetLine, on_delete=models.PROTECT, related_name="expenditures"
    )
    date = models.DateField(_("date"))
    amount = models.DecimalField(_("amount"), max_digits=14, decimal_places=2)
    description = models.CharField(_("description"), max_length=500, blank=True)
    reference = models.CharField(_("reference"), max_length=200, blank=True)
    evidence = models.FileField(_("evidence"), upload_to="finance/expenditure/%Y/", blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    history = audited()

    class Meta:
        verbose_name = _("expenditure")
        verbose_name_plural = _("expenditures")
        ordering = ["date", "pk"]
        constraints = [
            models.CheckConstraint(condition=Q(amount__gt=0), name="expenditure_amount_positive")
        ]

    def __str__(self) -> str:
        return f"{self.date} {self.amount}"


class TranchePolicy(models.Model):
    """A programme's money rules: its tranches, their caps and deadline, and frame excess.

    ``caps_percent`` lists the cap of each tranche as a percent of the approved budget as
    decimal strings, e.g. ``["70", "30"]``; the last tranche always gets the rest.
    """

    programme = models.OneToOneField(
        Programme, on_delete=models.CASCADE, related_name="tranche_policy"
    )
    tranche_count = models.PositiveSmallIntegerField(_("number of tranches"), default=2)
    caps_percent = models.JSONField(_("cap of each tranche (percent of the approved budget)"))
    first_tranche_deadline_months = models.PositiveSmallIntegerField(
        _("tranche 1 deadline (months after approval)"), default=3
    )
    require_previous_report = models.BooleanField(
        _("later tranches need the previous period's report approved"), default=False
    )
    allow_frame_excess = models.BooleanField(
        _("approvals may exceed the budget frame"), default=False
    )

    history = audited()

    class Meta:
        verbose_name = _("tranche policy")
        verbose_name_plural = _("tranche policies")
        constraints = [
            models.CheckConstraint(condition=Q(tranche_count__gte=1), name="policy_tranches")
        ]

    def __str__(self) -> str:
        return f"{self.programme.code}: {' / '.join(str(c) for c in self.caps_percent)}"

    def caps(self) -> list[Decimal]:
        """Return the caps as Decimals (percent of the approved budget)."""
        return [Decimal(str(c)) for c in self.caps_percent]


class Tranche(models.Model):
    """งวด: one tranche of a project's approved budget, with its cap and planned amount."""

    project = models.ForeignKey(
        Project, on_delete=models.PROTECT, related_name="tranches", verbose_name=_("project")
    )
    number = models.PositiveSmallIntegerField(_("tranche"))
    cap = models.DecimalField(_("cap"), max_digits=14, decimal_places=2)
    planned_amount = models.DecimalField(_("planned amount"), max_digits=14, decimal_places=2)
    deadline = models.DateField(_("deadline"), null=True, blank=True)

    history = audited()

    class Meta:
        verbose_name = _("tranche")
        verbose_name_plural = _("tranches")
        ordering = ["project", "number"]
        constraints = [
            models.UniqueConstraint(fields=["project", "number"], name="tranche_unique_number"),
            models.CheckConstraint(condition=Q(number__gte=1), name="tranche_number_positive"),
            models.CheckConstraint(
                condition=Q(planned_amount__gte=0) & Q(planned_amount__lte=F("cap")),
                name="tranche_planned_within_cap",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.project.code} งวด {self.number}"


class Transfer(models.Model):
    """โอน: money moved to the implementer against a tranche. Never edited.

    A correction is a reversing entry: a new row with the negative amount and ``reverses``
    pointing at the transfer it cancels.
    """

    tranche = models.ForeignKey(
        Tranche, on_delete=models.PROTECT, related_name="transfers", verbose_name=_("tranche")
    )
    # Denormalised from the tranche so report totals group by project without a join.
    project = models.ForeignKey(Project, on_delete=models.PROTECT, related_name="transfers")
    date = models.DateField(_("transfer date"))
    amount = models.DecimalField(_("amount"), max_digits=14, decimal_places=2)
    reference = models.CharField(_("reference"), max_length=200, blank=True)
    evidence = models.FileField(_("evidence"), upload_to="finance/transfers/%Y/", blank=True)
    reverses = models.OneToOneField(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="reversed_by",
        verbose_name=_("reverses"),
    )
    reason = models.TextField(_("reason"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    history = audited()

    class Meta:
        verbose_name = _("transfer")
        verbose_name_plural = _("transfers")
        ordering = ["date", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=(Q(reverses__isnull=True) & Q(amount__gt=0))
                | (Q(reverses__isnull=False) & Q(amount__lt=0) & ~Q(reason="")),
                name="transfer_sign_matches_kind",
            ),
        ]
        indexes = [models.Index(fields=["project", "date"])]

    def __str__(self) -> str:
        return f"{self.tranche} {self.date} {self.amount}"
