"""Property-based fuzzing (Hypothesis) of the parsers that meet printed text: no uncaught exception
on any input, and round-trips where one is defined. Bounded: a fixed number of examples each."""

from __future__ import annotations

import os
from decimal import Decimal
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from budgetlod.extract import ExtractionError, extract_document
from budgetlod.extract.numbers import is_code, parse_amount, parse_row_number
from budgetlod.extract.targets import parse_target
from budgetlod.extract.textform import clean, text_to_lines
from budgetlod.extract.units import UNIT_EXPONENTS, find_unit, to_yuan
from budgetlod.store.errors import Refused
from budgetlod.store.vet import vet
from tests.conftest import HANDAN_TXT

# CI replays a fixed set of examples (derandomize) so it cannot fail by chance; set
# BUDGETLOD_FUZZ_RANDOM=1 to explore new inputs (how the '¹' row-number crash was found).
EXPLORE = os.environ.get("BUDGETLOD_FUZZ_RANDOM") == "1"
FUZZ = settings(
    max_examples=300, deadline=None, derandomize=not EXPLORE,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)  # fmt: skip
# Text like what tables print: digits, separators, signs, CJK, brackets, dashes, spaces.
TOKENS = [*"0123456789.,-−－()（）%％ 　元万亿千约≥≤<>=年个台套项—/", "合计", "单位：", "<b>", "</b"]
PRINTED = st.lists(st.sampled_from(TOKENS), max_size=30).map("".join)
AMOUNTS = st.decimals(min_value=Decimal("-1e12"), max_value=Decimal("1e12"), places=2, allow_nan=False)


@FUZZ
@given(st.one_of(PRINTED, st.text(max_size=40)))
def test_parsers_never_raise(text: str) -> None:
    amount = parse_amount(text)
    assert amount is None or isinstance(amount.value, Decimal)
    is_code(text)
    n = parse_row_number(text)
    assert n is None or 0 <= n <= 9999
    unit = find_unit(text)
    assert unit is None or unit in UNIT_EXPONENTS
    target = parse_target(text)
    assert target.comparator in (None, ">=", "<=", ">", "<", "=")
    assert (target.comparator is None) == (target.number is None)
    assert "<b>" not in clean(text)


@FUZZ
@given(AMOUNTS, st.booleans(), st.booleans())
def test_amounts_round_trip(value: Decimal, separators: bool, parens: bool) -> None:
    printed = f"{abs(value):,.2f}" if separators else f"{abs(value):.2f}"
    if value < 0:
        printed = f"({printed})" if parens else f"-{printed}"
    got = parse_amount(printed)
    assert got is not None and got.value == value and got.decimals == 2 and got.printed == printed


@FUZZ
@given(AMOUNTS, st.sampled_from(sorted(UNIT_EXPONENTS)))
def test_yuan_is_exact(value: Decimal, unit: str) -> None:
    yuan = to_yuan(value, unit)
    assert yuan == value * 10 ** UNIT_EXPONENTS[unit] and "E" not in str(yuan)


@FUZZ
@given(st.integers(min_value=100, max_value=9_999_999))
def test_codes(n: int) -> None:
    assert is_code(str(n)) == (len(str(n)) in (3, 5, 7))


@FUZZ
@given(
    st.sampled_from(["≥", "≤", ">", "<", "不低于", "不高于", ""]),
    st.decimals(min_value=0, max_value=10**6, places=1),
    st.sampled_from(["%", "个", "台", "万元", ""]),
)
def test_targets_round_trip(word: str, number: Decimal, unit: str) -> None:
    got = parse_target(f"{word}{number}{unit}")
    assert got.number == number and (got.unit or "") == unit


@FUZZ
@given(st.text(max_size=300))
def test_vet_accepts_or_refuses_never_crashes(text: str) -> None:
    try:
        vet(text, {"http://example.org/g"}, 10_000)
    except Refused as e:
        assert 400 <= e.status < 500


LINES = HANDAN_TXT.read_text(encoding="utf-8").splitlines()


@settings(
    max_examples=40, deadline=None, derandomize=not EXPLORE,
    suppress_health_check=[HealthCheck.function_scoped_fixture],
)  # fmt: skip
@given(st.lists(st.integers(min_value=0, max_value=len(LINES) - 1), max_size=60), st.text(max_size=200))
def test_text_reader_on_shuffled_and_garbled_documents(tmp_path: Path, picks: list[int], noise: str) -> None:
    """Lines of the real document in any order, with noise: an Extraction or a clear InputError."""
    text = "\n".join(LINES[i] for i in picks) + "\n" + noise
    assert isinstance(text_to_lines(text), list)
    path = tmp_path / "fuzz.txt"
    path.write_text(text, encoding="utf-8")
    try:
        x = extract_document(str(path))
    except ExtractionError as e:
        assert str(path) in str(e)
    else:
        assert all(cell.text is not None for t in x.tables for r in t.rows for cell in r.cells)


def test_unicode_digits_are_not_figures_codes_or_row_numbers() -> None:
    """Found by the fuzzer: str.isdigit() admits '¹', which int() rejects."""
    assert parse_row_number("¹") is None and parse_row_number("①") is None
    assert not is_code("٢٠١٠٣") and parse_amount("٢٠١.٥") is None
    assert parse_row_number("12") == 12 and is_code("20103")
