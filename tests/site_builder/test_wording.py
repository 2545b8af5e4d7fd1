"""Swedish wording of facts on training pages."""

from catalogue_site.wording import hours


def test_lengths_read_in_good_swedish() -> None:
    assert [hours(v) for v in (1 / 60, 0.5, 1, 1.5, 8)] == [
        "1 minut",
        "30 minuter",
        "1 timme",
        "1,5 timmar",
        "8 timmar",
    ]
