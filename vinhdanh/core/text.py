"""Vietnamese text handling: NFC storage and diacritic-folded search keys."""

from __future__ import annotations

import re
import unicodedata

_SPACES = re.compile(r"\s+")
# đ/Đ is a letter of its own, not d plus a combining mark, so NFD leaves it alone.
_EXTRA_FOLDS = str.maketrans({"đ": "d", "Đ": "d"})


def to_nfc(value: str) -> str:
    """Return `value` in Unicode NFC with runs of white space collapsed to one space."""
    return _SPACES.sub(" ", unicodedata.normalize("NFC", value)).strip()


def fold(value: str) -> str:
    """Return a lower-case, diacritic-free key: 'Nguyễn Văn Đức' -> 'nguyen van duc'."""
    decomposed = unicodedata.normalize("NFD", value.translate(_EXTRA_FOLDS))
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return _SPACES.sub(" ", stripped.lower()).strip()
