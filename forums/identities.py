"""Forum identities: a poster's portal name, title and photo (or initials), linked to their
profile where the reader may see it. There is no separate forum profile to fill in."""

from dataclasses import dataclass

from django.urls import reverse

from portal.people.models import MentorProfile


@dataclass(frozen=True)
class Identity:
    name: str
    title: str
    initials: str
    photo_url: str
    profile_url: str


def identity_of(user, listed_mentor_pk: int | None) -> Identity:
    profile = getattr(user, "profile", None)
    mentor = getattr(user, "mentor_profile", None)
    title = ""
    if profile is not None:
        title = profile.job_title
        if profile.organisation and mentor is not None and mentor.kind == "external":
            title = f"{title}, {profile.organisation}" if title else profile.organisation
    photo = mentor.photo.url if mentor is not None and mentor.photo else ""
    return Identity(
        name=user.get_full_name() or "A member",
        title=title,
        initials=f"{user.first_name[:1]}{user.last_name[:1]}".upper() or "?",
        photo_url=photo,
        # Only listed mentors have a page every member may open (the mentor catalog).
        profile_url=reverse("catalog:detail", args=[listed_mentor_pk]) if listed_mentor_pk else "",
    )


def decorate(posts) -> None:
    """Set `post.identity` on each post, in one query (posts come with poster__profile and
    poster__mentor_profile selected)."""
    posts = [p for p in posts if p.poster_id]
    listed = dict(
        MentorProfile.objects.listed()
        .filter(user_id__in={p.poster_id for p in posts})
        .values_list("user_id", "pk")
    )
    for post in posts:
        post.identity = identity_of(post.poster, listed.get(post.poster_id))


POSTER_RELATIONS = ("poster__profile", "poster__mentor_profile")
