"""Post and topic forms with a length limit on the message (machina sets none)."""

from machina.apps.forum_conversation.forms import PostForm as MachinaPostForm
from machina.apps.forum_conversation.forms import TopicForm as MachinaTopicForm

from forums import limits


class PostLengthMixin:
    def clean_content(self):
        content = self.cleaned_data.get("content", "")
        limits.check_post_length(content)
        return content

    def _tidy_fields(self) -> None:
        self.fields["content"].help_text = (
            "Markdown: **bold**, *italic*, [a link](https://…), lists and quotes. "
            f"Up to {limits.POST_MAX_LENGTH:,} characters."
        )
        # Signatures belong to machina's separate forum profile, which we do not use.
        self.fields.pop("enable_signature", None)


class PostForm(PostLengthMixin, MachinaPostForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._tidy_fields()

    def create_post(self):
        self.cleaned_data.setdefault("enable_signature", False)
        return super().create_post()


class TopicForm(PostLengthMixin, MachinaTopicForm):
    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._tidy_fields()

    def create_post(self):
        self.cleaned_data.setdefault("enable_signature", False)
        return super().create_post()
