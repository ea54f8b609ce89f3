"""Give a fresh database Thailand's areas and the shipped region groupings.

Uses the historical models and reads GeoThai's data files and the areas app's regions.json
directly (no import of app code). Only fills empty tables: refreshing an existing database is
``tidtam load-areas``'s job.
"""

import datetime
import json
from importlib.resources import files
from pathlib import Path

from django.db import migrations

REGIONS_FILE = Path(__file__).resolve().parent.parent / "data" / "regions.json"


def _rows(name):
    return json.loads(files("geothai").joinpath(f"_data/{name}.json").read_text(encoding="utf-8"))


def load(apps, schema_editor):
    Province = apps.get_model("areas", "Province")
    District = apps.get_model("areas", "District")
    Subdistrict = apps.get_model("areas", "Subdistrict")
    AbolishedArea = apps.get_model("areas", "AbolishedArea")
    RegionGrouping = apps.get_model("areas", "RegionGrouping")
    Region = apps.get_model("areas", "Region")
    RegionProvince = apps.get_model("areas", "RegionProvince")
    db = schema_editor.connection.alias

    if not Province.objects.using(db).exists():
        Province.objects.using(db).bulk_create(
            [Province(code=c, name_th=th, name_en=en) for c, th, en in _rows("provinces")]
        )
    if not District.objects.using(db).exists():
        District.objects.using(db).bulk_create(
            [
                District(code=c, name_th=th, name_en=en, province_id=c[:2])
                for c, th, en in _rows("districts")
            ],
            batch_size=1000,
        )
    if not Subdistrict.objects.using(db).exists():
        Subdistrict.objects.using(db).bulk_create(
            [
                Subdistrict(
                    code=c,
                    name_th=th,
                    name_en=en,
                    district_id=c[:4],
                    province_id=c[:2],
                    postcodes=postcodes,
                )
                for c, th, en, postcodes in _rows("subdistricts")
            ],
            batch_size=1000,
        )
    if not AbolishedArea.objects.using(db).exists():
        levels = {2: "province", 4: "district", 6: "subdistrict"}
        abolished = []
        for c, th, en, on, successors, basis, in_force, _source in _rows("abolished"):
            codes = (successors or "").split()
            note = ""
            if basis == "notice":
                note = "successors from a published notice" + (
                    f" in force {in_force}" if in_force else ""
                )
            elif basis == "name":
                note = "successor found by name"
            abolished.append(
                AbolishedArea(
                    code=c,
                    level=levels[len(c)],
                    name_th=th,
                    name_en=en or "",
                    abolished_on=datetime.date.fromisoformat(on) if on else None,
                    successor_code=codes[0] if len(codes) == 1 else "",
                    successor_codes=" ".join(codes),
                    note=note,
                )
            )
        AbolishedArea.objects.using(db).bulk_create(abolished, batch_size=1000)

    if not RegionGrouping.objects.using(db).exists():
        data = json.loads(REGIONS_FILE.read_text(encoding="utf-8"))
        for g in data["groupings"]:
            grouping = RegionGrouping.objects.using(db).create(
                code=g["code"],
                name_th=g["name_th"],
                name_en=g["name_en"],
                is_default=g["is_default"],
            )
            for r in g["regions"]:
                region = Region.objects.using(db).create(
                    grouping=grouping,
                    code=r["code"],
                    name_th=r["name_th"],
                    name_en=r["name_en"],
                    order=r["order"],
                )
                RegionProvince.objects.using(db).bulk_create(
                    [
                        RegionProvince(grouping=grouping, region=region, province_id=p)
                        for p in r["provinces"]
                    ]
                )


class Migration(migrations.Migration):
    dependencies = [
        ("areas", "0002_abolished_area_successors"),
    ]

    operations = [
        migrations.RunPython(load, migrations.RunPython.noop, elidable=True),
    ]
