"""The Wagtail admin as part of Lodestar: its brand, the way back to the portal, and a dashboard
for each staff role (docs/architecture.md, "The staff side")."""
