"""Programmes and projects: the funded units of work that everything else hangs from.

Work plans, activities, sessions and participants are added to this module by the
monitoring-record work (issue 4). Money (frames, approvals, tranches) lives in tidtam.finance.
"""

from __future__ import annotations

from django.conf import settings
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


# --- Monitoring record (issue 4) ----------------------------------------------------------------
# Invariants live here as database constraints; every workflow lives in services.py.


class ReviewStatus(models.TextChoices):
    """Review state of a session, a reporting period (and the indicators' results).

    A reporting period in DRAFT is "open". The allowed moves are in ``tidtam.projects.review``.
    """

    DRAFT = "draft", _("draft")
    SUBMITTED = "submitted", _("submitted")
    RETURNED = "returned", _("returned for revision")
    APPROVED = "approved", _("approved (locked)")


class ProjectTeamMember(models.Model):
    """A person's role in a project (seed 000's บทบาทหน้าที่ในโครงการ table)."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="team_members")
    position = models.PositiveSmallIntegerField(_("order"), default=0)
    person = models.ForeignKey(
        "organisations.Person", on_delete=models.PROTECT, related_name="project_roles"
    )
    organisation = models.ForeignKey(
        Organisation, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    role = models.TextField(_("role in the project"))

    history = audited()

    class Meta:
        verbose_name = _("project team member")
        verbose_name_plural = _("project team members")
        ordering = ["project", "position", "pk"]

    def __str__(self) -> str:
        return f"{self.person}: {self.role}"


class ProjectTargetGroup(models.Model):
    """A target group of a project with its planned count (e.g. "ครัวเรือนริมทางรถไฟ", 2,439)."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="target_groups")
    description = models.CharField(_("target group"), max_length=500)
    count = models.PositiveIntegerField(_("count"), null=True, blank=True)
    unit = models.CharField(_("unit"), max_length=50, blank=True)

    history = audited()

    class Meta:
        verbose_name = _("target group")
        verbose_name_plural = _("target groups")

    def __str__(self) -> str:
        return self.description


class WorkPlan(models.Model):
    """แผนงาน: a numbered group of activities inside a project ("แผนงานที่ 1")."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="plans")
    number = models.PositiveSmallIntegerField(_("number"))
    title = models.CharField(_("title"), max_length=1000)
    # Where the plan sits in the budget plan when it is numbered differently
    # ("แผนงบประมาณอยู่ในลำดับที่ 4 และ 5").
    budget_plan_reference = models.CharField(_("budget plan reference"), max_length=300, blank=True)

    history = audited()

    class Meta:
        verbose_name = _("work plan")
        verbose_name_plural = _("work plans")
        ordering = ["project", "number"]
        constraints = [
            models.UniqueConstraint(fields=["project", "number"], name="workplan_unique_number"),
            models.CheckConstraint(condition=models.Q(number__gte=1), name="workplan_number_pos"),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.title}"


class Activity(models.Model):
    """กิจกรรม: numbered inside its plan ("1.1"), planned as N sessions in planned months."""

    plan = models.ForeignKey(WorkPlan, on_delete=models.CASCADE, related_name="activities")
    number = models.CharField(_("number"), max_length=20)
    # Sort key derived from the number by the services ("1.10" after "1.9").
    position = models.PositiveIntegerField(default=0, editable=False)
    # The activity's number in the budget plan when it differs ("กิจกรรมที่ 2.2 (แผนงบประมาณ)").
    budget_number = models.CharField(_("number in the budget plan"), max_length=20, blank=True)
    title = models.CharField(_("title"), max_length=1000)
    planned_start = models.DateField(_("planned start"), null=True, blank=True)
    planned_end = models.DateField(_("planned end"), null=True, blank=True)
    planned_sessions = models.PositiveSmallIntegerField(_("planned sessions (N)"), default=1)
    # Free reference to the budget line in tidtam.finance (read by the finance engineer).
    budget_line_reference = models.CharField(_("budget line reference"), max_length=300, blank=True)
    rescheduled_reason = models.TextField(_("reason for rescheduling"), blank=True)
    progress_note = models.TextField(_("progress note"), blank=True)

    history = audited()

    class Meta:
        verbose_name = _("activity")
        verbose_name_plural = _("activities")
        ordering = ["plan__number", "position", "number"]
        constraints = [
            models.UniqueConstraint(fields=["plan", "number"], name="activity_unique_number"),
            models.CheckConstraint(
                condition=models.Q(planned_sessions__gte=1), name="activity_planned_sessions_pos"
            ),
            models.CheckConstraint(
                condition=models.Q(planned_end__isnull=True)
                | models.Q(planned_start__isnull=True)
                | models.Q(planned_end__gte=models.F("planned_start")),
                name="activity_planned_end_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.title}"


class ActivityMonth(models.Model):
    """One ✓ of Table 1: a month (CE year + month) in which the activity is planned.

    ``rescheduled`` rows are the new months given when the activity is moved.
    """

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="months")
    year = models.PositiveSmallIntegerField(_("year (CE)"))
    month = models.PositiveSmallIntegerField(_("month"))
    rescheduled = models.BooleanField(_("rescheduled month"), default=False)

    history = audited()

    class Meta:
        verbose_name = _("planned month")
        verbose_name_plural = _("planned months")
        ordering = ["activity", "rescheduled", "year", "month"]
        constraints = [
            models.UniqueConstraint(
                fields=["activity", "year", "month", "rescheduled"], name="activitymonth_unique"
            ),
            models.CheckConstraint(
                condition=models.Q(month__gte=1, month__lte=12), name="activitymonth_month_1_12"
            ),
            models.CheckConstraint(
                condition=models.Q(year__gte=1900, year__lte=2400), name="activitymonth_year_is_ce"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.year}-{self.month:02d}"


class PlannedOutput(models.Model):
    """A planned output of an activity (Table 3's right column) with its quantity and unit."""

    activity = models.ForeignKey(Activity, on_delete=models.CASCADE, related_name="planned_outputs")
    position = models.PositiveSmallIntegerField(_("order"), default=0)
    description = models.TextField(_("planned output"))
    quantity = models.DecimalField(
        _("quantity"), max_digits=12, decimal_places=2, null=True, blank=True
    )
    unit = models.CharField(_("unit"), max_length=50, blank=True)

    history = audited()

    class Meta:
        verbose_name = _("planned output")
        verbose_name_plural = _("planned outputs")
        ordering = ["activity", "position", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(quantity__isnull=True) | models.Q(quantity__gte=0),
                name="plannedoutput_quantity_nonneg",
            )
        ]

    def __str__(self) -> str:
        return self.description


class ChangeRequestStatus(models.TextChoices):
    PENDING = "pending", _("pending")
    APPROVED = "approved", _("approved")
    REJECTED = "rejected", _("rejected")


class ChangeRequest(models.Model):
    """A change of plan after approval; takes effect only when the funder side approves it.

    ``old_plan`` / ``new_plan`` are JSON snapshots of the activity (or of a new activity) made
    by ``services.change_request_submit``; ``services.change_request_approve`` applies them.
    """

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="change_requests")
    activity = models.ForeignKey(
        Activity, on_delete=models.SET_NULL, null=True, blank=True, related_name="change_requests"
    )
    old_plan = models.JSONField(_("plan before"), default=dict, blank=True)
    new_plan = models.JSONField(_("plan after"), default=dict)
    reason = models.TextField(_("reason"))
    status = models.CharField(
        _("status"),
        max_length=20,
        choices=ChangeRequestStatus.choices,
        default=ChangeRequestStatus.PENDING,
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    requested_at = models.DateTimeField(_("requested at"))
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    decision_note = models.TextField(_("decision note"), blank=True)

    history = audited()

    class Meta:
        verbose_name = _("change request")
        verbose_name_plural = _("change requests")
        ordering = ["-requested_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.project.code}: {self.reason[:50]}"


class ReportingPeriod(models.Model):
    """A reporting period of a project; approved = locked (its sessions cannot be edited)."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="reporting_periods")
    start = models.DateField(_("start"))
    end = models.DateField(_("end"))
    status = models.CharField(
        _("status"), max_length=20, choices=ReviewStatus.choices, default=ReviewStatus.DRAFT
    )
    submitted_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)

    history = audited()

    class Meta:
        verbose_name = _("reporting period")
        verbose_name_plural = _("reporting periods")
        ordering = ["project", "start"]
        constraints = [
            models.UniqueConstraint(fields=["project", "start"], name="reportingperiod_unique"),
            models.CheckConstraint(
                condition=models.Q(end__gte=models.F("start")),
                name="reportingperiod_end_after_start",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.project.code} {self.start}–{self.end}"

    @property
    def is_locked(self) -> bool:
        return self.status == ReviewStatus.APPROVED


class Session(models.Model):
    """ครั้งที่ n/N: one held session of an activity, or an unplanned record under a budget
    category (seed 000's "หมวดค่าบุคลากร" rows), or one record of an imported activity log."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="sessions")
    activity = models.ForeignKey(
        Activity, on_delete=models.PROTECT, null=True, blank=True, related_name="sessions"
    )
    budget_category = models.CharField(_("budget category"), max_length=200, blank=True)
    title = models.CharField(_("title"), max_length=1000, blank=True)
    number = models.PositiveSmallIntegerField(_("session number (n)"), null=True, blank=True)
    start_date = models.DateField(_("start date"))
    end_date = models.DateField(_("end date"), null=True, blank=True)
    start_time = models.TimeField(_("start time"), null=True, blank=True)
    end_time = models.TimeField(_("end time"), null=True, blank=True)
    opened_at = models.TimeField(_("meeting opened at"), null=True, blank=True)
    closed_at = models.TimeField(_("meeting closed at"), null=True, blank=True)
    place = models.CharField(_("place"), max_length=500, blank=True)
    subdistrict = models.ForeignKey(
        Subdistrict, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    community = models.ForeignKey(
        Community, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    purpose = models.TextField(_("purpose"), blank=True)
    expected_result = models.TextField(_("expected result"), blank=True)
    activities_done = models.TextField(_("what was done"), blank=True)
    results = models.TextField(_("results"), blank=True)
    problems = models.TextField(_("problems"), blank=True)
    solutions = models.TextField(_("solutions"), blank=True)
    status = models.CharField(
        _("status"), max_length=20, choices=ReviewStatus.choices, default=ReviewStatus.DRAFT
    )
    # Sent by the offline field-entry page; a second send with the same key returns the first.
    idempotency_key = models.CharField(max_length=100, null=True, blank=True, unique=True)
    # The original text of an imported record, and its import key (re-imports change nothing).
    source_text = models.TextField(_("original text"), blank=True)
    source_key = models.CharField(max_length=200, null=True, blank=True)
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    history = audited()

    class Meta:
        verbose_name = _("session")
        verbose_name_plural = _("sessions")
        ordering = ["project", "start_date", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end_date__isnull=True)
                | models.Q(end_date__gte=models.F("start_date")),
                name="session_end_after_start",
            ),
            models.CheckConstraint(
                condition=models.Q(number__isnull=True) | models.Q(number__gte=1),
                name="session_number_pos",
            ),
            models.CheckConstraint(
                condition=models.Q(activity__isnull=False)
                | ~models.Q(budget_category="")
                | ~models.Q(title=""),
                name="session_has_activity_or_category_or_title",
            ),
            models.UniqueConstraint(
                fields=["project", "source_key"],
                condition=models.Q(source_key__isnull=False),
                name="session_unique_source_key",
            ),
        ]
        indexes = [models.Index(fields=["project", "start_date"])]

    def __str__(self) -> str:
        return f"{self.start_date} {self.title or self.activity_id or self.budget_category}"


class AgendaItem(models.Model):
    """วาระที่ n of a session's minutes, with its summary (สรุปสาระ)."""

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="agenda_items")
    number = models.PositiveSmallIntegerField(_("number"))
    title = models.TextField(_("agenda item"))
    summary = models.TextField(_("summary"), blank=True)

    history = audited()

    class Meta:
        verbose_name = _("agenda item")
        verbose_name_plural = _("agenda items")
        ordering = ["session", "number"]
        constraints = [
            models.UniqueConstraint(fields=["session", "number"], name="agendaitem_unique_number")
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.title[:60]}"


class CountSource(models.TextChoices):
    """Where a set of participant counts comes from; a session keeps one set per source."""

    ENTRY = "entry", _("typed entry")
    TABLE2 = "table2", _("progress report Table 2")
    SUMMARY_FORM = "summary_form", _("activity summary form")
    IMPORT = "import", _("import")


# Participant count fields: NULL = unknown ("..คน"), 0 = none ("-").
PARTICIPANT_FIELDS: tuple[str, ...] = (
    "total",
    "men",
    "women",
    "project_team",
    "csnm",
    "community_leaders",
    "civil_society_people",
    "civil_society_orgs",
    "civil_society_women",
    "municipality_people",
    "municipality_units",
    "government_people",
    "government_units",
    "academia_people",
    "academia_units",
    "business_media_people",
    "business_media_units",
    "others_people",
)


def _count(label: str) -> models.PositiveIntegerField:
    return models.PositiveIntegerField(label, null=True, blank=True)


class ParticipantCount(models.Model):
    """Participants of a session, counted not named, as given by one source.

    NULL means unknown ("..คน"), 0 means none ("-"). Typed input is checked by
    ``calculations.participant_errors``; imported values are stored as given and flagged by
    ``calculations.participant_inconsistencies``.
    """

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="counts")
    source = models.CharField(_("source"), max_length=20, choices=CountSource.choices)
    total = _count(_("total"))
    men = _count(_("men"))
    women = _count(_("women"))
    project_team = _count(_("project team"))
    csnm = _count(_("CSNM"))
    community_leaders = _count(_("community leaders"))
    civil_society_people = _count(_("civil society (people)"))
    civil_society_orgs = _count(_("civil society (organisations)"))
    civil_society_women = _count(_("women of civil society"))
    municipality_people = _count(_("municipality (people)"))
    municipality_units = _count(_("municipality (units)"))
    government_people = _count(_("government (people)"))
    government_units = _count(_("government (agencies)"))
    academia_people = _count(_("academia (people)"))
    academia_units = _count(_("academia (institutions)"))
    business_media_people = _count(_("business / media (people)"))
    business_media_units = _count(_("business / media (units)"))
    others_people = _count(_("others (people)"))
    others_label = models.CharField(_("others are"), max_length=200, blank=True)

    history = audited()

    class Meta:
        verbose_name = _("participant count")
        verbose_name_plural = _("participant counts")
        constraints = [
            models.UniqueConstraint(
                fields=["session", "source"], name="participantcount_unique_source"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.session_id} {self.source}: {self.total}"


class OutputAchieved(models.Model):
    """An output a session produced, optionally against a planned output (Table 3)."""

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="outputs")
    planned_output = models.ForeignKey(
        PlannedOutput, on_delete=models.SET_NULL, null=True, blank=True, related_name="achieved"
    )
    description = models.TextField(_("output achieved"), blank=True)
    quantity = models.DecimalField(
        _("quantity"), max_digits=12, decimal_places=2, null=True, blank=True
    )

    history = audited()

    class Meta:
        verbose_name = _("output achieved")
        verbose_name_plural = _("outputs achieved")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(quantity__isnull=True) | models.Q(quantity__gte=0),
                name="outputachieved_quantity_nonneg",
            )
        ]

    def __str__(self) -> str:
        return self.description[:60]


class EvidenceKind(models.TextChoices):
    MINUTES = "minutes", _("minutes")
    REGISTRATION = "registration", _("registration sheet")
    RECEIPT = "receipt", _("receipt")
    PHOTO = "photo", _("photo")
    OTHER = "other", _("other")


def evidence_upload_to(instance: Evidence, filename: str) -> str:
    """Store every upload under a random name; the original name is kept in a field."""
    import uuid

    return f"evidence/{uuid.uuid4().hex}"


class Evidence(models.Model):
    """A file attached to a session (minutes, registration sheet, receipt, photo).

    Served only through ``services.evidence_open`` (attachment, nosniff), never inline HTML.
    """

    session = models.ForeignKey(Session, on_delete=models.CASCADE, related_name="evidence")
    kind = models.CharField(_("kind"), max_length=20, choices=EvidenceKind.choices)
    file = models.FileField(_("file"), upload_to=evidence_upload_to, max_length=200)
    original_name = models.CharField(_("original name"), max_length=255)
    content_type = models.CharField(_("content type"), max_length=100)
    size = models.PositiveBigIntegerField(_("size (bytes)"))
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)

    history = audited()

    class Meta:
        verbose_name = _("evidence")
        verbose_name_plural = _("evidence")
        ordering = ["session", "uploaded_at", "pk"]

    def __str__(self) -> str:
        return self.original_name


class ReviewComment(models.Model):
    """A reviewer's comment on one item of a reporting period (optionally one session)."""

    period = models.ForeignKey(ReportingPeriod, on_delete=models.CASCADE, related_name="comments")
    session = models.ForeignKey(
        Session, on_delete=models.CASCADE, null=True, blank=True, related_name="review_comments"
    )
    item = models.CharField(_("item"), max_length=300, blank=True)
    text = models.TextField(_("comment"))
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(_("written at"), auto_now_add=True)
    resolved = models.BooleanField(_("resolved"), default=False)

    history = audited()

    class Meta:
        verbose_name = _("review comment")
        verbose_name_plural = _("review comments")
        ordering = ["period", "created_at", "pk"]

    def __str__(self) -> str:
        return self.text[:60]
