"""Recognise Vietnamese text typed in the legacy TCVN3 (ABC) and VNI encodings.

Old spreadsheets were typed with .VnTime (TCVN3) or VNI-Times fonts: the cells hold
Latin-1 look-alikes ("NguyÔn V¨n §øc", "Nguyeãn Vaên Ñöùc") that show correctly only
in those fonts. Both are converted to Unicode NFC; text that is neither is left alone.
"""

from __future__ import annotations

import re
import unicodedata
from enum import StrEnum

from vinhdanh.core.text import to_nfc

ACUTE, GRAVE, HOOK, TILDE, DOT = "\u0301", "\u0300", "\u0309", "\u0303", "\u0323"
CIRCUMFLEX, BREVE, HORN = "\u0302", "\u0306", "\u031b"


class Encoding(StrEnum):
    UNICODE = "unicode"
    TCVN3 = "tcvn3"
    VNI = "vni"


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


# TCVN3 (TCVN 5712:1993, VN3): one byte per precomposed lower-case letter; capitals
# other than Ă Â Đ Ê Ô Ơ Ư were typed in a separate capitals-only font.
_TCVN3_LOWER = {
    "a": "¸µ¶·¹", "ă": "¾»¼½Æ", "â": "ÊÇÈÉË", "e": "ÐÌÎÏÑ", "ê": "ÕÒÓÔÖ",
    "i": "Ý×ØÜÞ", "o": "ãßáâä", "ô": "èåæçé", "ơ": "íêëìî", "u": "óïñòô",
    "ư": "øõö÷ù", "y": "ýúûüþ",
}
_TONES = (ACUTE, GRAVE, HOOK, TILDE, DOT)
TCVN3: dict[str, str] = {"¨": "ă", "©": "â", "®": "đ", "ª": "ê", "«": "ô", "¬": "ơ", "\xad": "ư",
                         "¡": "Ă", "¢": "Â", "§": "Đ", "£": "Ê", "¤": "Ô", "¥": "Ơ", "¦": "Ư"}
for _base, _chars in _TCVN3_LOWER.items():
    for _char, _tone in zip(_chars, _TONES, strict=True):
        TCVN3[_char] = _nfc(_base + _tone)

# VNI: a base letter followed by mark characters.
_VNI_PLAIN_TONES = {"ù": ACUTE, "ø": GRAVE, "û": HOOK, "õ": TILDE, "ï": DOT}
_VNI_HAT_TONES = {"á": ACUTE, "à": GRAVE, "å": HOOK, "ã": TILDE, "ä": DOT}
_VNI_BREVE_TONES = {"é": ACUTE, "è": GRAVE, "ú": HOOK, "ü": TILDE, "ë": DOT}


def _vni_table() -> dict[str, str]:
    table: dict[str, str] = {"ñ": "đ", "Ñ": "Đ"}

    def add(seq: str, base: str, *marks: str) -> None:
        for upper_mark in (False, True):
            key = (seq[0] + seq[1:].upper()) if upper_mark else seq
            table.setdefault(key, _nfc(base + "".join(marks)))
            cap = base.upper()
            table.setdefault(seq[0].upper() + (seq[1:].upper() if upper_mark else seq[1:]),
                             _nfc(cap + "".join(marks)))

    for vowel in "aeouy":
        for mark, tone in _VNI_PLAIN_TONES.items():
            add(vowel + mark, vowel, tone)
    for vowel in "aeo":
        add(vowel + "â", vowel, CIRCUMFLEX)
        for mark, tone in _VNI_HAT_TONES.items():
            add(vowel + mark, vowel, CIRCUMFLEX, tone)
    add("aê", "a", BREVE)
    for mark, tone in _VNI_BREVE_TONES.items():
        add("a" + mark, "a", BREVE, tone)
    for horn_char, base in (("ô", "o"), ("ö", "u")):
        table[horn_char] = _nfc(base + HORN)
        table[horn_char.upper()] = _nfc(base.upper() + HORN)
        for mark, tone in _VNI_PLAIN_TONES.items():
            table[horn_char + mark] = _nfc(base + HORN + tone)
            table[horn_char.upper() + mark.upper()] = _nfc(base.upper() + HORN + tone)
    for char, tone in zip("íìæóò", _TONES, strict=True):
        table[char] = _nfc("i" + tone)
        table[char.upper()] = _nfc("I" + tone)
    table["î"] = _nfc("y" + DOT)
    table["Î"] = _nfc("Y" + DOT)
    return table


VNI = _vni_table()
_VNI_RE = re.compile("|".join(re.escape(k) for k in sorted(VNI, key=len, reverse=True)))
_TCVN3_RE = re.compile("[" + re.escape("".join(TCVN3)) + "]")

# Characters that never occur in Vietnamese Unicode text but do in the legacy encodings.
_FOREIGN = frozenset("¸µ¶·¹¨¾»¼½Æ©ÇÈÉË®ÐÎÏÑªÖ×ØÜÞßäåæç«¬îïñö÷øûüþ\xad¡¢§£¤¥¦ÄÅÑÖØÛÏÎ")
_FOREIGN_RE = re.compile("[" + re.escape("".join(sorted(_FOREIGN))) + "]")
_VIETNAMESE = frozenset(
    "abcdefghijklmnopqrstuvwxyzđ"
    "àáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵ"
)


def _plausible(text: str) -> bool:
    """True when every letter is Vietnamese and no word carries two tone marks."""
    for word in text.split():
        tones = 0
        for char in unicodedata.normalize("NFD", word.lower()):
            if char in _TONES:
                tones += 1
            elif char.isalpha() and _nfc(char) not in _VIETNAMESE:
                return False
        if tones > 1:
            return False
    return True


def detect_and_convert(text: str) -> tuple[str, Encoding | None]:
    """Return `text` as NFC Unicode and the legacy encoding it came in.

    The encoding is None when the text looks like a legacy encoding but neither
    conversion gives plausible Vietnamese; the caller reports it.
    """
    if _FOREIGN_RE.search(text) is None:
        if text.isascii() and " " * 2 not in text and text == text.strip() and (
            "\t" not in text and "\n" not in text
        ):
            return text, Encoding.UNICODE
        return to_nfc(text), Encoding.UNICODE
    candidates = [
        (Encoding.VNI, _VNI_RE.sub(lambda m: VNI[m.group(0)], text)),
        (Encoding.TCVN3, _TCVN3_RE.sub(lambda m: TCVN3[m.group(0)], text)),
    ]
    for encoding, converted in candidates:
        if not any(char in _FOREIGN for char in converted) and _plausible(converted):
            return to_nfc(converted), encoding
    return to_nfc(text), None
