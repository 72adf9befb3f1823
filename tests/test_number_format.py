from ioc_console.model.number_format import format_change, format_number


def test_vietnamese_groups_with_dots_and_decimals_with_a_comma():
    assert format_number(1234.5, 1, "vi") == "1.234,5"
    assert format_number(470163, 0, "vi") == "470.163"


def test_english_groups_with_commas():
    assert format_number(1234.5, 1, "en") == "1,234.5"


def test_missing_values_show_a_dash_not_zero():
    assert format_number(None) == "—"
    assert format_number(float("nan"), 2) == "—"


def test_changes_carry_an_arrow_and_a_sign():
    assert format_change(12.5, 1, "vi") == "▲ +12,5"
    assert format_change(-3, 0, "en") == "▼ −3"
    assert format_change(0) == "▶ 0"
    assert format_number(-0.0001, 1) == "0,0"
