"""Lodestar: the Django project and the mentorship domain apps."""
