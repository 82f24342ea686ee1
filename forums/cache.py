"""The communities' scopes in the cache (portal.generations), retired by forums/receivers.py:

- `forum(pk)`: the forum and its topic list (a topic started, answered, edited, approved, moved,
  locked or deleted; the forum renamed);
- `topic(pk)`: a topic and its posts (a post written, edited, approved or deleted, an attachment
  added or removed, the discussion it came from, the topic itself saved);
- `subscriptions(pk)`: who follows a topic;
- `reads(user_id)`: what a person has read (their unread marks);
- `IDENTITIES`: how members appear (name, job title, organisation, photo, listing in the mentor
  catalog), for every member at once: these change rarely;
- `COMMUNITIES`: which forum serves which audience (forums.permissions reads it on every
  request).

Only what every reader of a forum sees alike is kept on these scopes; an entry that depends on
the reader (what they have read, their own posts awaiting approval) has the reader's id in its
key. Access itself is never cached: forums.permissions decides it on every request.
"""

from portal.generations import scope_family

IDENTITIES = "forums:identities"
COMMUNITIES = "forums:communities"
forum = scope_family("forums:forum")
topic = scope_family("forums:topic")
subscriptions = scope_family("forums:subscriptions")  # by topic
reads = scope_family("forums:reads")  # by person
