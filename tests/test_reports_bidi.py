"""Right-to-left ordering never fails on what a person can store.

python-bidi's step-by-step algorithm asserts on a character without a bidi class, which
is what ``unicodedata`` gives every unassigned code point (U+E438C, say: a stored note can
hold one, and the export then failed with a bare AssertionError).
"""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from cxdesk.models.constraints import storable
from cxdesk.reports.bidi import visual, visual_order

# Any storable text, unassigned code points and Arabic/Hebrew letters included.
STORED = st.text(
    alphabet=st.one_of(st.characters(), st.sampled_from("مرحبا שלום \U000e438c\U000b658d")),
    max_size=40,
).filter(storable)


@settings(max_examples=300, deadline=None)
@given(text=STORED, rtl=st.sampled_from([None, False, True]))
def test_visual_order_takes_any_storable_text(text: str, rtl: bool | None) -> None:
    order = visual_order(text, rtl)
    indexes = [index for index, _odd in order]
    # Each character shown at most once (embedding marks and BN characters are left out).
    assert len(indexes) == len(set(indexes))
    assert all(0 <= index < len(text) for index in indexes)
    visual(text, rtl)


def test_an_unassigned_code_point_reads_left_to_right() -> None:
    order = visual_order("ab\U000e438cمر", None)
    assert [index for index, _ in order] == [0, 1, 2, 4, 3]
