"""How areas and communities are scoped (read by tidtam.accounts.access's autodiscovery)."""

from __future__ import annotations

from tidtam.accounts import access
from tidtam.accounts.access import DataKind
from tidtam.areas import models

# Official areas and regions are reference data every signed-in user may read.
for _model in (
    models.Province,
    models.District,
    models.Subdistrict,
    models.AbolishedArea,
    models.RegionGrouping,
    models.Region,
    models.RegionProvince,
    models.Municipality,
):
    access.register(_model, public=True, kind=DataKind.REFERENCE)

# A community belongs to its subdistrict (so to its district, province and region) and to the
# organisations that implement projects in it.
access.register(
    models.Community,
    provinces=("subdistrict__province",),
    subdistricts=("subdistrict",),
    organisations=("projects__implementing_organisation",),
    kind=DataKind.REFERENCE,
)
