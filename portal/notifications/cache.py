"""The notifications' scope in the cache (portal.generations): `inbox(user_id)`, one person's
unread count, retired by services whenever one of their notifications is written or read.
Only that person's own entries are kept on it (their id is in every key)."""

from portal.generations import scope_family

inbox = scope_family("notifications:inbox")
