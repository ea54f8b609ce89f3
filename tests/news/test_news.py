"""News posts (seed 002): safe bodies, photos kept and resized, scoped pages, public page and feed."""

from __future__ import annotations

import datetime as dt
import io
from xml.etree import ElementTree

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone
from PIL import Image

from tests.organisations.factories import PASSWORD, OrganisationFactory, user_with_grant
from tidtam.accounts.models import Role
from tidtam.demo import news as news_demo
from tidtam.news import services
from tidtam.news.models import NewsPhoto, NewsPost

pytestmark = pytest.mark.django_db


def jpeg(width: int = 1200, height: int = 800) -> ContentFile:
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), (10, 120, 90)).save(buffer, format="JPEG")
    return ContentFile(buffer.getvalue(), name="photo.jpg")


def make_post(organisation, *, public=False, title="ประชุมเครือข่าย"):
    return services.news_post_create(
        services.PostData(
            title=title,
            body="ย่อหน้าแรก\nบรรทัดที่สอง\n\nย่อหน้าที่สอง",
            organisation=organisation,
            published_at=timezone.make_aware(dt.datetime(2022, 7, 12, 10, 7)),
            tags=("ข่าวสาร-ประชาสัมพันธ์",),
            is_public=public,
        ),
        user=None,
    )


def test_plain_text_body_becomes_paragraphs_and_html_is_sanitised():
    assert services.clean_body("ย่อหน้าแรก\nบรรทัดสอง\n\nย่อหน้าสอง 5 > 3") == (
        "<p>ย่อหน้าแรก<br>บรรทัดสอง</p><p>ย่อหน้าสอง 5 &gt; 3</p>"
    )
    dirty = '<p onclick="x()">ดี<script>alert(1)</script> <a href="javascript:evil()">ลิงก์</a></p>'
    assert services.clean_body(dirty) == '<p>ดี <a rel="noopener noreferrer nofollow">ลิงก์</a></p>'
    # Thai input is normalised: doubled sara e becomes sara ae.
    assert services.clean_body("เเผนงาน") == "<p>แผนงาน</p>"


def test_a_post_without_title_or_body_is_refused_and_nothing_is_saved():
    organisation = OrganisationFactory()
    for title, body in (("   ", "เนื้อหา"), ("หัวข้อ", "<script>x</script>")):
        with pytest.raises(ValidationError):
            services.news_post_create(
                services.PostData(
                    title=title, body=body, organisation=organisation, published_at=timezone.now()
                ),
                user=None,
            )
    assert NewsPost.objects.count() == 0
    assert NewsPost.history.count() == 0


def test_photo_keeps_the_original_and_stores_a_resized_copy(media_dir):
    post = make_post(OrganisationFactory())
    photo = services.news_photo_add(post, jpeg(1200, 800), caption="ภาพกิจกรรม")

    assert (photo.width, photo.height, photo.caption) == (1200, 800, "ภาพกิจกรรม")
    with photo.original.open("rb") as f:
        assert Image.open(f).size == (1200, 800)
    with photo.thumbnail.open("rb") as f:
        assert Image.open(f).size == (480, 320)


def test_a_file_that_is_not_a_photo_is_refused(media_dir):
    post = make_post(OrganisationFactory())
    with pytest.raises(ValidationError, match="ไม่ใช่ภาพ"):
        services.news_photo_add(post, ContentFile(b"<html><script>x</script></html>", name="x.jpg"))
    assert NewsPhoto.objects.count() == 0


def test_list_and_detail_are_scoped_to_the_organisation(client):
    mine, theirs = OrganisationFactory(), OrganisationFactory()
    my_post = make_post(mine, title="ข่าวของเรา")
    their_post = make_post(theirs, title="ข่าวของเขา")
    user_with_grant("coordinator", Role.COORDINATOR, organisation=mine)
    client.login(username="coordinator", password=PASSWORD)

    listing = client.get(reverse("news:index")).content.decode()
    assert "ข่าวของเรา" in listing
    assert "ข่าวของเขา" not in listing
    assert client.get(reverse("news:detail", args=[my_post.pk])).status_code == 200
    response = client.get(reverse("news:detail", args=[their_post.pk]))
    assert response.status_code == 404
    assert "ข่าวของเขา" not in response.content.decode()
    assert client.get(reverse("news:edit", args=[their_post.pk])).status_code == 404


def test_edit_through_the_form_keeps_history(client):
    mine = OrganisationFactory()
    post = make_post(mine)
    user_with_grant("coordinator", Role.COORDINATOR, organisation=mine)
    client.login(username="coordinator", password=PASSWORD)

    response = client.post(
        reverse("news:edit", args=[post.pk]),
        {"title": "หัวข้อใหม่", "body": "เนื้อหาใหม่", "organisation": mine.pk, "tags": "ก, ข"},
    )

    assert response.status_code == 302
    post.refresh_from_db()
    assert post.title == "หัวข้อใหม่"
    assert sorted(t.name for t in post.tags.all()) == ["ก", "ข"]
    titles = [h.title for h in post.history.order_by("history_date", "history_id")]
    assert (titles[0], titles[-1], set(titles)) == (
        "ประชุมเครือข่าย",
        "หัวข้อใหม่",
        {"ประชุมเครือข่าย", "หัวข้อใหม่"},
    )


def test_an_auditor_cannot_edit_and_a_forged_post_changes_nothing(client):
    post = make_post(OrganisationFactory())
    history_before = post.history.count()
    user_with_grant("auditor", Role.AUDITOR)
    client.login(username="auditor", password=PASSWORD)

    assert client.get(reverse("news:detail", args=[post.pk])).status_code == 200
    response = client.post(reverse("news:edit", args=[post.pk]), {"title": "แก้", "body": "x"})

    assert response.status_code == 403
    post.refresh_from_db()
    assert post.title == "ประชุมเครือข่าย"
    assert post.history.count() == history_before


def test_public_page_and_feed_show_only_public_posts(client, media_dir):
    organisation = OrganisationFactory()
    public = make_post(organisation, public=True, title="ข่าวเผยแพร่")
    private = make_post(organisation, title="ข่าวภายใน")
    public_photo = services.news_photo_add(public, jpeg())
    private_photo = services.news_photo_add(private, jpeg())

    assert "ข่าวเผยแพร่" in client.get(reverse("news:public", args=[public.pk])).content.decode()
    assert client.get(reverse("news:public", args=[private.pk])).status_code == 404
    feed = client.get(reverse("news:feed")).content.decode()
    assert "ข่าวเผยแพร่" in feed
    assert "ข่าวภายใน" not in feed
    atom = "{http://www.w3.org/2005/Atom}"
    entries = ElementTree.fromstring(feed.encode()).findall(f"{atom}entry")
    assert [e.findtext(f"{atom}title") for e in entries] == ["ข่าวเผยแพร่"]
    assert entries[0].findtext(f"{atom}summary") == "ย่อหน้าแรก บรรทัดที่สอง ย่อหน้าที่สอง"
    photo = client.get(reverse("news:photo", args=[public_photo.pk, "thumb"]))
    assert (photo.status_code, photo.headers["Content-Type"]) == (200, "image/jpeg")
    assert photo.headers["X-Content-Type-Options"] == "nosniff"
    assert client.get(reverse("news:photo", args=[private_photo.pk, "thumb"])).status_code == 404


def test_demo_loads_seed_002_post_once(media_dir):
    news_demo.load()
    news_demo.load()

    post = NewsPost.objects.get()
    assert post.title == "ความร่วมมือระหว่าง SUCCESS เมืองภาคใต้กับ กขป.เขต12"
    assert post.author_name == "punyha"
    assert timezone.localtime(post.published_at).replace(tzinfo=None) == dt.datetime(
        2022, 7, 12, 10, 7
    )
    assert sorted(t.name for t in post.tags.all()) == ["ข่าวสาร-ประชาสัมพันธ์", "โครงการ SUCCESS"]
    assert post.is_public
    assert "กิจกรรมที่จะดำเนินการต่อไป" in post.body
    assert "ปาดังเบซาร์" in post.body
    assert post.photos.count() == 2
