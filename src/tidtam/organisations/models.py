"""Organisations (community organisations, networks, funders...) and the people in them."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from tidtam.areas.models import District, Province, Subdistrict
from tidtam.audit.history import audited


class OrganisationKind(models.TextChoices):
    COMMUNITY_ORGANISATION = "community_organisation", _("community organisation")
    NETWORK = "network", _("network")
    COOPERATIVE = "cooperative", _("cooperative")
    SAVINGS_GROUP = "savings_group", _("savings group")
    WELFARE_FUND = "welfare_fund", _("community welfare fund")
    COMMUNITY_COUNCIL = "community_council", _("community organisation council")
    ASSOCIATION = "association", _("association")
    FOUNDATION = "foundation", _("foundation")
    NGO = "ngo", _("non-governmental organisation")
    GOVERNMENT_AGENCY = "government_agency", _("government agency")
    LOCAL_GOVERNMENT = "local_government", _("local government")
    UNIVERSITY = "university", _("university or academic institution")
    COMPANY_MEDIA = "company_media", _("company or media")
    FUNDER = "funder", _("funder")


class Organisation(models.Model):
    """A body that proposes, implements, partners in or funds projects."""

    name = models.CharField(_("name"), max_length=300)
    search_name = models.CharField(max_length=300, db_index=True, editable=False)
    short_name = models.CharField(_("short name"), max_length=100, blank=True)
    kind = models.CharField(_("kind"), max_length=30, choices=OrganisationKind.choices)
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="members",
        verbose_name=_("parent organisation / network"),
    )
    # The province the organisation is based in (None for national bodies).
    province = models.ForeignKey(
        Province,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("province"),
    )
    working_provinces = models.ManyToManyField(Province, blank=True, related_name="organisations")
    working_districts = models.ManyToManyField(District, blank=True, related_name="organisations")
    working_subdistricts = models.ManyToManyField(
        Subdistrict, blank=True, related_name="organisations"
    )
    address = models.TextField(_("address"), blank=True)
    phone = models.CharField(_("phone"), max_length=50, blank=True)
    email = models.EmailField(_("email"), blank=True)
    website = models.URLField(_("website"), blank=True)
    notes = models.TextField(_("notes"), blank=True)
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = audited()

    class Meta:
        verbose_name = _("organisation")
        verbose_name_plural = _("organisations")
        constraints = [
            models.UniqueConstraint(
                fields=["search_name", "province"], name="organisation_unique_name_in_province"
            )
        ]

    def __str__(self) -> str:
        return self.name


class Person(models.Model):
    """A person known to Tidtam (team member, leader, contact); not necessarily a user."""

    class Title(models.TextChoices):
        MR = "นาย", "นาย"
        MRS = "นาง", "นาง"
        MISS = "นางสาว", "นางสาว"
        DR = "ดร.", "ดร."
        ASST_PROF = "ผศ.", "ผศ."
        ASSOC_PROF = "รศ.", "รศ."
        PROF = "ศ.", "ศ."
        OTHER = "", _("(none)")

    title = models.CharField(_("title"), max_length=20, choices=Title.choices, blank=True)
    first_name = models.CharField(_("first name"), max_length=100)
    last_name = models.CharField(_("last name"), max_length=100, blank=True)
    # Personal data below is shown only to people whose role needs it (see access rules).
    phone = models.CharField(_("phone"), max_length=50, blank=True)
    email = models.EmailField(_("email"), blank=True)
    line_id = models.CharField(_("LINE ID"), max_length=100, blank=True)
    expertise = models.CharField(_("expertise tags"), max_length=500, blank=True)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="person",
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = audited()

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("people")

    def __str__(self) -> str:
        return f"{self.title}{self.first_name} {self.last_name}".strip()


class Membership(models.Model):
    """A person's membership of an organisation, with the role they hold there."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="memberships")
    organisation = models.ForeignKey(
        Organisation, on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.CharField(_("role"), max_length=200, blank=True)
    start_date = models.DateField(_("from"), null=True, blank=True)
    end_date = models.DateField(_("until"), null=True, blank=True)

    history = audited()

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(
                fields=["person", "organisation", "role"], name="membership_unique"
            ),
            models.CheckConstraint(
                condition=models.Q(end_date__isnull=True)
                | models.Q(start_date__isnull=True)
                | models.Q(end_date__gte=models.F("start_date")),
                name="membership_end_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.person} @ {self.organisation}"
