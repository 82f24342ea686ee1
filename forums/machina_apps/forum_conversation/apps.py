from django.apps import AppConfig


class ForumConversationOverridesConfig(AppConfig):
    name = "forums.machina_apps.forum_conversation"
    label = "lodestar_forum_conversation"
    verbose_name = "Communities: forum_conversation overrides"
