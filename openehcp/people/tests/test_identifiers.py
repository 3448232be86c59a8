import pytest

from openehcp.people.identifiers import (
    IdentifierError,
    clean_nhs_number,
    clean_postcode,
    clean_uln,
    clean_upn,
    format_nhs_number,
)


@pytest.mark.parametrize(
    "value, expected",
    [
        ("H801200001001", "H801200001001"),  # the DfE guide's own example
        ("z886234524017", "Z886234524017"),  # Kent, computed by hand: 321 mod 23 = 22 -> Z
        ("D88623452401C", "D88623452401C"),  # temporary UPN ending in a letter
        (" B8012 00005001 ", "B801200005001"),
        ("Q940100024001", "Q940100024001"),  # North Northamptonshire (940): 106 mod 23 = 14 -> Q
    ],
)
def test_valid_upns_are_normalised(value, expected):
    assert clean_upn(value) == expected


@pytest.mark.parametrize(
    "value, message",
    [
        ("X123456789875", "check letter"),  # the check letter should be R
        ("X123456789832", "not a council's LA code"),  # right letter, LA 123 does not exist
        ("H80120000100", "13 characters"),
        ("H8012000010A1", "11 digits"),
        ("", "13 characters"),
    ],
)
def test_invalid_upns_say_what_is_wrong(value, message):
    with pytest.raises(IdentifierError, match=message):
        clean_upn(value)


@pytest.mark.parametrize("value", ["1234567899", "1000000000", "5000000004", "9999999998"])
def test_valid_ulns(value):
    assert clean_uln(value) == value


@pytest.mark.parametrize(
    "value", ["1234567890", "9876543210", "0123456789", "123456789", "12345678999"]
)
def test_invalid_ulns(value):
    with pytest.raises(IdentifierError):
        clean_uln(value)


@pytest.mark.parametrize("value", ["943 476 5870", "9434765919", "401-023-2137"])
def test_valid_nhs_numbers(value):
    assert len(clean_nhs_number(value)) == 10


@pytest.mark.parametrize("value", ["123 456 7890", "9434765871", "94347658", "abc"])
def test_invalid_nhs_numbers(value):
    with pytest.raises(IdentifierError):
        clean_nhs_number(value)


def test_nhs_number_displays_in_three_groups():
    assert format_nhs_number("9434765919") == "943 476 5919"


@pytest.mark.parametrize(
    "value, expected",
    [("sw1a1aa", "SW1A 1AA"), ("M1 1AE", "M1 1AE"), ("b33 8th", "B33 8TH"), ("CR2 6XH", "CR2 6XH")],
)
def test_postcodes_are_normalised(value, expected):
    assert clean_postcode(value) == expected


@pytest.mark.parametrize("value", ["", "SW1A", "12345", "QQ1 1AA", "SW1A 1A"])
def test_invalid_postcodes(value):
    with pytest.raises(IdentifierError):
        clean_postcode(value)
