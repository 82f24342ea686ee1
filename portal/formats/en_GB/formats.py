"""How Lodestar writes dates and times in British English: "3 December 2026, 18:27".

Django's en_GB default writes times as "6:27 p.m.", which machina's pages (and any bare
`{{ datetime }}`) showed; the portal writes 24-hour times everywhere else.
"""

from django.conf.locale.en_GB.formats import *  # noqa: F403 - the rest of en_GB stays

DATETIME_FORMAT = "j F Y, H:i"
TIME_FORMAT = "H:i"
SHORT_DATETIME_FORMAT = "d/m/Y H:i"
