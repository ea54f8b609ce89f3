"""Spreadsheet kinds "organisations" and "people" (with their memberships).

Organisations are matched by name (compared as ``organisation_key``, so "จ.ขอนแก่น" equals
"จังหวัดขอนแก่น") and province; people by their Tidtam number ("รหัส", written by the export)
or, for a row without one, by first and last name. Writes go through
``tidtam.organisations.services``.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Sequence
from typing import Any

from django.db.models import Q

from tidtam.accounts import access
from tidtam.areas.names import normalize_name, organisation_key
from tidtam.imports.kinds import Context, Kind, RowRefused, SheetHandler
from tidtam.imports.sheets.common import organisation_type, province_type
from tidtam.imports.values import Choice, Column, ColumnType, Date, Integer, Reference, YesNo
from tidtam.organisations import services
from tidtam.organisations.access import may_add_organisation
from tidtam.organisations.models import Membership, Organisation, OrganisationKind, Person


def _may_change(user: Any, record: Any) -> bool:
    return user is None or access.can(user, access.Action.CHANGE, record)


class OrganisationSheet(SheetHandler):
    name = "องค์กร"
    title = "องค์กรชุมชน เครือข่าย หน่วยงาน: หนึ่งแถวต่อหนึ่งองค์กร"
    columns = (
        Column(
            "name",
            "ชื่อองค์กร",
            ColumnType(max_length=300),
            required=True,
            width=40,
            example="สภาองค์กรชุมชนตำบลศิลา",
        ),
        Column(
            "province",
            "จังหวัดที่ตั้ง",
            province_type(),
            help="จังหวัดที่องค์กรตั้งอยู่ เว้นว่างสำหรับหน่วยงานระดับประเทศ",
            example="ขอนแก่น",
        ),
        Column("short_name", "ชื่อย่อ", ColumnType(max_length=100), example="สอช.ศิลา"),
        Column(
            "kind",
            "ประเภท",
            Choice.of(OrganisationKind.choices),
            required=True,
            width=26,
            example=str(OrganisationKind.COMMUNITY_COUNCIL.label),
        ),
        Column(
            "parent",
            "สังกัดเครือข่าย",
            organisation_type(),
            width=36,
            field="parent",
            help='ชื่อเครือข่ายหรือองค์กรแม่ ถ้าชื่อซ้ำหลายจังหวัดให้ใส่จังหวัดในวงเล็บ เช่น "เครือข่ายฯ (ขอนแก่น)"',
        ),
        Column(
            "working_provinces",
            "จังหวัดที่ทำงาน",
            province_type(many=True),
            width=30,
            help="หลายจังหวัดคั่นด้วยจุลภาค",
            example="ขอนแก่น, มหาสารคาม",
        ),
        Column("address", "ที่อยู่", ColumnType(multiline=True), width=40),
        Column("phone", "โทรศัพท์", ColumnType(max_length=50)),
        Column("email", "อีเมล", ColumnType(max_length=254)),
        Column("website", "เว็บไซต์", ColumnType(max_length=200)),
        Column("notes", "หมายเหตุ", ColumnType(multiline=True), width=30),
        Column("is_active", "ยังดำเนินงาน", YesNo(), help="ใช่ / ไม่ใช่ (ว่าง = ใช่)"),
    )
    key_columns = ("name", "province")

    def key(self, values: dict[str, Any]) -> Hashable:
        province = values.get("province")
        return (organisation_key(values.get("name") or ""), province.code if province else "")

    def existing(self, keys: Sequence[Hashable], ctx: Context) -> dict[Hashable, Any]:
        names = {k[0] for k in keys}  # type: ignore[index]
        found: dict[Hashable, Any] = {}
        qs = Organisation.objects.filter(search_name__in=names).select_related(
            "province", "parent__province"
        )
        for org in qs.prefetch_related("working_provinces"):
            found[(org.search_name, org.province_id or "")] = org
        return found

    def current(self, record: Organisation) -> dict[str, Any]:
        return {
            "name": record.name,
            "province": record.province,
            "short_name": record.short_name,
            "kind": record.kind,
            "parent": record.parent,
            "working_provinces": list(record.working_provinces.all()),
            "address": record.address,
            "phone": record.phone,
            "email": record.email,
            "website": record.website,
            "notes": record.notes,
            "is_active": record.is_active,
        }

    def may_change(self, record: Any, ctx: Context) -> bool:
        return _may_change(ctx.user, record)

    def create(self, values: dict[str, Any], ctx: Context) -> Organisation:
        if ctx.user is not None and not may_add_organisation(
            ctx.user, province=values.get("province"), parent=values.get("parent")
        ):
            raise RowRefused("ไม่มีสิทธิ์เพิ่มองค์กรในจังหวัดนี้")
        fields = {k: v for k, v in values.items() if v is not None and k != "is_active"}
        organisation = services.organisation_create(by=ctx.user, **fields)
        if values.get("is_active") is False:
            organisation = services.organisation_update(organisation, by=ctx.user, is_active=False)
        return organisation

    def update(
        self, record: Any, changes: dict[str, Any], values: dict[str, Any], ctx: Context
    ) -> Any:
        fields = dict(changes)
        if fields.get("is_active") is None and "is_active" in fields:
            fields["is_active"] = True
        for text_field in ("short_name", "address", "phone", "email", "website", "notes"):
            if text_field in fields and fields[text_field] is None:
                fields[text_field] = ""
        if "working_provinces" in fields and fields["working_provinces"] is None:
            fields["working_provinces"] = []
        return services.organisation_update(record, by=ctx.user, **fields)

    def export(self, user: Any, filters: dict[str, Any]) -> Iterable[Organisation]:
        qs = Organisation.objects.select_related("province", "parent__province").prefetch_related(
            "working_provinces"
        )
        if user is not None:
            qs = access.scoped(user, qs)
        if filters.get("province"):
            qs = qs.filter(
                Q(province__name_th=filters["province"]) | Q(province__code=filters["province"])
            )
        return qs.order_by("province_id", "search_name")


# --- people ----------------------------------------------------------------------------------

_PERSONAL = ("phone", "email", "line_id")


def _person_name(person: Person) -> str:
    return f"{person.first_name} {person.last_name}".strip()


def _find_person(text: str) -> tuple[Person | None, str]:
    text = text.strip()
    if text.isdigit():
        found = Person.objects.filter(pk=int(text)).first()
        return found, "" if found else f"ไม่พบบุคคลรหัส {text}"
    _title, first, last = services.split_person_name(text)
    people = list(Person.objects.filter(first_name=first, last_name=last)[:3])
    if len(people) == 1:
        return people[0], ""
    if people:
        return None, f'มีหลายคนชื่อ "{text}": ใส่รหัสบุคคลแทนชื่อ'
    return None, f'ไม่พบบุคคล "{text}" (เพิ่มในแผ่นงาน “บุคคล” ก่อน)'


def _may_see_personal(user: Any) -> bool:
    return user is None or access.may_anywhere(
        user, access.Action.VIEW_PERSONAL, access.DataKind.REFERENCE
    )


class PersonSheet(SheetHandler):
    name = "บุคคล"
    title = "บุคคล (ทีมงาน ผู้นำ ผู้ประสานงาน): หนึ่งแถวต่อหนึ่งคน; แถวใหม่เว้นรหัสว่าง"
    columns = (
        Column("id", "รหัส", Integer(minimum=1), help="เลขที่ Tidtam ให้ (เว้นว่างสำหรับคนใหม่)", width=8),
        Column("title", "คำนำหน้า", Choice.of(Person.Title.choices), example="นางสาว", width=10),
        Column("first_name", "ชื่อ", ColumnType(max_length=100), required=True, example="สมถวิล"),
        Column("last_name", "นามสกุล", ColumnType(max_length=100), example="พิมพ์ทักษ์"),
        Column("phone", "โทรศัพท์", ColumnType(max_length=50)),
        Column("email", "อีเมล", ColumnType(max_length=254)),
        Column("line_id", "LINE ID", ColumnType(max_length=100)),
        Column(
            "expertise",
            "ความเชี่ยวชาญ",
            ColumnType(max_length=500),
            help="คั่นด้วยจุลภาค",
            example="การจัดการน้ำ, สวัสดิการชุมชน",
            width=30,
        ),
    )
    key_columns = ("first_name", "last_name")
    read_only = ("id",)

    def columns_for(self, user: Any) -> Sequence[Column]:
        if _may_see_personal(user):
            return self.columns
        return tuple(c for c in self.columns if c.key not in _PERSONAL)

    def key(self, values: dict[str, Any]) -> Hashable:
        if values.get("id"):
            return ("id", values["id"])
        return (
            "name",
            normalize_name(values.get("first_name") or ""),
            normalize_name(values.get("last_name") or ""),
        )

    def key_text(self, values: dict[str, Any]) -> str:
        name = f"{values.get('first_name') or ''} {values.get('last_name') or ''}".strip()
        return f"{name} (รหัส {values['id']})" if values.get("id") else name

    def existing(self, keys: Sequence[Hashable], ctx: Context) -> dict[Hashable, Any]:
        ids = [k[1] for k in keys if k[0] == "id"]  # type: ignore[index]
        names = [(k[1], k[2]) for k in keys if k[0] == "name"]  # type: ignore[index,misc]
        found: dict[Hashable, Any] = {("id", p.pk): p for p in Person.objects.filter(pk__in=ids)}
        if names:
            q = Q()
            for first, last in names:
                q |= Q(first_name=first, last_name=last)
            by_name: dict[tuple[str, str], list[Person]] = {}
            for person in Person.objects.filter(q):
                by_name.setdefault((person.first_name, person.last_name), []).append(person)
            for (first, last), people in by_name.items():
                if len(people) == 1:
                    found[("name", first, last)] = people[0]
        return found

    def current(self, record: Person) -> dict[str, Any]:
        return {
            "id": record.pk,
            "title": record.title,
            "first_name": record.first_name,
            "last_name": record.last_name,
            "phone": record.phone,
            "email": record.email,
            "line_id": record.line_id,
            "expertise": record.expertise,
        }

    def may_change(self, record: Any, ctx: Context) -> bool:
        return _may_change(ctx.user, record)

    def _check_personal(self, fields: dict[str, Any], ctx: Context) -> None:
        if any(fields.get(k) for k in _PERSONAL) and not _may_see_personal(ctx.user):
            raise RowRefused("ไม่มีสิทธิ์บันทึกข้อมูลส่วนบุคคล (โทรศัพท์ อีเมล LINE)")

    def create(self, values: dict[str, Any], ctx: Context) -> Person:
        if values.get("id"):
            raise RowRefused({"id": [f"ไม่พบบุคคลรหัส {values['id']}"]})
        same = Person.objects.filter(
            first_name=normalize_name(values["first_name"]),
            last_name=normalize_name(values.get("last_name") or ""),
        ).count()
        if same > 1:
            raise RowRefused(f"มี {same} คนชื่อนี้อยู่แล้ว: ใส่รหัสบุคคลเพื่อระบุคน")
        if ctx.user is not None and not access.may_anywhere(
            ctx.user, access.Action.CHANGE, access.DataKind.REFERENCE
        ):
            raise RowRefused("ไม่มีสิทธิ์เพิ่มบุคคล")
        fields = {k: v for k, v in values.items() if k != "id" and v is not None}
        self._check_personal(fields, ctx)
        return services.person_create(by=ctx.user, **fields)

    def update(
        self, record: Any, changes: dict[str, Any], values: dict[str, Any], ctx: Context
    ) -> Any:
        fields = {k: ("" if v is None else v) for k, v in changes.items() if k != "id"}
        self._check_personal(fields, ctx)
        return services.person_update(record, by=ctx.user, **fields)

    def export(self, user: Any, filters: dict[str, Any]) -> Iterable[Person]:
        qs = Person.objects.all()
        if user is not None:
            qs = access.scoped(user, qs)
        if filters.get("organisation"):
            qs = qs.filter(memberships__organisation__name=filters["organisation"]).distinct()
        return qs.order_by("first_name", "last_name", "pk")


def _person_ref() -> Reference:
    return Reference(find=_find_person, name_of=lambda p: str(p.pk))


class MembershipSheet(SheetHandler):
    name = "สังกัด"
    title = "ใครเป็นสมาชิกองค์กรใด ในบทบาทใด: หนึ่งแถวต่อหนึ่งบทบาท"
    columns = (
        Column(
            "person",
            "บุคคล",
            _person_ref(),
            required=True,
            width=24,
            help="รหัสบุคคล หรือ ชื่อ นามสกุล (ถ้าไม่ซ้ำกับใคร)",
            example="สมถวิล พิมพ์ทักษ์",
        ),
        Column(
            "organisation",
            "องค์กร",
            organisation_type(),
            required=True,
            width=40,
            example="สภาองค์กรชุมชนตำบลศิลา (ขอนแก่น)",
        ),
        Column(
            "role", "บทบาท", ColumnType(max_length=200), width=30, example="ผู้ประสานงานหลักโครงการ"
        ),
        Column("start_date", "ตั้งแต่", Date(), field="start_date"),
        Column("end_date", "ถึง", Date(), field="end_date"),
    )
    key_columns = ("person", "organisation", "role")

    def key(self, values: dict[str, Any]) -> Hashable:
        person, organisation = values.get("person"), values.get("organisation")
        return (
            person.pk if person else None,
            organisation.pk if organisation else None,
            normalize_name(values.get("role") or ""),
        )

    def key_text(self, values: dict[str, Any]) -> str:
        person, organisation = values.get("person"), values.get("organisation")
        return f"{_person_name(person) if person else ''} @ {organisation.name if organisation else ''} ({values.get('role') or ''})"

    def existing(self, keys: Sequence[Hashable], ctx: Context) -> dict[Hashable, Any]:
        people = {k[0] for k in keys}  # type: ignore[index]
        found: dict[Hashable, Any] = {}
        for m in Membership.objects.filter(person_id__in=people).select_related(
            "person", "organisation__province"
        ):
            found[(m.person_id, m.organisation_id, m.role)] = m
        return found

    def current(self, record: Membership) -> dict[str, Any]:
        return {
            "person": record.person,
            "organisation": record.organisation,
            "role": record.role,
            "start_date": record.start_date,
            "end_date": record.end_date,
        }

    def may_change(self, record: Any, ctx: Context) -> bool:
        return _may_change(ctx.user, record)

    def create(self, values: dict[str, Any], ctx: Context) -> Membership:
        if ctx.user is not None and not access.can(
            ctx.user, access.Action.CHANGE, values["organisation"]
        ):
            raise RowRefused({"organisation": ["ไม่มีสิทธิ์แก้ไขสมาชิกขององค์กรนี้"]})
        return services.membership_add(
            person=values["person"],
            organisation=values["organisation"],
            role=values.get("role") or "",
            start_date=values.get("start_date"),
            end_date=values.get("end_date"),
            by=ctx.user,
        )

    def update(
        self, record: Any, changes: dict[str, Any], values: dict[str, Any], ctx: Context
    ) -> Any:
        return services.membership_update(record, by=ctx.user, **changes)

    def export(self, user: Any, filters: dict[str, Any]) -> Iterable[Membership]:
        qs = Membership.objects.select_related("person", "organisation__province")
        if user is not None:
            qs = access.scoped(user, qs)
        if filters.get("organisation"):
            qs = qs.filter(organisation__name=filters["organisation"])
        return qs.order_by("person__first_name", "person__last_name", "pk")


ORGANISATIONS = Kind(
    name="organisations",
    title="องค์กร",
    sheets=(OrganisationSheet(),),
    filters=(("province", "only organisations based in this province (Thai name or code)"),),
)
PEOPLE = Kind(
    name="people",
    title="บุคคลและสังกัด",
    sheets=(PersonSheet(), MembershipSheet()),
    help="แผ่นงาน “บุคคล” นำเข้าก่อน “สังกัด” จึงอ้างถึงคนที่เพิ่มในไฟล์เดียวกันได้ (ด้วยชื่อ นามสกุล)",
    filters=(("organisation", "only people who are members of this organisation (its name)"),),
)
