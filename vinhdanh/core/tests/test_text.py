from vinhdanh.core.money import format_vnd, group_digits, round_up_vnd
from vinhdanh.core.text import fold, to_nfc


def test_fold_removes_diacritics_and_folds_d_stroke():
    assert fold("Nguyễn Văn Đức") == "nguyen van duc"
    assert fold("ĐẮK LẮK") == "dak lak"


def test_nfd_input_is_stored_as_nfc_with_single_spaces():
    nfd = "Nguye\u0302\u0303n  Va\u0306n"
    assert to_nfc(nfd) == "Nguyễn Văn"


def test_money_rounds_up_to_next_ten_thousand_and_formats_with_dots():
    assert round_up_vnd(2_340_000) == 2_340_000
    assert round_up_vnd(2_340_001) == 2_350_000
    assert format_vnd(2_340_000) == "2.340.000 đ"
    assert format_vnd(-1_500) == "-1.500 đ"
    assert group_digits(84_512) == "84.512"
    assert group_digits(999) == "999"
