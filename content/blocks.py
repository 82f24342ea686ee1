"""StreamField blocks of the knowledge library, one named class per purpose.

Every block states its icon, template, description and a preview value, so editors see what a
block is for before they add it. Validation that spans blocks (a simulation's choices must lead
somewhere that exists) lives in the StreamBlock that holds them, so the editor shows the message
on the field that is wrong.
"""

import re

from django.core.exceptions import ValidationError

from wagtail import blocks
from wagtail.blocks.list_block import ListBlockValidationError
from wagtail.blocks.stream_block import StreamBlockValidationError
from wagtail.blocks.struct_block import StructBlockValidationError
from wagtail.documents.blocks import DocumentChooserBlock
from wagtail.images.blocks import ImageChooserBlock

KEY_PATTERN = r"^[a-z0-9][a-z0-9-]{0,39}$"
KEY_HELP = "Lower-case letters, digits and hyphens, e.g. “board-meeting”. Unique in this exercise."
PROSE_FEATURES = ["bold", "italic", "link", "ol", "ul"]


def _key_block(label: str, help_text: str = KEY_HELP) -> blocks.RegexBlock:
    return blocks.RegexBlock(
        regex=KEY_PATTERN,
        label=label,
        help_text=help_text,
        error_messages={"invalid": "Use lower-case letters, digits and hyphens only."},
    )


# --- shared ---------------------------------------------------------------------------------------


class AccessibleImageBlock(blocks.StructBlock):
    """An image with alt text that cannot be left out (screen readers depend on it)."""

    image = ImageChooserBlock()
    alt_text = blocks.CharBlock(
        max_length=250,
        help_text="Describe what the image shows for people who cannot see it. Required.",
    )
    caption = blocks.CharBlock(required=False, max_length=250)

    def clean(self, value):
        value = super().clean(value)
        if not (value.get("alt_text") or "").strip():
            raise StructBlockValidationError(
                block_errors={"alt_text": ValidationError("Add alt text: describe the image.")}
            )
        return value

    class Meta:
        icon = "image"
        template = "content/blocks/image.html"
        description = "A picture with a caption; alt text is required."
        preview_value = {
            "alt_text": "Two executives reviewing a plan at a whiteboard",
            "caption": "Planning the first ninety days together.",
        }


class QuoteBlock(blocks.StructBlock):
    quote = blocks.TextBlock(max_length=600)
    attribution = blocks.CharBlock(
        required=False,
        max_length=120,
        help_text="A role is usually enough (“a mentee in Finance”). Names need recorded consent.",
    )

    class Meta:
        icon = "openquote"
        template = "content/blocks/quote.html"
        description = "A short quotation with who said it."
        preview_value = {
            "quote": "The best advice I got: stop preparing answers and ask better questions.",
            "attribution": "A mentee in Operations",
        }


class ParagraphBlock(blocks.RichTextBlock):
    """Running text, with the small set of formatting every library item shares."""

    def __init__(self, **kwargs):
        super().__init__(features=PROSE_FEATURES, **kwargs)

    class Meta:
        icon = "pilcrow"
        template = "content/blocks/paragraph.html"
        description = "Running text."
        preview_value = "<p>Six months in, the team ran its own quarterly review.</p>"


class ProseBlock(blocks.StreamBlock):
    """Headings, paragraphs, images and quotes: the body of articles and stories."""

    heading = blocks.CharBlock(
        max_length=120,
        icon="title",
        template="content/blocks/heading.html",
        description="A section heading.",
        preview_value="What changed",
    )
    paragraph = ParagraphBlock()
    image = AccessibleImageBlock()
    quote = QuoteBlock()

    class Meta:
        icon = "doc-full"
        template = "content/blocks/stream.html"
        description = "Headings, paragraphs, images and quotes."
        preview_value = [
            ("heading", "What changed"),
            ("paragraph", "<p>Six months in, the team ran its own quarterly review.</p>"),
        ]


# --- case study -----------------------------------------------------------------------------------


class CaseSectionBlock(blocks.StructBlock):
    """One part of a case: the context, the dilemma, what was done, or the outcome."""

    body = blocks.RichTextBlock(features=PROSE_FEATURES)

    def get_context(self, value, parent_context=None):
        context = super().get_context(value, parent_context=parent_context)
        context["heading"] = self.label
        return context

    class Meta:
        icon = "doc-full"
        template = "content/blocks/case_section.html"
        description = "A part of the case, written as narrative."
        preview_value = {
            "body": "<p>A regional CFO inherits a turnaround plan she did not write.</p>"
        }


class DiscussionQuestionsBlock(blocks.StructBlock):
    intro = blocks.CharBlock(required=False, max_length=200)
    questions = blocks.ListBlock(blocks.CharBlock(max_length=300), min_num=1)

    class Meta:
        icon = "help"
        template = "content/blocks/discussion.html"
        description = "Questions a mentor and mentee discuss after reading the case."
        preview_value = {
            "intro": "Take these into your next session.",
            "questions": ["What would you have done in week one?", "Whose support mattered most?"],
        }


class CaseStudyBlock(blocks.StreamBlock):
    context = CaseSectionBlock(
        label="Context", icon="site", description="The situation and who is involved."
    )
    dilemma = CaseSectionBlock(
        label="The dilemma",
        icon="warning",
        description="The hard choice at the centre of the case.",
    )
    action = CaseSectionBlock(
        label="What was done", icon="cogs", description="The decision and how it was carried out."
    )
    outcome = CaseSectionBlock(
        label="Outcome", icon="success", description="What happened, good and bad."
    )
    discussion = DiscussionQuestionsBlock(label="Discussion questions")
    image = AccessibleImageBlock()
    quote = QuoteBlock()

    class Meta:
        icon = "doc-full-inverse"
        template = "content/blocks/stream.html"
        description = "Context, dilemma, what was done, outcome and discussion questions."
        block_counts = {
            "context": {"min_num": 1},
            "dilemma": {"min_num": 1},
            "action": {"min_num": 1},
            "outcome": {"min_num": 1},
            "discussion": {"min_num": 1, "max_num": 1},
        }
        preview_value = [("context", {"body": "<p>A new COO inherits two rival plants.</p>"})]


# --- mentor playbook ------------------------------------------------------------------------------


class PlaybookStepBlock(blocks.StructBlock):
    title = blocks.CharBlock(max_length=120)
    minutes = blocks.IntegerBlock(
        min_value=1, max_value=480, help_text="A realistic time estimate in minutes."
    )
    guidance = blocks.RichTextBlock(features=PROSE_FEATURES)
    checklist = blocks.ListBlock(
        blocks.CharBlock(max_length=200), required=False, default=[], label="Checklist"
    )

    class Meta:
        icon = "list-ol"
        template = "content/blocks/playbook_step.html"
        description = "One step, with how long it takes and an optional checklist."
        preview_value = {
            "title": "Agree how you will work together",
            "minutes": 20,
            "guidance": "<p>Settle frequency, format and what stays confidential.</p>",
            "checklist": ["Meeting rhythm", "Confidentiality", "How to cancel"],
        }


class TipBlock(blocks.StructBlock):
    text = blocks.TextBlock(max_length=500)

    class Meta:
        icon = "info-circle"
        template = "content/blocks/tip.html"
        description = "A short tip from experienced mentors."
        preview_value = {"text": "Send a two-line summary within a day of every session."}


class PlaybookBlock(blocks.StreamBlock):
    step = PlaybookStepBlock()
    tip = TipBlock()
    image = AccessibleImageBlock()

    class Meta:
        icon = "list-ol"
        template = "content/blocks/playbook.html"
        description = "Steps with time estimates, tips and images."
        block_counts = {"step": {"min_num": 1}}
        preview_value = [
            ("step", PlaybookStepBlock._meta_class.preview_value),
            ("tip", TipBlock._meta_class.preview_value),
        ]


# --- scenario simulation --------------------------------------------------------------------------


class ChoiceOptionBlock(blocks.StructBlock):
    label = blocks.CharBlock(max_length=200, help_text="What the player decides to do.")
    consequence = blocks.TextBlock(
        max_length=800, help_text="What happens next, shown after the choice."
    )
    leads_to = _key_block(
        "Leads to",
        "The key of the situation or ending this choice leads to (it must exist in this exercise).",
    )

    class Meta:
        icon = "redirect"
        template = "content/blocks/choice.html"
        description = "A choice, its consequence and where it leads."
        preview_value = {
            "label": "Call the plant manager before the board meeting",
            "consequence": "He appreciates the warning and offers his own numbers.",
            "leads_to": "board-meeting",
        }


class SituationBlock(blocks.StructBlock):
    key = _key_block("Key")
    title = blocks.CharBlock(max_length=120)
    narrative = blocks.RichTextBlock(features=PROSE_FEATURES)
    choices = blocks.ListBlock(ChoiceOptionBlock(), min_num=2, max_num=5)

    class Meta:
        icon = "help"
        template = "content/blocks/situation.html"
        description = "A moment of decision with two to five choices."
        preview_value = {
            "key": "first-call",
            "title": "The first call",
            "narrative": "<p>Your new mentee says she wants to quit in the first five minutes.</p>",
            "choices": [
                ChoiceOptionBlock._meta_class.preview_value,
                {
                    "label": "Ask what happened this week",
                    "consequence": "She relaxes.",
                    "leads_to": "ending",
                },
            ],
        }


class EndingBlock(blocks.StructBlock):
    key = _key_block("Key")
    title = blocks.CharBlock(max_length=120)
    outcome = blocks.RichTextBlock(features=PROSE_FEATURES)
    verdict = blocks.ChoiceBlock(
        choices=[
            ("strong", "A strong outcome"),
            ("mixed", "A mixed outcome"),
            ("weak", "A weak outcome"),
        ],
        default="mixed",
    )

    class Meta:
        icon = "flag"
        template = "content/blocks/ending.html"
        description = "Where a path ends, with what it led to."
        preview_value = {
            "key": "ending",
            "title": "A trusted adviser",
            "outcome": "<p>Three months later she asks you to sponsor her promotion case.</p>",
            "verdict": "strong",
        }


class ScenarioBlock(blocks.StreamBlock):
    """The branching exercise: the first situation is where everyone starts."""

    situation = SituationBlock()
    ending = EndingBlock()

    class Meta:
        icon = "site"
        template = "content/blocks/stream.html"
        description = "Situations with choices that lead to other situations or to endings."
        block_counts = {"situation": {"min_num": 1}, "ending": {"min_num": 1}}
        preview_value = [
            ("situation", SituationBlock._meta_class.preview_value),
            ("ending", EndingBlock._meta_class.preview_value),
        ]

    def clean(self, value):
        value = super().clean(value)
        errors: dict[int, ValidationError] = {}
        non_block: list[ValidationError] = []
        keys: dict[str, int] = {}
        for index, child in enumerate(value):
            key = child.value["key"]
            if key in keys:
                errors[index] = StructBlockValidationError(
                    block_errors={"key": ValidationError(f"The key “{key}” is used twice.")}
                )
            keys.setdefault(key, index)
        if value and value[0].block_type != "situation":
            non_block.append(
                ValidationError("Start with a situation: players begin at the first block.")
            )
        for index, child in enumerate(value):
            if child.block_type != "situation" or index in errors:
                continue
            choice_errors = {}
            for n, choice in enumerate(child.value["choices"]):
                target = choice["leads_to"]
                if target not in keys:
                    choice_errors[n] = StructBlockValidationError(
                        block_errors={
                            "leads_to": ValidationError(
                                f"No situation or ending has the key “{target}”. "
                                f"Use one of: {', '.join(sorted(keys))}."
                            )
                        }
                    )
                elif target == child.value["key"]:
                    choice_errors[n] = StructBlockValidationError(
                        block_errors={
                            "leads_to": ValidationError(
                                "A choice cannot lead back to its own situation."
                            )
                        }
                    )
            if choice_errors:
                errors[index] = StructBlockValidationError(
                    block_errors={"choices": ListBlockValidationError(block_errors=choice_errors)}
                )
        if errors or non_block:
            if errors:
                non_block.append(
                    ValidationError(
                        "Some choices lead nowhere or keys repeat: see the marked blocks."
                    )
                )
            raise StreamBlockValidationError(block_errors=errors, non_block_errors=non_block)
        return value


# --- micro-learning -------------------------------------------------------------------------------


class MediaBlock(blocks.StructBlock):
    """The module's video or audio: an uploaded document (preferred, played on the page with
    its captions) or a link to another platform."""

    kind = blocks.ChoiceBlock(
        choices=[("video", "Video"), ("audio", "Audio"), ("slides", "Slides")]
    )
    document = DocumentChooserBlock(
        required=False,
        help_text="Upload the file to Documents: MP3 or M4A for audio, MP4 (H.264) for video. "
        "Members play it on the page.",
    )
    captions = DocumentChooserBlock(
        required=False,
        help_text="Captions for the uploaded file: a WebVTT (.vtt) document, in English.",
    )
    poster = ImageChooserBlock(
        required=False, help_text="For a video: the picture shown before it plays."
    )
    link = blocks.URLBlock(required=False, help_text="Or a link to the company's video platform.")
    minutes = blocks.IntegerBlock(min_value=1, max_value=120, help_text="Length in minutes.")
    transcript = blocks.TextBlock(
        required=False, help_text="A transcript or summary for people who cannot play media."
    )

    def clean(self, value):
        value = super().clean(value)
        if not value.get("document") and not value.get("link"):
            raise StructBlockValidationError(
                block_errors={"document": ValidationError("Choose a document or give a link.")}
            )
        captions = value.get("captions")
        if captions and captions.file_extension.lower() != "vtt":
            raise StructBlockValidationError(
                block_errors={"captions": ValidationError("Captions must be a WebVTT (.vtt) file.")}
            )
        return value

    class Meta:
        icon = "media"
        template = "content/blocks/media.html"
        description = "A short video or audio piece, from Documents or a link."
        preview_value = {
            "kind": "audio",
            "minutes": 6,
            "link": "https://video.example.com/listening",
        }


class ReflectionPromptBlock(blocks.StructBlock):
    prompt = blocks.CharBlock(max_length=300)
    hint = blocks.CharBlock(required=False, max_length=300)

    class Meta:
        icon = "edit"
        template = "content/blocks/prompt.html"
        description = "A reflective question; each member's answer is private to them."
        preview_value = {
            "prompt": "When did you last change your mind in a meeting?",
            "hint": "Think of the moment, not the topic.",
        }


class ModuleBlock(blocks.StreamBlock):
    media = MediaBlock()
    paragraph = ParagraphBlock()
    prompt = ReflectionPromptBlock()
    image = AccessibleImageBlock()

    class Meta:
        icon = "media"
        template = "content/blocks/stream.html"
        description = "Media, short text and reflective prompts."
        block_counts = {"prompt": {"min_num": 1}}
        preview_value = [("prompt", ReflectionPromptBlock._meta_class.preview_value)]


# --- success story --------------------------------------------------------------------------------


class OutcomeBlock(blocks.StructBlock):
    figure = blocks.CharBlock(max_length=40, help_text="e.g. “3 of 4” or “+18%”.")
    description = blocks.CharBlock(max_length=200)

    class Meta:
        icon = "success"
        template = "content/blocks/outcome.html"
        description = "A measurable outcome of the mentoring journey."
        preview_value = {"figure": "2 promotions", "description": "within a year of the programme"}


class StoryBlock(ProseBlock):
    outcome = OutcomeBlock()

    class Meta:
        icon = "user"
        template = "content/blocks/stream.html"
        description = "The journey: text, quotes, images and outcomes."
        preview_value = [("outcome", OutcomeBlock._meta_class.preview_value)]


def text_of(raw) -> str:
    """All the text in a block value's raw JSON, tags stripped (for consent and search checks)."""
    parts: list[str] = []

    def walk(node) -> None:
        if isinstance(node, str):
            parts.append(re.sub(r"<[^>]+>", " ", node))
        elif isinstance(node, dict):
            for key, item in node.items():
                if key not in ("id", "type"):
                    walk(item)
        elif isinstance(node, list):
            for item in node:
                walk(item)

    walk(raw)
    return " ".join(parts)
