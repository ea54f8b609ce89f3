"""The number of queries of the main pages does not grow with the number of rows."""

import pytest
from django.urls import reverse

from tests.organisations.factories import MembershipFactory, OrganisationFactory, PersonFactory

pytestmark = pytest.mark.django_db


def _many(consumers, khon_kaen, count):
    for n in range(count):
        child = OrganisationFactory(name=f"กลุ่มออมทรัพย์ {n}", province=khon_kaen, parent=consumers)
        MembershipFactory(person=PersonFactory(), organisation=child)
        MembershipFactory(person=PersonFactory(), organisation=consumers, role=f"บทบาท {n}")


@pytest.mark.parametrize("count", [2, 12])
def test_pages_use_a_fixed_number_of_queries(
    client, coordinator, consumers, khon_kaen, count, django_assert_max_num_queries
):
    _many(consumers, khon_kaen, count)
    client.force_login(coordinator)
    pages = [
        reverse("organisations:index"),
        reverse("organisations:detail", args=[consumers.pk]),
        reverse("organisations:people"),
        reverse("areas:communities"),
        reverse("areas:province", args=["40"]),
    ]
    for url in pages:
        with django_assert_max_num_queries(16):
            assert client.get(url).status_code == 200, url
