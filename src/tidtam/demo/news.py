"""Demo step: seed 002's news post ("ความร่วมมือระหว่าง SUCCESS เมืองภาคใต้กับ กขป.เขต12")."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

from django.core.files.base import ContentFile
from django.utils import timezone
from PIL import Image, ImageDraw

from tidtam.areas.models import Province
from tidtam.demo.steps import DemoLogin
from tidtam.news import services
from tidtam.news.models import NewsPost
from tidtam.organisations.models import OrganisationKind
from tidtam.organisations.services import organisation_get_or_create
from tidtam.thai import parse_date

TITLE = "ความร่วมมือระหว่าง SUCCESS เมืองภาคใต้กับ กขป.เขต12"
SEED_GLOB = "002_*.txt"


def _seed_body() -> str:
    """Return the post's body as printed in seed 002 (from its second title to the member box)."""
    here = Path(__file__).resolve()
    for parent in here.parents:
        seeds = parent.parent / "shared" / "seeds"
        if seeds.is_dir():
            text = next(seeds.glob(SEED_GLOB)).read_text(encoding="utf-8")
            start = text.index(TITLE, text.index(TITLE) + len(TITLE)) + len(TITLE)
            end = text.index("personมุมสมาชิก")
            return text[start:end].strip()
    return _FALLBACK_BODY


# Used when the seeds are not beside the checkout (an installed package): the first paragraph.
_FALLBACK_BODY = (
    "วันที่ 11 กรกฎาคม 2565 ประชุมร่วมกันระหว่างทีมกลาง TEI มูลนิธิชุมชนสงขลาและแกนนำ 6 เมืองโครงการ "
    "SUCCESS ภายใต้การสนับสนุนจากสหภาพยุโรปในพื้นที่ภาคใต้"
)


def _illustration(number: int) -> ContentFile:
    """Draw a plain placeholder picture: the seed lists 21 photos but does not include them."""
    image = Image.new("RGB", (960, 540), (11 + number * 20, 93, 75))
    draw = ImageDraw.Draw(image)
    draw.rectangle((40, 40, 920, 500), outline=(255, 255, 255), width=6)
    draw.text((80, 250), f"SUCCESS #{number}", fill=(255, 255, 255))
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", quality=80)
    return ContentFile(buffer.getvalue(), name=f"success-{number}.jpg")


def load() -> list[DemoLogin]:
    """Create seed 002's post once (public, with tags, areas and two placeholder photos)."""
    if NewsPost.objects.filter(title=TITLE).exists():
        return []
    songkhla_foundation, _ = organisation_get_or_create(
        name="มูลนิธิชุมชนสงขลา",
        kind=OrganisationKind.FOUNDATION,
        province=Province.objects.get(code="90"),
    )
    tei, _ = organisation_get_or_create(name="TEI (สถาบันสิ่งแวดล้อมไทย)", kind=OrganisationKind.NGO)
    when = parse_date("12 ก.ค. 65 10:07")
    if when.start is None or when.start_time is None:
        raise ValueError("seed 002's time stamp could not be read")
    published = timezone.make_aware(dt.datetime.combine(when.start, when.start_time))
    post = services.news_post_create(
        services.PostData(
            title=TITLE,
            body=_seed_body(),
            organisation=songkhla_foundation,
            published_at=published,
            author_name="punyha",
            tags=("ข่าวสาร-ประชาสัมพันธ์", "โครงการ SUCCESS"),
            organisations=(songkhla_foundation, tei),
            provinces=tuple(Province.objects.filter(code__in=["90", "93", "91"]).order_by("code")),
            is_public=True,
        ),
        user=None,
    )
    for number in (1, 2):
        services.news_photo_add(
            post,
            _illustration(number),
            caption=f"ภาพประกอบ {number} (ภาพจริงของข่าวไม่ได้รวมอยู่ในเอกสารต้นฉบับ)",
        )
    return []
