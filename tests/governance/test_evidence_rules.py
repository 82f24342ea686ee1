"""What an evidence file may be, decided by its first bytes and its size (pure, no database)."""

from hypothesis import given
from hypothesis import strategies as st

from portal.governance import evidence

SIGNATURES = [signature for signature, _, _ in evidence.SIGNATURES]


@given(st.sampled_from(evidence.SIGNATURES), st.binary(max_size=64))
def test_a_file_is_what_its_first_bytes_say(known, rest):
    signature, content_type, extension = known
    assert evidence.sniff(signature + rest) == (content_type, extension)


@given(st.binary(max_size=64))
def test_anything_else_is_refused_as_another_type(head):
    if any(head.startswith(signature) for signature in SIGNATURES):
        return
    assert evidence.sniff(head) is None
    assert evidence.problem(100, head) == evidence.NOT_ACCEPTED


@given(st.integers(min_value=evidence.MAX_BYTES + 1, max_value=10 * evidence.MAX_BYTES))
def test_a_file_over_the_limit_is_refused_whatever_it_is(size):
    assert "the limit is 10 MB" in evidence.problem(size, b"%PDF-1.7")


def test_an_empty_file_is_refused_and_a_pdf_at_the_limit_is_accepted():
    assert "empty" in evidence.problem(0, b"")
    assert evidence.problem(evidence.MAX_BYTES, b"%PDF-1.7\n") is None
