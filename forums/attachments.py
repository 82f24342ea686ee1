"""Attachments: size- and type-checked, stored under generated names (used by our post views)."""

from django.forms.models import modelformset_factory

from machina.apps.forum_conversation.forum_attachments.forms import (
    AttachmentForm as MachinaAttachmentForm,
)
from machina.apps.forum_conversation.forum_attachments.forms import BaseAttachmentFormset
from machina.conf import settings as machina_settings
from machina.core.db.models import get_model

from forums import limits

Attachment = get_model("forum_attachments", "Attachment")


class AttachmentForm(MachinaAttachmentForm):
    def clean_file(self):
        upload = self.cleaned_data.get("file")
        if upload and hasattr(upload, "content_type"):  # a new upload, not the stored file
            limits.check_attachment(upload)
            upload.name = limits.anonymous_name(upload)
        return upload


AttachmentFormset = modelformset_factory(
    Attachment,
    AttachmentForm,
    formset=BaseAttachmentFormset,
    can_delete=True,
    extra=1,
    max_num=min(machina_settings.ATTACHMENT_MAX_FILES_PER_POST, 5),
    validate_max=True,
)
