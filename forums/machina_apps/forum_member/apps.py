from django.apps import AppConfig


class ForumMemberOverridesConfig(AppConfig):
    name = "forums.machina_apps.forum_member"
    label = "lodestar_forum_member"
    verbose_name = "Communities: forum_member overrides"
