from hypothesis import given
from hypothesis import strategies as st

from certlint.matching.normalize import normalize, normalize_char, translation_table


def test_traditional_and_variant_characters_fold_to_simplified():
    assert normalize("國家認可") == "国家认可"
    assert normalize("囯家级") == "国家级"
    assert normalize("保過班，全國通用") == "保过班，全国通用"  # sentence punctuation is kept


def test_full_width_forms_fold_to_ascii():
    assert normalize("通过率１００％") == "通过率100%"
    assert normalize("ＡＢＣ　证书 Logo") == "abc 证书 logo"


def test_simplified_text_is_unchanged():
    text = "根据国家有关规定，学员须完成全部课时。中华鲟、包过滤、乾隆、著名！（是吗？）"
    assert normalize(text) == text


def test_every_target_is_already_normal():
    # Normalizing twice changes nothing: no mapping leads to another mapped character.
    table = translation_table()
    assert all(target not in table for target in table.values())


def test_normalize_char():
    assert normalize_char("證") == "证"
    assert normalize_char("a") == "a"


@given(st.text())
def test_length_is_preserved(text):
    assert len(normalize(text)) == len(text)


@given(st.text())
def test_idempotent(text):
    once = normalize(text)
    assert normalize(once) == once


@given(
    st.text(
        alphabet=st.sampled_from("國家认可ＡＢ１２％，。abcＸ后後乾\u3000 囯𠀀\uf900") | st.characters(), max_size=200
    )
)
def test_fast_path_equals_translate(text):
    assert normalize(text) == text.translate(translation_table())


def test_dense_traditional_text_takes_the_translate_path():
    text = "國家認可證書，全國通用。" * 50
    assert normalize(text) == "国家认可证书，全国通用。" * 50
