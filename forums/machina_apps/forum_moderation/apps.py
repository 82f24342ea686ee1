from django.apps import AppConfig


class ForumModerationOverridesConfig(AppConfig):
    name = "forums.machina_apps.forum_moderation"
    label = "lodestar_forum_moderation"
    verbose_name = "Communities: forum_moderation overrides"
