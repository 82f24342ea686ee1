"""Overrides of machina's forum_moderation classes (see forums/machina_apps/__init__.py)."""
