"""Calendar invites and feeds for sessions, with icalendar.

Each session keeps one UID for life; its SEQUENCE rises with every change, and a cancellation
is sent as METHOD:CANCEL with STATUS:CANCELLED, so calendar apps update the event they already
hold rather than adding another. Times are written in UTC.
"""

from datetime import UTC

from django.utils import timezone

from icalendar import Calendar, Event, vCalAddress, vText

from portal.engagements.models import Session

PRODID = "-//Lodestar//Engagements//EN"


def _person(user) -> vCalAddress:
    address = vCalAddress(f"mailto:{user.email}")
    address.params["cn"] = vText(user.get_full_name() or user.email)
    return address


def _event(session: Session) -> Event:
    engagement = session.engagement
    mentor, mentee = engagement.mentor.user, engagement.mentee
    event = Event()
    event.add("uid", session.uid)
    event.add("sequence", session.sequence)
    event.add("dtstamp", timezone.now().astimezone(UTC))
    event.add("last-modified", session.updated_at.astimezone(UTC))
    event.add("dtstart", session.starts_at.astimezone(UTC))
    event.add("dtend", session.ends_at.astimezone(UTC))
    event.add("summary", f"Mentoring: {mentor.get_full_name()} and {mentee.get_full_name()}")
    event.add("location", session.place or session.get_format_display())
    if session.agenda:
        event.add("description", session.agenda)
    cancelled = session.status == Session.Status.CANCELLED
    event.add("status", "CANCELLED" if cancelled else "CONFIRMED")
    organizer = session.scheduled_by or mentor
    event["organizer"] = _person(organizer)
    for person in (mentor, mentee):
        attendee = _person(person)
        attendee.params["role"] = vText("REQ-PARTICIPANT")
        event.add("attendee", attendee, encode=False)
    return event


def _calendar(method: str | None, name: str = "") -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    if method:
        calendar.add("method", method)
    if name:
        calendar.add("x-wr-calname", name)
    return calendar


def invite(session: Session) -> str:
    """The invite for one session: REQUEST while it stands, CANCEL once cancelled."""
    method = "CANCEL" if session.status == Session.Status.CANCELLED else "REQUEST"
    calendar = _calendar(method)
    calendar.add_component(_event(session))
    return calendar.to_ical().decode()


def feed(sessions, name: str = "Lodestar mentoring sessions") -> str:
    """A subscribable feed of sessions (engagement, mentor and mentee selected)."""
    calendar = _calendar(None, name)
    for session in sessions:
        calendar.add_component(_event(session))
    return calendar.to_ical().decode()
