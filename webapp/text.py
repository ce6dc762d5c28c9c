"""Vietnamese text for machines: keys that ignore diacritics and Unicode form, and Vietnamese alphabetical order."""
from __future__ import annotations

import re
import unicodedata

_SPACES = re.compile(r"\s+")

# The Vietnamese alphabet; letters outside it sort after y by code point.
_ALPHABET = "aăâbcdđeêghiklmnoôơpqrstuưvxy"
_LETTER_MARKS = {"\u0306": "ă", "\u0302": "^", "\u031b": "+"}  # breve, circumflex, horn
_TONES = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}  # huyền, hỏi, ngã, sắc, nặng
_MODIFIED = {("a", "ă"): "ă", ("a", "^"): "â", ("e", "^"): "ê", ("o", "^"): "ô", ("o", "+"): "ơ", ("u", "+"): "ư"}


def clean(value: str | None) -> str:
    """NFC form, single spaces, no surrounding blanks: how text is stored."""
    return _SPACES.sub(" ", unicodedata.normalize("NFC", value or "")).strip()


def search_key(value: str | None) -> str:
    """Lower case without diacritics: 'Nguyễn' in NFC or NFD and 'nguyen' give the same key."""
    decomposed = unicodedata.normalize("NFD", clean(value).replace("đ", "d").replace("Đ", "D"))
    stripped = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return unicodedata.normalize("NFC", stripped).casefold()


def id_key(value: str | None) -> str | None:
    """An identity document number as compared: digits and letters only, upper case."""
    key = re.sub(r"[^0-9A-Za-z]", "", value or "").upper()
    return key or None


def _letters(word: str) -> tuple[str, str]:
    """(primary, tones) keys of one word; every letter becomes two lower-case ASCII letters."""
    primary, tones = [], []
    for base_char in unicodedata.normalize("NFD", word.casefold()):
        if unicodedata.combining(base_char):
            if base_char in _TONES and tones:
                tones[-1] = _TONES[base_char]
            elif base_char in _LETTER_MARKS and primary:
                primary[-1] = _MODIFIED.get((primary[-1], _LETTER_MARKS[base_char]), primary[-1])
            continue
        primary.append(base_char)
        tones.append(0)
    encoded = "".join(_encode(ch) for ch in primary)
    return encoded, "".join("abcdef"[t] for t in tones)


def _encode(ch: str) -> str:
    index = _ALPHABET.index(ch) + 1 if ch in _ALPHABET else 30 + (ord(ch) % 640)
    return chr(97 + index // 26) + chr(97 + index % 26)


def sort_key(full_name: str) -> str:
    """A key whose plain string order is the Vietnamese order of names: given name (with its tone) first.

    Built only of lower-case ASCII letters, so every database collation orders it the same way.
    """
    words = clean(full_name).split(" ")
    given = words[-1] if words else ""
    primary_given, tones_given = _letters(given)
    parts = [_letters(w) for w in words]
    primary_full = "aa".join(p for p, _ in parts)
    tones_full = "".join(t for _, t in parts)
    # Equal primary keys have tone strings of equal length, so the tones only ever break ties.
    return f"{primary_given}aa{tones_given}{primary_full}aa{tones_full}"[:700]


def text_key(value: str | None) -> str:
    """A key whose plain string order is the Vietnamese order of a name as written, word by word.

    Letters in the Vietnamese alphabet's order (a ă â b c d đ e ê …), case ignored; tones only break
    ties (none, huyền, hỏi, ngã, sắc, nặng). Lower-case ASCII only, like `sort_key`.
    """
    parts = [_letters(word) for word in clean(value).split(" ") if word]
    # "aa" is below every encoded letter: a shorter word comes before a longer one it begins.
    primary = "aa".join(p for p, _ in parts)
    return f"{primary}aa{''.join(t for _, t in parts)}"[:700]
