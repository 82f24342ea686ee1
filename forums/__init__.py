"""Communities: django-machina integration (provisioning, permissions, moderation, templates)."""
