"""Read-only panels of the library's editing screens."""

from wagtail.admin.panels import Panel


class NewsletterSendsPanel(Panel):
    """On a newsletter's edit view: where it was sent, when, by whom, to how many, and the way
    to "Send as newsletter" (for those who may)."""

    class BoundPanel(Panel.BoundPanel):
        template_name = "content/admin/newsletter_sends_panel.html"

        def is_shown(self):
            from content.models import ArticlePage

            return bool(
                self.instance.pk
                and isinstance(self.instance, ArticlePage)
                and self.instance.kind == ArticlePage.Kind.NEWSLETTER
            )

        def get_context_data(self, parent_context=None):
            from content.queries import newsletter_sends
            from portal.people.roles import may_send_newsletters

            context = super().get_context_data(parent_context)
            context["sends"] = newsletter_sends(self.instance)
            context["may_send"] = may_send_newsletters(self.request.user)
            return context
