"""Overrides of machina's forum_permission classes (see forums/machina_apps/__init__.py)."""
