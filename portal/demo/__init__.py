"""The demo organisation: `manage.py seed_demo` builds a believable company to explore."""
