"""People who sign in to Tidtam, their grants (role + scope), and their accounts' lock-out state."""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _

from tidtam.audit.history import audited


class User(AbstractUser):
    """An account. What it may see and do comes from its grants (see ``tidtam.accounts.access``)."""

    display_name = models.CharField(_("display name"), max_length=200, blank=True)
    # Bumped by "log out everywhere": sessions created under an older epoch are ended.
    session_epoch = models.PositiveIntegerField(default=0)
    failed_login_count = models.PositiveIntegerField(default=0)
    locked_until = models.DateTimeField(_("locked until"), null=True, blank=True)

    class Meta:
        verbose_name = _("user account")
        verbose_name_plural = _("user accounts")

    def __str__(self) -> str:
        return self.display_name or self.get_username()


class Role(models.TextChoices):
    """What a person does in Tidtam; what each role may do is ``access.ROLE_ACTIONS``."""

    FIELD_STAFF = "field_staff", _("field staff")
    COORDINATOR = "coordinator", _("project coordinator")
    FINANCE_OFFICER = "finance_officer", _("project finance officer")
    AREA_OFFICER = "area_officer", _("regional or provincial officer")
    COMMITTEE_MEMBER = "committee_member", _("committee member")
    ANALYST = "analyst", _("head-office analyst")
    FUNDER = "funder", _("funder")
    AUDITOR = "auditor", _("auditor")
    ADMINISTRATOR = "administrator", _("administrator")


class ScopeKind(models.TextChoices):
    COUNTRY = "country", _("whole country")
    REGION = "region", _("region")
    PROVINCE = "province", _("province")
    DISTRICT = "district", _("district")
    SUBDISTRICT = "subdistrict", _("subdistrict")
    ORGANISATION = "organisation", _("organisation")


class Grant(models.Model):
    """One (role, scope) pair of a user: e.g. area officer of region เหนือ, coordinator of an organisation.

    Exactly one scope field is set, except for the whole country where none is (a database
    check constraint enforces it). An organisation scope includes the network's member
    organisations (children through ``Organisation.parent``).
    """

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="grants",
        verbose_name=_("user"),
    )
    role = models.CharField(_("role"), max_length=30, choices=Role.choices)
    region = models.ForeignKey(
        "areas.Region",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("region"),
    )
    province = models.ForeignKey(
        "areas.Province",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("province"),
    )
    district = models.ForeignKey(
        "areas.District",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("district"),
    )
    subdistrict = models.ForeignKey(
        "areas.Subdistrict",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("subdistrict"),
    )
    organisation = models.ForeignKey(
        "organisations.Organisation",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("organisation"),
    )
    granted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("granted by"),
    )
    created_at = models.DateTimeField(_("granted at"), auto_now_add=True)

    history = audited()

    SCOPE_FIELDS = ("region", "province", "district", "subdistrict", "organisation")

    class Meta:
        verbose_name = _("grant")
        verbose_name_plural = _("grants")
        ordering = ["user", "role"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(
                        region__isnull=True,
                        province__isnull=True,
                        district__isnull=True,
                        subdistrict__isnull=True,
                        organisation__isnull=True,
                    )
                    | models.Q(
                        region__isnull=False,
                        province__isnull=True,
                        district__isnull=True,
                        subdistrict__isnull=True,
                        organisation__isnull=True,
                    )
                    | models.Q(
                        region__isnull=True,
                        province__isnull=False,
                        district__isnull=True,
                        subdistrict__isnull=True,
                        organisation__isnull=True,
                    )
                    | models.Q(
                        region__isnull=True,
                        province__isnull=True,
                        district__isnull=False,
                        subdistrict__isnull=True,
                        organisation__isnull=True,
                    )
                    | models.Q(
                        region__isnull=True,
                        province__isnull=True,
                        district__isnull=True,
                        subdistrict__isnull=False,
                        organisation__isnull=True,
                    )
                    | models.Q(
                        region__isnull=True,
                        province__isnull=True,
                        district__isnull=True,
                        subdistrict__isnull=True,
                        organisation__isnull=False,
                    )
                ),
                name="grant_at_most_one_scope",
            ),
        ]

    def __str__(self) -> str:
        scope = self.scope
        where = str(scope) if scope is not None else ScopeKind.COUNTRY.label
        return f"{self.user} · {self.get_role_display()} · {where}"

    @property
    def scope_kind(self) -> ScopeKind:
        """Return which kind of scope this grant has."""
        for name in self.SCOPE_FIELDS:
            if getattr(self, f"{name}_id") is not None:
                return ScopeKind(name)
        return ScopeKind.COUNTRY

    def get_scope_kind_display(self) -> str:
        """Return the scope kind's label ("region", "whole country"...)."""
        return str(self.scope_kind.label)

    @property
    def scope(self) -> object | None:
        """Return the scope object (a region, province... or organisation), None for the country."""
        kind = self.scope_kind
        return None if kind == ScopeKind.COUNTRY else getattr(self, kind.value)
