"""The editors' form every library item starts from (kept apart from content.forms, which reads
the models: the models name this form).

An item's audience may name a programme or a cohort. Content staff (Communications, Moderator)
and superusers may aim an item at any of them; someone editing as a programme manager only, at
the programmes they manage and their cohorts (programmes.queries.managed, the rule every staff
screen uses), so the editor never offers another manager's programmes or cohorts.
"""

from wagtail.admin.forms import WagtailAdminPageForm

from portal.people.roles import addresses_every_programme
from portal.programmes.queries import managed


class LibraryPageForm(WagtailAdminPageForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        user = self.for_user
        if user is None or addresses_every_programme(user):
            return
        for name, via in (("audience_programme", "pk"), ("audience_cohort", "cycle__programme")):
            if name in self.fields:
                field = self.fields[name]
                field.queryset = managed(field.queryset, user, via)
