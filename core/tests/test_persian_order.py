"""Persian names are ordered as a Persian dictionary orders them (آ ا ب پ … ک گ … ی), not by code point."""

from hypothesis import given
from hypothesis import strategies as st

from core.text import PERSIAN_ALPHABET, persian_sort_key
from orgs.data import PROVINCES

positions = st.integers(0, len(PERSIAN_ALPHABET) - 1)
words = st.text(alphabet=PERSIAN_ALPHABET + " ‌آ", max_size=12)


def primary(text: str):
    return persian_sort_key(text)[0]


def test_the_provinces_in_persian_order():
    names = sorted((p[1] for p in PROVINCES), key=persian_sort_key)
    assert names.index("تهران") < names.index("چهارمحال و بختیاری") < names.index("خراسان جنوبی")
    assert names.index("قم") < names.index("کردستان") < names.index("کرمان") < names.index("گلستان")
    assert names.index("گلستان") < names.index("گیلان") < names.index("لرستان")
    assert names.index("آذربایجان شرقی") == 0 and names[-1] == "یزد"
    assert names != sorted(names)  # code-point order is what this fixes


@given(positions, positions, words, words, words)
def test_the_first_different_letter_decides_in_alphabet_order(i, j, prefix, tail_a, tail_b):
    if i == j:
        return
    a = prefix + PERSIAN_ALPHABET[i] + tail_a
    b = prefix + PERSIAN_ALPHABET[j] + tail_b
    assert (persian_sort_key(a) < persian_sort_key(b)) == (i < j)


@given(words)
def test_arabic_yeh_and_kaf_sort_as_the_persian_letters(word):
    arabic = word.replace("ی", "ي").replace("ک", "ك")
    assert primary(arabic) == primary(word)


@given(words, st.text(alphabet=PERSIAN_ALPHABET, min_size=1, max_size=5))
def test_a_word_comes_before_its_longer_forms(word, more):
    assert persian_sort_key(word) < persian_sort_key(word + more)


@given(words, words)
def test_the_order_is_total_and_deterministic(a, b):
    ka, kb = persian_sort_key(a), persian_sort_key(b)
    assert (ka == kb) == (a == b)
    assert sorted([a, b], key=persian_sort_key) == sorted([b, a], key=persian_sort_key)


def test_alef_with_madda_sorts_with_alef_and_a_word_break_before_letters():
    assert sorted(["ب", "اب", "آب"], key=persian_sort_key) == ["اب", "آب", "ب"]
    assert sorted(["آذربایجانی", "آذربایجان شرقی"], key=persian_sort_key) == ["آذربایجان شرقی", "آذربایجانی"]
    assert primary("مهر‌آباد") == primary("مهر آباد")
    assert sorted(["ب", "۲ب", "1ب"], key=persian_sort_key) == ["1ب", "۲ب", "ب"]
