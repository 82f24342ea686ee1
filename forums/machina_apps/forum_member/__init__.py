"""Overrides of machina's forum_member classes (see forums/machina_apps/__init__.py)."""
