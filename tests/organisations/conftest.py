import pytest

from tests.organisations.factories import OrganisationFactory, PersonFactory, user_with_grant
from tidtam.accounts.models import Role
from tidtam.areas.models import Province
from tidtam.organisations.models import Membership, OrganisationKind


@pytest.fixture
def khon_kaen(db):
    return Province.objects.get(code="40")


@pytest.fixture
def chiang_mai(db):
    return Province.objects.get(code="50")


@pytest.fixture
def consumers(khon_kaen):
    """สมาคมผู้บริโภคจังหวัดขอนแก่น with one member whose contact details are recorded."""
    organisation = OrganisationFactory(
        name="สมาคมผู้บริโภคจังหวัดขอนแก่น", kind=OrganisationKind.ASSOCIATION, province=khon_kaen
    )
    person = PersonFactory(
        title="นางสาว",
        first_name="ศิริมล",
        last_name="วงศาอ้วน",
        phone="089 111 2222",
        email="sirimon@example.org",
        line_id="sirimon-kk",
    )
    Membership.objects.create(person=person, organisation=organisation, role="เจ้าหน้าที่การเงินโครงการ")
    return organisation


@pytest.fixture
def northern_network(chiang_mai):
    return OrganisationFactory(name="เครือข่ายองค์กรชุมชนจังหวัดเชียงใหม่", province=chiang_mai)


@pytest.fixture
def coordinator(consumers):
    """A project coordinator of the Khon Kaen consumers' association (may see personal data)."""
    return user_with_grant("coordinator-kk", Role.COORDINATOR, organisation=consumers)


@pytest.fixture
def field_staff(consumers):
    """Field staff of the same association (may change, may not see personal data)."""
    return user_with_grant("field-kk", Role.FIELD_STAFF, organisation=consumers)


@pytest.fixture
def north_officer(chiang_mai):
    """A provincial officer of Chiang Mai: Khon Kaen's data is out of scope."""
    return user_with_grant("officer-cm", Role.AREA_OFFICER, province=chiang_mai)


@pytest.fixture
def isan_officer(khon_kaen):
    return user_with_grant("officer-kk", Role.AREA_OFFICER, province=khon_kaen)
