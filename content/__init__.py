"""Knowledge library: Wagtail page types for cases, playbooks, simulations, stories and more."""
