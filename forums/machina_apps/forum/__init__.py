"""Overrides of machina's forum classes (see forums/machina_apps/__init__.py)."""
