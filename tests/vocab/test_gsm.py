from vocab.gsm import gsm7_length, is_gsm7, sms_segments, to_gsm7


def test_to_gsm7_keeps_gsm_letters_and_transliterates_the_others() -> None:
    assert to_gsm7("éèàùÉÇ") == "éèàùÉÇ"
    assert to_gsm7("être âgé, île, hôpital, sûr, garçon, Noël, maïs, cœur") == (
        "etre agé, ile, hopital, sur, garcon, Noel, mais, coeur"
    )
    assert to_gsm7("l’aide « AGE » … – ok") == 'l\'aide "AGE" ... - ok'
    assert is_gsm7(to_gsm7("Bonjour 👋 à bientôt\u00a0!"))


def test_gsm7_length_counts_extension_characters_twice() -> None:
    assert gsm7_length("abc") == 3
    assert gsm7_length("10 €") == 5
    assert gsm7_length("[x]") == 5


def test_sms_segments() -> None:
    assert sms_segments("") == 1
    assert sms_segments("a" * 160) == 1
    assert sms_segments("a" * 161) == 2
    assert sms_segments("a" * 306) == 2
    assert sms_segments("a" * 307) == 3
    assert sms_segments("€" * 80) == 1  # 160 septets
    assert sms_segments("€" * 81) == 2
    assert sms_segments("ê" * 70) == 1  # UCS-2
    assert sms_segments("ê" * 71) == 2
