"""Citizen identity card numbers (số định danh cá nhân / CCCD): validation and masking."""

from __future__ import annotations

from django.utils.translation import gettext as _

from vinhdanh.core.errors import ValidationFailed

ID_NUMBER_LENGTH = 12

#: Province-of-birth prefixes (the first three digits) of the personal identification
#: number: the 63 pre-2025 provincial statistics codes, zero-padded (Circular
#: 59/2021/TT-BCA, Art. 7). Numbers already issued keep them after the 2025 merger.
BIRTH_PROVINCE_CODES = frozenset(
    f"{code:03d}"
    for code in (
        1, 2, 4, 6, 8, 10, 11, 12, 14, 15, 17, 19, 20, 22, 24, 25, 26, 27, 30, 31, 33, 34,
        35, 36, 37, 38, 40, 42, 44, 45, 46, 48, 49, 51, 52, 54, 56, 58, 60, 62, 64, 66, 67,
        68, 70, 72, 74, 75, 77, 79, 80, 82, 83, 84, 86, 87, 89, 91, 92, 93, 94, 95, 96,
    )
)


def normalise_id_number(value: str | None) -> str | None:
    """Return the number without spaces, or None when nothing was entered."""
    if value is None:
        return None
    compact = "".join(value.split())
    return compact or None


def validate_id_number(value: str | None) -> str | None:
    """Return the normalised number or raise ValidationFailed naming the field and reason."""
    number = normalise_id_number(value)
    if number is None:
        return None
    if not number.isascii() or not number.isdigit():
        raise ValidationFailed(
            _("National ID number: only digits are allowed (got “%(value)s”).")
            % {"value": number},
            field="id_number",
        )
    if len(number) != ID_NUMBER_LENGTH:
        raise ValidationFailed(
            _("National ID number: must be exactly 12 digits (got %(count)d).")
            % {"count": len(number)},
            field="id_number",
        )
    if number[:3] not in BIRTH_PROVINCE_CODES:
        raise ValidationFailed(
            _("National ID number: “%(prefix)s” is not a province-of-birth code (001–096).")
            % {"prefix": number[:3]},
            field="id_number",
        )
    return number


def mask_id_number(value: str | None) -> str:
    """Hide all but the last four digits: '001085012345' -> '********2345'."""
    if not value:
        return ""
    return "*" * (len(value) - 4) + value[-4:]
