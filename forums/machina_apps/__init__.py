"""Our overrides of machina classes, found by machina's get_class through INSTALLED_APPS.

Each package is named like the machina app it overrides and listed in INSTALLED_APPS before it;
its AppConfig carries a distinct label, so it owns no models and no migrations.
"""
