"""Post and topic forms with a length limit on the message (machina sets none)."""

from machina.apps.forum_conversation.forms import PostForm as MachinaPostForm
from machina.apps.forum_conversation.forms import TopicForm as MachinaTopicForm

from forums import limits
from portal.submissions.forms import SubmitOnceMixin


class PortalPostFormMixin(SubmitOnceMixin):
    """What our post and topic forms change in machina's: a length limit, Markdown help, no
    signatures (they belong to machina's separate forum profile, which we do not use), and a
    one-time token so that the same post sent twice is created once."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["content"].help_text = (
            "Markdown: **bold**, *italic*, [a link](https://…), lists and quotes. "
            f"Up to {limits.POST_MAX_LENGTH:,} characters."
        )
        self.fields.pop("enable_signature", None)

    def clean_content(self):
        content = self.cleaned_data.get("content", "")
        limits.check_post_length(content)
        return content

    def create_post(self):
        self.cleaned_data.setdefault("enable_signature", False)
        return super().create_post()


class PostForm(PortalPostFormMixin, MachinaPostForm):
    pass


class TopicForm(PortalPostFormMixin, MachinaTopicForm):
    pass
