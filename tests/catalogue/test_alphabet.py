from catalogue.alphabet import swedish_order


def test_case_does_not_count_and_the_alphabet_ends_with_a_ring_a_umlaut_o_umlaut() -> None:
    names = ["Örnsköldsvik", "Älvdalen", "BPSD-registret", "Åre", "Barn som anhöriga", "Zinkgruvan"]
    assert sorted(names, key=swedish_order) == [
        "Barn som anhöriga",
        "BPSD-registret",
        "Zinkgruvan",
        "Åre",
        "Älvdalen",
        "Örnsköldsvik",
    ]


def test_accented_letters_sort_as_the_letter_they_carry() -> None:
    assert sorted(["Ewa", "Élise", "Eva"], key=swedish_order) == ["Élise", "Eva", "Ewa"]


def test_names_from_other_latin_alphabets_sort_among_their_letters() -> None:
    names = [
        "Łukasz Nowak",
        "Müller",
        "Çelik",
        "Mustafa",
        "Ærø",
        "Lina",
        "Cecilia",
        "Dragan",
        "Đuro",
        "Ștefan",
    ]
    assert sorted(names, key=swedish_order) == [
        "Cecilia",
        "Çelik",
        "Dragan",
        "Đuro",
        "Lina",
        "Łukasz Nowak",
        "Mustafa",
        "Müller",  # ü is y
        "Ștefan",
        "Ærø",  # æ is ä
    ]
