"""Legacy encodings and hand-written award names (no database)."""

from __future__ import annotations

import pytest

from vinhdanh.records.awards import resolve_award
from vinhdanh.records.legacy import Encoding, detect_and_convert


@pytest.mark.parametrize(("raw", "expected", "encoding"), [
    ("NguyÔn V¨n §øc", "Nguyễn Văn Đức", Encoding.TCVN3),
    ("Hoµng ThÞ Mai", "Hoàng Thị Mai", Encoding.TCVN3),
    ("Lao ®éng tiªn tiÕn", "Lao động tiên tiến", Encoding.TCVN3),
    ("Nguyeãn Vaên Ñöùc", "Nguyễn Văn Đức", Encoding.VNI),
    ("Phaïm Thò Lan", "Phạm Thị Lan", Encoding.VNI),
    ("CHIEÁN SÓ THI ÑUA", "CHIẾN SĨ THI ĐUA", Encoding.VNI),
    ("Trần  Thị Hoà ", "Trần Thị Hoà", Encoding.UNICODE),
])
def test_legacy_text_becomes_unicode(raw: str, expected: str, encoding: Encoding) -> None:
    assert detect_and_convert(raw) == (expected, encoding)


def test_garbage_in_legacy_characters_is_flagged() -> None:
    assert detect_and_convert("Ng¸¸¸n")[1] is None


@pytest.mark.parametrize(("text", "code"), [
    ("CSTĐCS", "chien_si_thi_dua_co_so"),
    ("cstdcs", "chien_si_thi_dua_co_so"),
    ("Chiến sỹ thi đua cơ sở", "chien_si_thi_dua_co_so"),
    ("Chiến sĩ thi đua cơ sở", "chien_si_thi_dua_co_so"),
    ("LĐTT", "lao_dong_tien_tien"),
    ("Danh hiệu Lao động tiên tiến", "lao_dong_tien_tien"),
    ("BK UBND tỉnh", "bang_khen_bo_tinh"),
    ("Bằng khen của Chủ tịch Ủy ban nhân dân tỉnh", "bang_khen_bo_tinh"),
    ("BK Thủ tướng", "bang_khen_thu_tuong"),
    ("HCLĐ hạng Ba", "huan_chuong_lao_dong_hang_ba"),
    ("giay_khen", "giay_khen"),
    ("Huy chương vàng Olympic", None),
])
def test_award_names_match_the_catalogue(text: str, code: str | None) -> None:
    award = resolve_award(text)
    assert (award.code if award else None) == code
