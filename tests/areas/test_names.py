import pytest

from tidtam.areas.names import community_key, name_key, organisation_key, tone_free


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("ชุมชนเทพารักษ์ 4", "ชุมชน  เทพารักษ์ ๔"),
        ("ชุมชนมิตรภาพ", "มิตรภาพ"),
        ("ชุมชนแสนสุข", "ชุมชนเเสนสุข"),  # doubled sara e
        ("ชุมชนน้ำใส", "ชุมชนนํ้าใส"),  # nikhahit + sara aa typed for sara am
    ],
)
def test_community_keys_match(a, b):
    assert community_key(a) == community_key(b)


def test_keys():
    assert name_key("เเม่   ฮ่องสอน") == "แม่ฮ่องสอน"
    assert community_key("ชุมชนหนองแวงตราซู่ 4") == "หนองแวงตราซู่4"
    assert tone_free(community_key("ชุมชนหนองแวงตราซู่ 4")) == "หนองแวงตราซู4"
    assert organisation_key("สมาคมผู้บริโภค จ.ขอนแก่น") == organisation_key("สมาคมผู้บริโภคจังหวัดขอนแก่น")
    assert organisation_key("อบต.บ้านไผ่") == "อบตบ้านไผ่"
