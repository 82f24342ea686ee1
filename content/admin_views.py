"""The "Send as newsletter" screen in the Wagtail admin, for communications and superusers:
choose an audience, preview the email as it will be sent with its recipient count, send a test
to yourself, then send (after a confirmation naming the audience and the count).

Thin: the form reads the audience, `content.services` sends; the preview's email is rendered by
the notifications module exactly as it will go out."""

from urllib.parse import urlencode

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.views.defaults import permission_denied
from django.views.generic import TemplateView, View

from wagtail.admin.views.generic.base import WagtailAdminTemplateMixin

from content import services, tasks
from content.forms import NewsletterAudienceForm
from content.models import ArticlePage
from content.queries import newsletter_recipients, newsletter_sends
from portal.notifications import kinds
from portal.notifications.email import broadcast_preview
from portal.notifications.models import Broadcast
from portal.notifications.services import clean_email_html
from portal.people.roles import may_send_newsletters


class NewsletterSenderOnly:
    """Communications and superusers only (403 for anyone else, whatever the id); then the
    page, which must be a newsletter or blog article (404 for any other page)."""

    def dispatch(self, request, *args, **kwargs):
        if not may_send_newsletters(request.user):
            return permission_denied(request, PermissionDenied())
        self.page = get_object_or_404(ArticlePage.objects.all(), pk=kwargs["pk"])
        return super().dispatch(request, *args, **kwargs)


class SendNewsletterView(NewsletterSenderOnly, WagtailAdminTemplateMixin, TemplateView):
    template_name = "content/admin/send_newsletter.html"
    header_icon = "mail"

    def get_page_title(self):
        return "Send as newsletter"

    def get_page_subtitle(self):
        return self.page.title

    def get_breadcrumbs_items(self):
        return [
            *self.breadcrumbs_items,
            {
                "url": reverse("wagtailadmin_pages:edit", args=[self.page.pk]),
                "label": self.page.title,
            },
            {"url": "", "label": "Send as newsletter"},
        ]

    def get(self, request, *args, **kwargs):
        form = NewsletterAudienceForm(request.GET if "audience" in request.GET else None)
        return self.render_to_response(self.get_context_data(form=form))

    def post(self, request, *args, **kwargs):
        form = NewsletterAudienceForm(request.POST)
        action = request.POST.get("action")
        if action not in ("test", "send") or not form.is_valid():
            return self.render_to_response(self.get_context_data(form=form), status=400)
        try:
            if action == "test":
                services.send_newsletter_test(self.page, request.user)
                messages.success(request, f"A test copy is on its way to {request.user.email}.")
                return redirect(f"{self._url()}?{self._audience_query(form)}")
            choice = form.choice()
            if request.POST.get("confirmed") != "yes":
                # Sending reaches many people and cannot be undone: confirm audience and count
                # (after saying at once when this audience already had it).
                earlier = choice.sends(self.page).first()
                if earlier is not None and not form.cleaned_data["again"]:
                    raise services.AlreadySent(earlier)
                return self.render_to_response(self.get_context_data(form=form, confirm=True))
            send = services.send_newsletter(
                self.page,
                choice,
                request.user,
                background=tasks.deliver_newsletter,
                again=form.cleaned_data["again"],
            )
        except services.NewsletterError as error:
            form.add_error(None, str(error))
            return self.render_to_response(self.get_context_data(form=form))
        people = f"{send.recipient_count} {'person' if send.recipient_count == 1 else 'people'}"
        messages.success(
            request, f"“{self.page.title}” is being sent to {send.audience_label}: {people}."
        )
        return redirect(self._url())

    def _url(self) -> str:
        return reverse("content_send_newsletter", args=[self.page.pk])

    @staticmethod
    def _audience_query(form) -> str:
        data = form.cleaned_data
        query = {"audience": data["audience"]}
        if data.get("programme"):
            query["programme"] = data["programme"].pk
        if data.get("cohort"):
            query["cohort"] = data["cohort"].pk
        return urlencode(query)

    def get_context_data(self, form=None, confirm=False, **kwargs):
        context = super().get_context_data(**kwargs)
        problem = services.newsletter_problem(self.page)
        context.update(page=self.page, form=form, problem=problem, confirm=confirm)
        context["sends"] = newsletter_sends(self.page)
        if form is not None and not problem and form.is_valid():
            choice = form.choice()
            context.update(
                choice=choice,
                count=newsletter_recipients(self.page, choice).count(),
                earlier=choice.sends(self.page).first(),
                preview_url=f"{reverse('content_newsletter_email', args=[self.page.pk])}"
                f"?{self._audience_query(form)}",
                audience_query=self._audience_query(form),
            )
        return context


class NewsletterEmailView(NewsletterSenderOnly, View):
    """The email's HTML part as the sender would receive it, for the preview's frame."""

    def get(self, request, *args, **kwargs):
        problem = services.newsletter_problem(self.page)
        if problem:
            return HttpResponse(problem, content_type="text/plain", status=400)
        message = services.newsletter_message(self.page)
        message["html"] = clean_email_html(message["html"])
        broadcast = Broadcast(kind=kinds.NEWSLETTER.key, **message)
        return HttpResponse(broadcast_preview(request.user, broadcast))
