"""Builders for the governance tests: policies published the way the admin publishes them."""

from portal.governance.models import Policy, PolicyVersion
from portal.people.roles import Role


def publish(instance, user=None):
    """Save a revision and publish it, as the admin's Publish button does."""
    revision = instance.save_revision(user=user)
    revision.publish(user=user)
    return instance


def policy(
    title: str = "Code of conduct",
    *,
    programme=None,
    audience=(Role.MENTEE, Role.MENTOR),
    kind=Policy.Kind.CODE_OF_CONDUCT,
) -> Policy:
    """A live policy at version 1."""
    made = Policy(
        title=title,
        slug=title.lower().replace(" ", "-"),
        kind=kind,
        programme=programme,
        audience=[str(role) for role in audience],
        summary=f"What the {title.lower()} asks of you.",
        body=f"<p>The {title.lower()}, in full.</p>",
        live=False,
    )
    made.save()
    return publish(made)


def new_version(made: Policy, body: str = "<p>Changed.</p>", user=None) -> PolicyVersion:
    made.body = body
    publish(made, user)
    return made.versions.order_by("-number").first()


def current(made: Policy) -> PolicyVersion:
    return made.versions.order_by("-number").first()
