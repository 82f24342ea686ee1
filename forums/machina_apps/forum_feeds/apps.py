from django.apps import AppConfig


class ForumFeedsOverridesConfig(AppConfig):
    name = "forums.machina_apps.forum_feeds"
    label = "lodestar_forum_feeds"
    verbose_name = "Communities: forum_feeds overrides"
