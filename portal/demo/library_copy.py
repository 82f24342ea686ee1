"""The demo library's copy (titles, kinds, module texts) read from content_seed.py's source.

content_seed.py imports Wagtail's page models, so importing it needs a configured Django. The
picture benchmark and the media script need only its words, so they read its literal lists with
`ast` instead: the seed stays the one place the copy is written. Only plain string (and string
list) fields are read; anything computed is left out.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from pathlib import Path

SEED_SOURCE = Path(__file__).with_name("content_seed.py")

# content_seed's list of each item type, and the hero kind of its items (portal/demo/pictures.py);
# a micro-learning module's kind is its media kind (audio, video or slides).
LISTS = {
    "CASES": "case",
    "PLAYBOOKS": "playbook",
    "SIMULATIONS": "simulation",
    "STORIES": "story",
    "MODULES": "",
    "ARTICLES": "article",
}


@dataclass(frozen=True)
class Module:
    """A micro-learning module, as far as its narration needs it."""

    slug: str
    title: str
    kind: str  # "audio", "video" or "slides"
    summary: str
    text: str
    prompts: tuple[tuple[str, str], ...]  # (question, hint)


def _constant(node: ast.expr) -> object:
    """A literal's value (strings, numbers, and tuples or lists of them); None otherwise."""
    try:
        return ast.literal_eval(node)
    except ValueError:
        return None


def _lists(source: str) -> dict[str, list[ast.expr]]:
    tree = ast.parse(source)
    found = {}
    for node in tree.body:
        if isinstance(node, ast.Assign) and isinstance(node.value, ast.List):
            name = getattr(node.targets[0], "id", "")
            if name in LISTS:
                found[name] = node.value.elts
    return found


def _fields(entry: ast.expr) -> dict[str, object]:
    if not isinstance(entry, ast.Dict):
        return {}
    return {
        key.value: _constant(value)
        for key, value in zip(entry.keys, entry.values, strict=True)
        if isinstance(key, ast.Constant) and isinstance(key.value, str)
    }


def library_items(source: str | None = None) -> list[tuple[str, str]]:
    """(hero kind, title) of every item the demo library seeds, in the seed's order."""
    items = []
    for name, entries in _lists(source or SEED_SOURCE.read_text()).items():
        for entry in entries:
            if isinstance(entry, ast.Tuple):  # ARTICLES: (kind, slug, title, summary, ...)
                title = _constant(entry.elts[2])
                if isinstance(title, str):
                    items.append(("article", title))
                continue
            fields = _fields(entry)
            kind = LISTS[name] or fields.get("kind")
            if isinstance(kind, str) and isinstance(fields.get("title"), str):
                items.append((kind, str(fields["title"])))
    return items


def modules(source: str | None = None) -> list[Module]:
    """The micro-learning modules, with the words their narration is made from."""
    found = []
    for entry in _lists(source or SEED_SOURCE.read_text()).get("MODULES", []):
        fields = _fields(entry)
        raw_prompts = fields.get("prompts") or []
        prompts = tuple(
            (str(prompt[0]), str(prompt[1]) if len(prompt) > 1 else "")
            for prompt in raw_prompts  # type: ignore[attr-defined]
        )
        found.append(
            Module(
                slug=str(fields["slug"]),
                title=str(fields["title"]),
                kind=str(fields["kind"]),
                summary=str(fields["summary"]),
                text=str(fields["text"]),
                prompts=prompts,
            )
        )
    return found
