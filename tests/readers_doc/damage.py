"""Damaged copies of a file for the readers' fuzz tests (Hypothesis draws where and what)."""
from __future__ import annotations

from hypothesis import strategies as st


def damaged(data, original: bytes, changes: int, min_cut: int = 1, alphabet: bytes | None = None) -> bytes:
    """`original` with 1..`changes` bytes overwritten (by bytes of `alphabet`, or any byte) and cut
    after at least `min_cut` bytes."""
    blob = bytearray(original)
    byte = st.sampled_from(alphabet) if alphabet else st.integers(0, 255)
    for _ in range(data.draw(st.integers(1, changes))):
        blob[data.draw(st.integers(0, len(blob) - 1))] = data.draw(byte)
    return bytes(blob[:data.draw(st.integers(min(min_cut, len(blob)), len(blob)))])
