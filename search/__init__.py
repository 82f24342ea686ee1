"""One permission-aware search over pages, forum posts and the mentor catalog (owns the index)."""
