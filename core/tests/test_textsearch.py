"""Search words: two spellings of a Persian word meet, plurals meet their singular (property tests)."""

from hypothesis import given
from hypothesis import strategies as st

from core.text import ZWNJ, to_persian_digits
from core.textsearch import document_words, query_words, stem

PERSIAN_LETTERS = "ابپتثجچحخدذرزژسشصضطظعغفقکگلمنوهی"
persian_word = st.text(alphabet=PERSIAN_LETTERS, min_size=3, max_size=12)
persian_text = st.lists(persian_word, min_size=1, max_size=6).map(" ".join)


@given(persian_text)
def test_arabic_yeh_and_kaf_spell_the_same_words(text):
    arabic = text.replace("ی", "ي").replace("ک", "ك")
    assert query_words(arabic) == query_words(text)
    assert document_words(arabic) == document_words(text)


@given(st.integers(min_value=0, max_value=10**15))
def test_digits_of_any_script_are_the_same_word(n):
    arabic_indic = str(n).translate(str.maketrans("0123456789", "٠١٢٣٤٥٦٧٨٩"))
    assert query_words(to_persian_digits(n)) == query_words(arabic_indic) == [str(n)]


@given(persian_word)
def test_the_attached_ha_and_its_zwnj_form_find_the_singular(word):
    singular = query_words(word)
    assert query_words(word + "ها") == [stem(word + "ها")]
    assert query_words(word + ZWNJ + "ها") == query_words(word + "ها")
    # The indexed plural is found by the singular: the stem of `word+ها` is `word`.
    assert stem(word + "ها") == word
    assert set(singular) <= set(document_words(word + ZWNJ + "ها")) | {stem(word)}


@given(persian_word, persian_word)
def test_a_zwnj_joined_word_is_found_joined_or_spaced(left, right):
    indexed = set(document_words(left + ZWNJ + right))
    assert set(query_words(left + right)) <= indexed
    assert set(query_words(left + " " + right)) <= indexed


@given(st.text(max_size=300))
def test_any_text_gives_only_nonempty_words_of_letters_and_digits(text):
    for word in [*query_words(text), *document_words(text)]:
        assert word
        assert all(ch.isalnum() for ch in word), word


@given(persian_text)
def test_a_query_is_found_in_its_own_text(text):
    assert set(query_words(text)) <= set(document_words(text))


def test_known_plurals():
    assert stem("کتابها") == "کتاب"
    assert stem("اطلاعات") == "اطلاع"
    assert stem("کارشناسان") == "کارشناس"
    assert stem("نامه‌های".replace(ZWNJ, "")) == "نامه"
    assert stem("آب") == "آب"  # too short to carry a suffix
    assert stem("12345") == "12345"
