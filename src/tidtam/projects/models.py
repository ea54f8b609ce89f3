"""Programmes and projects: the funded units of work that everything else hangs from.

Work plans, activities, sessions and participants are added to this module by the
monitoring-record work (issue 4). Money (frames, approvals, tranches) lives in tidtam.finance.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from tidtam.areas.models import Community, Province, Region, Subdistrict
from tidtam.audit.history import audited
from tidtam.organisations.models import Organisation


class Programme(models.Model):
    """A programme (e.g. a regional leaders programme of a fiscal year, or an EU-funded programme)."""

    code = models.CharField(_("code"), max_length=50, unique=True)
    name = models.CharField(_("name"), max_length=500)
    funder = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="funded_programmes",
        verbose_name=_("funder"),
    )
    # Printed at the top of every page of the programme's reports ("Funded by the European Union").
    funder_line = models.CharField(_("funder line"), max_length=300, blank=True)
    owner = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="owned_programmes",
        verbose_name=_("owner organisation"),
    )
    region = models.ForeignKey(
        Region,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="programmes",
        verbose_name=_("region"),
    )
    first_fiscal_year = models.PositiveSmallIntegerField(_("first fiscal year (BE)"))
    last_fiscal_year = models.PositiveSmallIntegerField(_("last fiscal year (BE)"))
    # Reporting periods are counted in months from the project start (e.g. 3 = quarterly reports).
    reporting_period_months = models.PositiveSmallIntegerField(
        _("reporting period (months)"), default=3
    )
    description = models.TextField(_("description"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = audited()

    class Meta:
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(last_fiscal_year__gte=models.F("first_fiscal_year")),
                name="programme_fiscal_years_ordered",
            ),
            models.CheckConstraint(
                condition=models.Q(first_fiscal_year__gte=2400), name="programme_fiscal_year_is_be"
            ),
        ]

    def __str__(self) -> str:
        return self.name


class ProjectLevel(models.TextChoices):
    REGIONAL = "regional", _("regional level")
    PROVINCIAL = "provincial", _("provincial level")
    COMMUNITY = "community", _("community level")


class ProjectStatus(models.TextChoices):
    DRAFT = "draft", _("draft")
    PROPOSED = "proposed", _("proposed")
    RETURNED = "returned", _("returned for revision")
    APPROVED = "approved", _("approved")
    ACTIVE = "active", _("active")
    CLOSED = "closed", _("closed")
    CANCELLED = "cancelled", _("cancelled")


class Project(models.Model):
    """โครงการ: a funded unit of work with a code, an agreement, a period and an implementer."""

    programme = models.ForeignKey(Programme, on_delete=models.PROTECT, related_name="projects")
    code = models.CharField(_("code"), max_length=50, unique=True)
    agreement_number = models.CharField(_("agreement number"), max_length=100, blank=True)
    title = models.CharField(_("title"), max_length=1000)
    level = models.CharField(_("level"), max_length=20, choices=ProjectLevel.choices)
    phase = models.CharField(_("phase"), max_length=100, blank=True)
    proposing_organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="proposed_projects",
        verbose_name=_("proposing organisation"),
    )
    implementing_organisation = models.ForeignKey(
        Organisation,
        on_delete=models.PROTECT,
        related_name="implemented_projects",
        verbose_name=_("implementing organisation"),
    )
    # The province the project belongs to in budget tables; None for a regional-level project.
    province = models.ForeignKey(
        Province,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="projects",
        verbose_name=_("province"),
    )
    working_provinces = models.ManyToManyField(
        Province, blank=True, related_name="working_projects"
    )
    working_subdistricts = models.ManyToManyField(Subdistrict, blank=True, related_name="projects")
    communities = models.ManyToManyField(Community, blank=True, related_name="projects")
    cities = models.CharField(_("cities"), max_length=500, blank=True)
    start_date = models.DateField(_("start date"), null=True, blank=True)
    end_date = models.DateField(_("end date"), null=True, blank=True)
    objectives = models.TextField(_("objectives"), blank=True)
    expected_results = models.TextField(_("expected results"), blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=ProjectStatus.choices, default=ProjectStatus.DRAFT
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = audited()

    class Meta:
        verbose_name = _("project")
        verbose_name_plural = _("projects")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_date__isnull=True)
                | models.Q(start_date__isnull=True)
                | models.Q(end_date__gte=models.F("start_date")),
                name="project_end_after_start",
            ),
        ]
        indexes = [models.Index(fields=["programme", "level"])]

    def __str__(self) -> str:
        return f"{self.code} {self.title}"
