"""Every kind of notification Lodestar sends, in one registry: what people see on their
preferences page, how each kind reaches them unless they choose otherwise, and whether they may
turn its email off.

Policy (docs/decisions/0012-notifications.md): every notification lands in the inbox; the
preference decides only the email (at once, in the weekly digest, or none). A kind that asks
the person to act (answer a proposed match, work a moderation queue) may be moved to the digest
but never turned off. Pure: no Django import.

Another capability adds its kinds here, then calls `portal.notifications.services.notify`.
"""

from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum

from portal.people.roles import Role


class Delivery(StrEnum):
    IMMEDIATELY = "immediately"
    DIGEST = "digest"
    OFF = "off"


DELIVERY_LABELS = {
    Delivery.IMMEDIATELY: "Email me at once",
    Delivery.DIGEST: "In the weekly digest",
    Delivery.OFF: "No email (inbox only)",
}


@dataclass(frozen=True)
class Kind:
    key: str
    label: str
    description: str
    default: Delivery = Delivery.IMMEDIATELY
    may_turn_off: bool = True
    # Who can receive it, so the preferences page shows only what concerns the person.
    roles: frozenset[Role] = frozenset(Role)

    @property
    def choices(self) -> tuple[Delivery, ...]:
        if self.may_turn_off:
            return (Delivery.IMMEDIATELY, Delivery.DIGEST, Delivery.OFF)
        return (Delivery.IMMEDIATELY, Delivery.DIGEST)

    def allowed(self, delivery: Delivery) -> Delivery:
        """`delivery` where policy allows it; the digest where it would turn off a required kind."""
        return delivery if delivery in self.choices else Delivery.DIGEST

    @property
    def least(self) -> Delivery:
        """What one-click unsubscribe leaves: no email, or the digest where off is not allowed."""
        return self.choices[-1]


PAIR = frozenset({Role.MENTEE, Role.MENTOR})

MATCH_PROPOSED = Kind(
    "match.proposed",
    "A mentoring match is proposed to you",
    "The programme team proposes a mentor or a mentee; both of you are asked to answer.",
    may_turn_off=False,
    roles=PAIR,
)
MATCH_ANSWERED = Kind(
    "match.answered",
    "The other side answered a proposed match",
    "Your proposed mentor or mentee accepted or declined.",
    roles=PAIR,
)
MATCH_RUN_READY = Kind(
    "matching.run_ready",
    "A matching run is ready for your review",
    "A matching run you started has finished computing its proposal.",
    roles=frozenset({Role.PROGRAMME_MANAGER}),
)
ADMITTED = Kind(
    "programmes.admitted",
    "You are admitted to a programme",
    "You have a seat in a cohort of a programme you applied to.",
    may_turn_off=False,
    roles=frozenset({Role.MENTEE}),
)
WAITING_LIST_CHANGED = Kind(
    "programmes.waiting_list",
    "Your place on a waiting list changed",
    "You were put back on a waiting list, deferred, carried over to the next cycle or removed.",
    default=Delivery.DIGEST,
    roles=frozenset({Role.MENTEE}),
)
POST_AWAITING_APPROVAL = Kind(
    "forums.post_awaiting_approval",
    "A post waits for your approval",
    "A member's post in a community you moderate waits in the review queue.",
    may_turn_off=False,
    roles=frozenset({Role.MODERATOR}),
)
POST_REPORTED = Kind(
    "forums.post_reported",
    "A post is reported",
    "A member reported a post in a community you moderate.",
    may_turn_off=False,
    roles=frozenset({Role.MODERATOR}),
)
REVIEW_REQUESTED = Kind(
    "content.review_requested",
    "A page is sent for your review",
    "A library page waits for a reviewer in the publishing workflow.",
    may_turn_off=False,
    roles=frozenset({Role.MODERATOR}),
)
REVIEW_DECIDED = Kind(
    "content.review_decided",
    "Your page was reviewed",
    "A page you sent for review was approved and published, or sent back with changes asked.",
    roles=frozenset({Role.COMMUNICATIONS, Role.MODERATOR}),
)

ROLE_REQUESTED = Kind(
    "people.role_requested",
    "Someone asks for a role",
    "A new member asks to be a mentee or a mentor and waits for your decision.",
    default=Delivery.DIGEST,
    may_turn_off=False,
    roles=frozenset({Role.PROGRAMME_MANAGER}),
)
# Sent to people who may hold no role yet (their request was declined): every role may get it.
ROLE_REQUEST_DECIDED = Kind(
    "people.role_request_decided",
    "Your role request was decided",
    "A programme manager approved your request to be a mentee or mentor, or declined it.",
)

SESSION_CHANGED = Kind(
    "engagements.session",
    "A mentoring session is scheduled, changed or cancelled",
    "Sent to both of the pair with a calendar invite, so your calendar follows.",
    roles=PAIR,
)
ENGAGEMENT_ENDED = Kind(
    "engagements.ended",
    "A mentoring engagement ends",
    "Either of you ended the engagement early (no fault), or it is complete.",
    roles=PAIR,
)
EVALUATION_OPEN = Kind(
    "engagements.evaluation",
    "Your outcome evaluation is open",
    "The engagement reaches its end: each of you answers a short outcome evaluation.",
    may_turn_off=False,
    roles=PAIR,
)
STORY_CONSENTED = Kind(
    "engagements.story",
    "A mentoring story may be featured",
    "Someone who completed an engagement agreed to have their story featured.",
    default=Delivery.DIGEST,
    roles=frozenset({Role.COMMUNICATIONS}),
)
NUDGE = Kind(
    "engagements.nudge",
    "Your mentoring has gone quiet",
    "No session held for three weeks, or a check-in overdue: a reminder, once each time.",
    roles=PAIR,
)
ASSESSMENT_OPEN = Kind(
    "engagements.assessment",
    "A skills assessment is open",
    "At the start and at the end of an engagement, the mentee rates herself and the mentor "
    "rates the mentee on the goals' competencies.",
    roles=PAIR,
)
# The line manager's rating request: the inbox entry only (default: no email), because the
# email that carries the one-time link is sent on its own (engagements.tasks).
ASSESSMENT_FOR_MANAGER = Kind(
    "engagements.assessment_manager",
    "A rating of someone who reports to you is asked",
    "When someone who reports to you starts or ends a mentoring engagement, you rate their "
    "development through a one-time link sent by email.",
    default=Delivery.OFF,
)

NOMINATED = Kind(
    "programmes.nominated",
    "You are nominated for a programme",
    "A sponsor or the programme team nominates you into a programme you can then apply to.",
    may_turn_off=False,
)

MODERATOR_ASSIGNED = Kind(
    "forums.moderator_assigned",
    "You are made a moderator of a community",
    "A programme manager or a moderator adds you to a community's moderators.",
    roles=frozenset({Role.MODERATOR}),
)

ONBOARDING_DONE = Kind(
    "people.onboarding_done",
    "Your mentor onboarding is complete",
    "Your onboarding is done: the catalog lists you and the programme team can match you.",
    roles=frozenset({Role.MENTOR}),
)

VETTING_DECIDED = Kind(
    "people.vetting_decided",
    "Your vetting as an external expert is decided",
    "The programme team approved your vetting (you can be listed and matched) or did not.",
    roles=frozenset({Role.EXTERNAL_EXPERT}),
)

STEERING = frozenset({Role.PROGRAMME_MANAGER, Role.SPONSOR})
RISK_REVIEW_DUE = Kind(
    "governance.risk_review_due",
    "A risk you own is due for review",
    "The review date of a risk in the register has come: once per review date.",
    may_turn_off=False,
    roles=STEERING,
)
MITIGATION_OVERDUE = Kind(
    "governance.mitigation_overdue",
    "A mitigation you own is overdue",
    "A mitigation of a risk in the register passed its due date and is not marked done.",
    may_turn_off=False,
    roles=STEERING,
)
CONFLICT_REVIEWED = Kind(
    "governance.conflict_reviewed",
    "A conflict of interest you declared is reviewed",
    "The programme team accepted it (you are never paired), noted it, or rejected it with a "
    "reason.",
    roles=frozenset({Role.MENTEE, Role.MENTOR, Role.EXTERNAL_EXPERT}),
)
POLICY_TO_ACKNOWLEDGE = Kind(
    "governance.policy_to_acknowledge",
    "A policy asks for your acknowledgement",
    "A policy that applies to you is new or has a new version to read and acknowledge.",
    may_turn_off=False,
)
# A programme newsletter, sent by communications to an audience (content/newsletters).
NEWSLETTER = Kind(
    "content.newsletter",
    "A newsletter from the programme team",
    "An issue of the programme newsletter, sent to the people it is for.",
)
VETTING_AWAITS_SPONSOR = Kind(
    "governance.vetting_awaits_sponsor",
    "An external expert awaits your approval",
    "A programme manager approved an expert's due diligence; a sponsor approves next.",
    may_turn_off=False,
    roles=frozenset({Role.SPONSOR}),
)

VETTING_PROGRESS = Kind(
    "governance.vetting_progress",
    "Your due diligence moved a step",
    "The programme manager approved your due diligence and a sponsor approves next.",
    roles=frozenset({Role.EXTERNAL_EXPERT}),
)

VETTING_EXPIRING = Kind(
    "governance.vetting_expiring",
    "An external expert's vetting expires in 30 days",
    "A reminder to renew the due diligence before the expert stops being listed and matched.",
    may_turn_off=False,
    roles=frozenset({Role.EXTERNAL_EXPERT, Role.PROGRAMME_MANAGER}),
)

EQUITY_ALERT = Kind(
    "insights.equity_alert",
    "A group falls below four-fifths of the highest group's rate",
    "In a programme you manage, a group's participation, match or completion rate is below "
    "four-fifths of the highest group's: once a month while it lasts.",
    may_turn_off=False,
    roles=frozenset({Role.PROGRAMME_MANAGER}),
)

# The order of the preferences page.
KINDS: dict[str, Kind] = {
    kind.key: kind
    for kind in (
        MATCH_PROPOSED,
        MATCH_ANSWERED,
        MATCH_RUN_READY,
        ADMITTED,
        WAITING_LIST_CHANGED,
        POST_AWAITING_APPROVAL,
        POST_REPORTED,
        REVIEW_REQUESTED,
        REVIEW_DECIDED,
        ROLE_REQUESTED,
        ROLE_REQUEST_DECIDED,
        SESSION_CHANGED,
        NOMINATED,
        MODERATOR_ASSIGNED,
        ONBOARDING_DONE,
        VETTING_DECIDED,
        CONFLICT_REVIEWED,
        VETTING_AWAITS_SPONSOR,
        VETTING_PROGRESS,
        VETTING_EXPIRING,
        EQUITY_ALERT,
        ENGAGEMENT_ENDED,
        EVALUATION_OPEN,
        ASSESSMENT_OPEN,
        ASSESSMENT_FOR_MANAGER,
        STORY_CONSENTED,
        NUDGE,
        RISK_REVIEW_DUE,
        MITIGATION_OVERDUE,
        POLICY_TO_ACKNOWLEDGE,
        NEWSLETTER,
    )
}


def kinds_for(roles: Iterable[Role], *, everything: bool = False) -> list[Kind]:
    """The kinds someone with `roles` can receive (every kind with `everything`: superusers)."""
    held = frozenset(roles)
    return [kind for kind in KINDS.values() if everything or kind.roles & held]


def kind(key: str) -> Kind:
    """The registered kind called `key` (a KeyError for a kind nobody declared)."""
    return KINDS[key]
