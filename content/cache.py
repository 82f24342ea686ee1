"""The library's scopes in the cache (portal.generations), retired by content/receivers.py:

- `LIBRARY`: any page, image, competency, programme name, collection, consent, privacy setting
  or site. Every rendered fragment, route, card and visible-item set is built on it, so nothing
  rendered before an edit is read after it.
- `AUDIENCE`: who belongs where (admissions, cohorts, pairs, managers, roles, privacy settings).
  Each member's memberships (content.queries.reader_for) are built on it; what those decide is
  then cached per audience (the reader's fingerprint) on `LIBRARY`.
"""

LIBRARY = "content:library"
AUDIENCE = "content:audience"
