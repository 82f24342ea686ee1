"""Reading time: how long an item's words take to read, from the words themselves.

Pure arithmetic, no Django: the page model feeds it the item's text when the item is saved.
"""

import math
import re

WORDS_PER_MINUTE = 220
_WORD = re.compile(r"[^\W_]+(?:['’-][^\W_]+)*")


def word_count(text: str) -> int:
    """Words in `text`; hyphenated words and contractions count once."""
    return len(_WORD.findall(text))


def reading_minutes(text: str, words_per_minute: int = WORDS_PER_MINUTE) -> int:
    """Whole minutes to read `text`, rounded up; 0 for no words, at least 1 otherwise."""
    words = word_count(text)
    return math.ceil(words / words_per_minute) if words else 0
