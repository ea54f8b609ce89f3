"""Indicators (ตัวชี้วัด), their targets (เป้าหมาย) and revisions, and results (ผล) with their review.

The arithmetic on these rows (cumulative results, carried-forward targets, percents, colours,
pass/fail) lives in ``tidtam.results.calculations``; the report rows come from
``tidtam.results.selectors``. Quarter 0 of a target or result means "the whole year".
"""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from tidtam.areas.models import Province, Region
from tidtam.audit.history import audited
from tidtam.organisations.models import Organisation
from tidtam.projects.models import Programme, Project, ReviewStatus


class IndicatorLevel(models.TextChoices):
    PROGRAMME = "programme", _("programme")
    ORGANISATION = "organisation", _("organisation (head office or region)")
    PROJECT = "project", _("project")


class IndicatorKind(models.TextChoices):
    """How an indicator's targets and results are read (see docs/indicators.md)."""

    COUNT = "count", _("count with quarterly targets")
    PERCENTAGE = "percentage", _("percentage or score with an annual target")
    PASS_FAIL = "pass_fail", _("pass or fail")
    MILESTONES = "milestones", _("milestones per quarter")
    BASE_PERCENT = "base_percent", _("cumulative percentage of a base")
    COMPOSITE = "composite", _("composite (sum of components)")


class Direction(models.TextChoices):
    HIGHER = "higher", _("higher is better")
    LOWER = "lower", _("lower is better")


class ColourRule(models.TextChoices):
    """Which colour a percent gets; thresholds come from the indicator (default 50 / 80)."""

    DEFAULT = "default", _("default: red below 50, yellow 50 to 80, green above 80 (percent)")
    THRESHOLDS = "thresholds", _("own thresholds")
    GREEN_WHEN_NONE = "green_when_none", _("green when nothing happened (demand-driven)")
    NONE = "none", _("no colour")


class PassRule(models.TextChoices):
    REACHES_TARGET = "reaches_target", _("passes when the result reaches the target")
    GREEN = "green", _("passes when the colour is green")


class IndicatorSource(models.TextChoices):
    """Where results come from: typed in by the responsible unit, or computed from Tidtam's data."""

    MANUAL = "", _("entered by the responsible unit")
    SESSIONS_HELD = "sessions_held", _("number of sessions held")
    WOMEN_PARTICIPANTS = "women_participants", _("participants who are women")
    BUDGET_DISBURSED = "budget_disbursed_percent", _("percent of approved budget disbursed")


class Indicator(models.Model):
    """ตัวชี้วัด: what is measured, how its numbers are read and coloured, and who reports it."""

    level = models.CharField(_("level"), max_length=20, choices=IndicatorLevel.choices)
    programme = models.ForeignKey(
        Programme,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="indicators",
        verbose_name=_("programme"),
    )
    organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="indicators",
        verbose_name=_("organisation"),
    )
    project = models.ForeignKey(
        Project,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="indicators",
        verbose_name=_("project"),
    )
    code = models.CharField(_("code"), max_length=30)
    # Codes sort as numbers ("1.10" after "1.9"); computed from ``code`` by the services.
    sort_key = models.CharField(max_length=120, editable=False, default="")
    name = models.CharField(_("name"), max_length=1000)
    unit = models.CharField(_("unit"), max_length=100, blank=True)
    kind = models.CharField(
        _("kind"), max_length=20, choices=IndicatorKind.choices, default=IndicatorKind.COUNT
    )
    # The base of a "cumulative percentage of a base" indicator (e.g. 267 staff).
    base = models.DecimalField(_("base"), max_digits=18, decimal_places=2, null=True, blank=True)
    direction = models.CharField(
        _("direction"), max_length=10, choices=Direction.choices, default=Direction.HIGHER
    )
    owner = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="owned_indicators",
        verbose_name=_("responsible unit"),
    )
    colour_rule = models.CharField(
        _("colour rule"), max_length=20, choices=ColourRule.choices, default=ColourRule.DEFAULT
    )
    red_below = models.DecimalField(
        _("red below (percent)"), max_digits=7, decimal_places=2, default=Decimal("50")
    )
    green_above = models.DecimalField(
        _("green above (percent)"), max_digits=7, decimal_places=2, default=Decimal("80")
    )
    pass_rule = models.CharField(
        _("pass rule"), max_length=20, choices=PassRule.choices, default=PassRule.REACHES_TARGET
    )
    source = models.CharField(
        _("source of results"),
        max_length=40,
        choices=IndicatorSource.choices,
        default=IndicatorSource.MANUAL,
        blank=True,
    )
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="components",
        verbose_name=_("part of (composite)"),
    )
    # The regions whose offices report this indicator (their officers see it and enter results).
    regions = models.ManyToManyField(
        Region, blank=True, related_name="indicators", verbose_name=_("regions that report it")
    )
    description = models.TextField(_("definition"), blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = audited()

    class Meta:
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        ordering = ["sort_key", "code"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    Q(
                        level="programme",
                        programme__isnull=False,
                        organisation__isnull=True,
                        project__isnull=True,
                    )
                    | Q(
                        level="organisation",
                        programme__isnull=True,
                        organisation__isnull=False,
                        project__isnull=True,
                    )
                    | Q(
                        level="project",
                        programme__isnull=True,
                        organisation__isnull=True,
                        project__isnull=False,
                    )
                ),
                name="indicator_level_matches_its_link",
            ),
            models.UniqueConstraint(
                fields=["programme", "code"],
                condition=Q(level="programme"),
                name="indicator_code_unique_in_programme",
            ),
            models.UniqueConstraint(
                fields=["organisation", "code"],
                condition=Q(level="organisation"),
                name="indicator_code_unique_in_organisation",
            ),
            models.UniqueConstraint(
                fields=["project", "code"],
                condition=Q(level="project"),
                name="indicator_code_unique_in_project",
            ),
            models.CheckConstraint(
                condition=Q(red_below__lte=models.F("green_above")),
                name="indicator_thresholds_ordered",
            ),
            models.CheckConstraint(
                condition=Q(base__isnull=True) | Q(base__gt=0), name="indicator_base_positive"
            ),
            models.CheckConstraint(
                condition=~Q(kind="base_percent") | Q(base__isnull=False),
                name="indicator_base_percent_has_base",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.name}"

    def clean(self) -> None:
        if self.parent_id is not None and self.parent_id == self.pk:
            raise ValidationError({"parent": _("An indicator cannot be its own component.")})
        if self.kind == IndicatorKind.BASE_PERCENT and self.base is None:
            raise ValidationError({"base": _("A percentage of a base needs the base.")})


def _breakdown_constraints(prefix: str) -> list[models.BaseConstraint]:
    """Return the uniqueness rules of a per-quarter row, for the total and each breakdown."""
    return [
        models.CheckConstraint(
            condition=Q(quarter__gte=0) & Q(quarter__lte=4), name=f"{prefix}_quarter_0_to_4"
        ),
        models.CheckConstraint(
            condition=Q(fiscal_year__gte=2400), name=f"{prefix}_fiscal_year_is_be"
        ),
        models.CheckConstraint(
            condition=Q(region__isnull=True) | Q(province__isnull=True),
            name=f"{prefix}_region_or_province",
        ),
        models.UniqueConstraint(
            fields=["indicator", "fiscal_year", "quarter"],
            condition=Q(region__isnull=True, province__isnull=True),
            name=f"{prefix}_unique_total",
        ),
        models.UniqueConstraint(
            fields=["indicator", "fiscal_year", "quarter", "region"],
            condition=Q(region__isnull=False),
            name=f"{prefix}_unique_region",
        ),
        models.UniqueConstraint(
            fields=["indicator", "fiscal_year", "quarter", "province"],
            condition=Q(province__isnull=False),
            name=f"{prefix}_unique_province",
        ),
    ]


class Target(models.Model):
    """เป้าหมาย of one indicator for a fiscal year and quarter (0 = annual), optionally of a region or province.

    For a milestone indicator the value is 1 (a deliverable is due) and ``milestone`` says what.
    For a cumulative percentage of a base the value is the percent of the base due by the quarter.
    """

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="targets")
    fiscal_year = models.PositiveSmallIntegerField(_("fiscal year (BE)"))
    quarter = models.PositiveSmallIntegerField(_("quarter (0 = annual)"))
    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    province = models.ForeignKey(
        Province, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    value = models.DecimalField(_("target"), max_digits=18, decimal_places=2)
    milestone = models.CharField(_("milestone"), max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = audited()

    class Meta:
        verbose_name = _("target")
        verbose_name_plural = _("targets")
        ordering = ["indicator", "fiscal_year", "quarter"]
        constraints = _breakdown_constraints("target")

    def __str__(self) -> str:
        return f"{self.indicator.code} {self.fiscal_year} Q{self.quarter}: {self.value}"


class TargetRevision(models.Model):
    """A change of a target during the year: the old and new value, when, who approved and why."""

    target = models.ForeignKey(Target, on_delete=models.CASCADE, related_name="revisions")
    old_value = models.DecimalField(_("old target"), max_digits=18, decimal_places=2)
    new_value = models.DecimalField(_("new target"), max_digits=18, decimal_places=2)
    revised_on = models.DateField(_("date of revision"))
    approver = models.CharField(_("approved by"), max_length=300)
    reason = models.TextField(_("reason"))
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)

    history = audited()

    class Meta:
        verbose_name = _("target revision")
        verbose_name_plural = _("target revisions")
        ordering = ["target", "revised_on", "pk"]
        constraints = [
            models.CheckConstraint(condition=~Q(reason=""), name="target_revision_has_reason"),
            models.CheckConstraint(condition=~Q(approver=""), name="target_revision_has_approver"),
        ]

    def __str__(self) -> str:
        return f"{self.target}: {self.old_value} → {self.new_value}"


class Result(models.Model):
    """ผล of one indicator for a fiscal year and quarter, optionally of a region or province.

    ``value`` is the quarter's own result (not the cumulative one); a percentage indicator
    reports the level reached; a pass/fail or milestone indicator reports 1 (done) or 0.
    Only approved (locked) results count in reports and dashboards; the review steps are the
    sessions' (``tidtam.projects.review``).
    """

    indicator = models.ForeignKey(Indicator, on_delete=models.CASCADE, related_name="results")
    fiscal_year = models.PositiveSmallIntegerField(_("fiscal year (BE)"))
    quarter = models.PositiveSmallIntegerField(_("quarter"))
    region = models.ForeignKey(
        Region, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    province = models.ForeignKey(
        Province, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    value = models.DecimalField(_("result"), max_digits=18, decimal_places=2, null=True, blank=True)
    narrative = models.TextField(_("what was done"), blank=True)
    next_steps = models.TextField(_("next steps"), blank=True)
    problems = models.TextField(_("problems and obstacles"), blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=ReviewStatus.choices, default=ReviewStatus.DRAFT
    )
    review_comment = models.TextField(_("reviewer's comment"), blank=True)
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    submitted_at = models.DateTimeField(null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    reviewed_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = audited()

    class Meta:
        verbose_name = _("result")
        verbose_name_plural = _("results")
        ordering = ["indicator", "fiscal_year", "quarter"]
        constraints = [
            *_breakdown_constraints("result"),
            models.CheckConstraint(condition=Q(quarter__gte=1), name="result_quarter_not_annual"),
        ]
        indexes = [models.Index(fields=["fiscal_year", "status"])]

    def __str__(self) -> str:
        return f"{self.indicator.code} {self.fiscal_year} Q{self.quarter}: {self.value}"


class DataVersion(models.Model):
    """One row (id 1): a counter the database bumps on every change the dashboards read.

    Written only by the triggers of ``tidtam.results.dataversion`` (never by Django), so it
    keeps no history; the dashboards' cache is keyed by it.
    """

    id = models.PositiveSmallIntegerField(primary_key=True)
    version = models.BigIntegerField()

    class Meta:
        db_table = "results_dataversion"
        verbose_name = _("data version")

    def __str__(self) -> str:
        return str(self.version)
