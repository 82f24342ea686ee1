"""Overrides of machina's forum_feeds classes (see forums/machina_apps/__init__.py)."""
