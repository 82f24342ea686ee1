"""Overrides of machina's forum_conversation classes (see forums/machina_apps/__init__.py)."""
