"""Changes of state in matching, one function per intention. Every one is logged in MatchEvent.

A programme manager runs matching for a cohort (computed by a background task), locks or
overrides pairs, compares runs and publishes one. Each published pair becomes a Match that the
mentee and the mentor answer; when both accept, programmes.services starts an active engagement.
Declined and unmatched mentees go back to the top of their programme's waiting list.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.urls import reverse
from django.utils import timezone

import numpy as np
from django_tasks.base import Task

from portal import gates
from portal.matching import engine, queries
from portal.matching.models import (
    Match,
    MatchEvent,
    MatchingWeights,
    MatchRun,
    ProposedPair,
    UnmatchedMentee,
)
from portal.notifications import kinds
from portal.notifications.services import notify
from portal.people.models import MentorProfile, User
from portal.programmes import services as programme_services
from portal.programmes.models import Cohort, MatchingMode, Programme, ProgrammeLogEntry
from portal.tasks import enqueue_after_commit

# Wagtail log actions on the run (programmes.ProgrammeLogEntry, registered in wagtail_hooks.py):
# the decisions of matching in the audit trail, each one entry with who, why and the settings.
RUN_PUBLISHED = "matching.run_published"
PAIR_OVERRIDDEN = "matching.pair_overridden"

NO_MENTEES = "Nobody in this cohort is waiting for a mentor."
NO_MENTORS = "No mentor is eligible: nobody is onboarded and listed with a free place."
ALL_ZERO = "Every weight is 0, so every pair would score 0. Give at least one factor a weight."
NOTHING_ALLOWED = "Every pair is ruled out by a hard rule; see each mentee's reason below."


class MatchingError(Exception):
    """A change the rules do not allow; the message says why, for the person who asked."""


# --- running ----------------------------------------------------------------------------------


def weights_for(programme: Programme) -> MatchingWeights:
    """The programme's saved weights, created with the defaults on first use."""
    weights, _ = MatchingWeights.objects.get_or_create(programme=programme)
    return weights


@transaction.atomic
def save_weights(
    programme: Programme, weights: Mapping[str, float], maximize_matched: bool, actor: User
) -> MatchingWeights:
    """Save the weights the programme's next runs start from; who saved them is kept.

    Raises MatchingError when every weight is 0 (every pair would score 0)."""
    if not engine.weight_vector(weights).any():
        raise MatchingError(ALL_ZERO)
    saved = weights_for(programme)
    for name in engine.FACTORS:
        setattr(saved, name, float(weights.get(name, 0.0)))
    saved.maximize_matched = maximize_matched
    saved.updated_by = actor
    saved.save()
    return saved


def run_matching(
    cohort: Cohort,
    actor: User | None,
    weights: dict[str, float] | None = None,
    maximize_matched: bool | None = None,
    *,
    mode: str | None = None,
    background: Task[..., Any] | None = None,
) -> MatchRun:
    """Start a run for the cohort and return it; its progress is recorded on the run.

    With `background` (the task that computes a run by id: portal.matching.tasks.execute_run),
    the run is returned queued and the task is enqueued when the caller's transaction commits,
    so the admin page returns at once and shows the progress the worker records. Without it the
    run is computed here (seeding the demo, tests). Without `weights`, the programme's saved
    weights are used; without `mode`, the programme's matching mode (another is a what-if).
    Raises MatchingError before starting when the weights are all 0, nobody is waiting or no
    mentor is eligible.
    """
    programme = cohort.cycle.programme
    mode = programme.matching_mode if mode is None else mode
    if mode not in MatchingMode.values:
        raise MatchingError(f"Unknown matching mode {mode!r}.")
    saved = weights_for(programme)
    chosen = saved.as_dict() if weights is None else dict(weights)
    vector = engine.weight_vector(chosen)
    if not vector.any():
        raise MatchingError(ALL_ZERO)
    if not queries.cohort_mentees(cohort).exists():
        raise MatchingError(NO_MENTEES)
    if not queries.any_mentor_free():
        raise MatchingError(NO_MENTORS)
    settings = {
        "weights": {name: float(chosen.get(name, 0.0)) for name in engine.FACTORS},
        "maximize_matched": saved.maximize_matched
        if maximize_matched is None
        else maximize_matched,
        "cross_unit_pairs": programme.cross_unit_pairs,
        "max_timezone_difference_hours": programme.max_timezone_difference_hours,
    }
    run = MatchRun.objects.create(cohort=cohort, run_by=actor, settings=settings, mode=mode)
    MatchEvent.objects.create(
        run=run,
        action=MatchEvent.Action.RAN,
        actor=actor,
        details={"settings": settings, "mode": mode},
    )
    if background is None:
        return compute_run(run)
    enqueue_after_commit(background, run.pk)
    return run


def run_in_other_mode(
    run: MatchRun, actor: User, background: Task[..., Any] | None = None
) -> MatchRun:
    """A what-if: the run's cohort, weights and options again, in the mode it did not use
    (stable for a best-fit run and the other way round), so the two can be compared."""
    return run_matching(
        run.cohort,
        actor,
        weights=run.settings["weights"],
        maximize_matched=run.settings["maximize_matched"],
        mode=run.other_mode,
        background=background,
    )


def _progress(run: MatchRun, percent: int, note: str) -> None:
    MatchRun.objects.filter(pk=run.pk).update(
        progress=percent, progress_note=note, status=MatchRun.Status.RUNNING
    )


def _locked_pairs(run: MatchRun) -> list[ProposedPair]:
    """Pairs locked in the cohort's latest reviewable run: a new run keeps them."""
    previous = (
        MatchRun.objects.filter(cohort_id=run.cohort_id, status=MatchRun.Status.DONE)
        .exclude(pk=run.pk)
        .order_by("-created_at", "-pk")
        .first()
    )
    if previous is None:
        return []
    return list(previous.pairs.filter(locked=True))


def compute_run(run: MatchRun) -> MatchRun:
    """Score, rule out, solve and store the proposal (the body of the background task)."""
    _progress(run, 5, "Reading profiles")
    problem = queries.load_problem(run.cohort)
    weights = run.settings["weights"]
    mentees, mentors = problem.mentee_features, problem.mentor_features
    _progress(run, 30, f"Scoring {mentees.count} mentees x {mentors.count} mentors")
    scores = engine.score_matrix(mentees, mentors, weights, problem.pairs)
    max_hours = _max_hours(run)
    flags = engine.rule_flags(
        mentees,
        mentors,
        problem.pairs,
        cross_unit=run.settings["cross_unit_pairs"],
        max_hours_apart=max_hours,
    )
    # People held back by a gate (policies to acknowledge) are not matchable in this run:
    # a mentor as by the matchable rule, a mentee with the reason in words.
    held = _held_back(run, problem)
    held_cols = [j for j, m in enumerate(problem.mentors) if m.user_id in held]
    flags[:, held_cols] |= engine.RULE_NOT_MATCHABLE
    held_rows = {i: held[u.pk] for i, u in enumerate(problem.mentees) if u.pk in held}
    allowed = flags == 0
    allowed[list(held_rows), :] = False
    capacity = mentors.capacity.copy()
    shortlist = problem.pairs.shortlist

    # Locked pairs are decided: take them out of the problem before solving the rest.
    fixed: dict[int, int] = {}
    row_of = {user.pk: i for i, user in enumerate(problem.mentees)}
    col_of = {mentor.pk: j for j, mentor in enumerate(problem.mentors)}
    locked = [
        p
        for p in _locked_pairs(run)
        if p.mentee_id in row_of
        and p.mentor_id in col_of
        and p.mentee_id not in held
        and problem.mentors[col_of[p.mentor_id]].user_id not in held
    ]
    # A lock never keeps a pair that a declared conflict or a reporting line now forbids.
    locked = [
        p
        for p in locked
        if not flags[row_of[p.mentee_id], col_of[p.mentor_id]] & engine.PERSONAL_RULES
    ]
    for pair in locked:
        row, col = row_of[pair.mentee_id], col_of[pair.mentor_id]
        fixed[row] = col
        capacity[col] = max(capacity[col] - 1, 0)
        allowed[row, :] = False

    if run.is_stable:
        _progress(run, 60, "Finding a stable pairing")
        assignment = engine.solve_stable(scores, capacity, allowed, shortlist)
    else:
        _progress(run, 60, "Finding the best pairing")
        assignment = engine.solve(scores, capacity, allowed, run.settings["maximize_matched"])
    for row, col in fixed.items():
        assignment[row] = col

    _progress(run, 85, "Explaining the proposal")
    rows = np.flatnonzero(assignment >= 0)
    cols = assignment[rows]
    explanations = engine.explain(rows, cols, mentees, mentors, weights, problem.pairs)
    # Ranked on the mentees' whole lists (locked rows included), whichever mode ran.
    ranks = engine.preference_ranks(scores, flags == 0, rows, cols, shortlist)
    locked_rows = set(fixed)
    ruled_out = _ruled_out(flags, problem.mentors)
    pairs = [
        ProposedPair(
            run=run,
            mentee=problem.mentees[row],
            mentor=problem.mentors[col],
            score=sum(explanation.values()),
            explanation=explanation,
            mentee_rank=rank or None,
            broken_rules=engine.rule_labels(int(flags[row, col]), max_hours),
            ruled_out=ruled_out.get(row, []),
            locked=row in locked_rows,
        )
        for row, col, explanation, rank in zip(
            rows.tolist(), cols.tolist(), explanations, ranks.tolist(), strict=True
        )
    ]
    unmatched = [
        UnmatchedMentee(
            run=run,
            mentee=problem.mentees[row],
            reason=(
                held_rows[row]
                if row in held_rows
                else engine.unmatched_reason(flags[row], scores[row], max_hours_apart=max_hours)
                if mentors.count
                else NO_MENTORS
            )[:500],
            ruled_out=ruled_out.get(row, []),
        )
        for row in np.flatnonzero(assignment < 0).tolist()
    ]
    with transaction.atomic():
        ProposedPair.objects.bulk_create(pairs, batch_size=500)
        UnmatchedMentee.objects.bulk_create(unmatched, batch_size=500)
        MatchRun.objects.filter(pk=run.pk).update(
            status=MatchRun.Status.DONE,
            progress=100,
            progress_note="Done",
            finished_at=timezone.now(),
            mentee_count=mentees.count,
            mentor_count=mentors.count,
            matched_count=len(pairs),
            total_score=float(sum(p.score for p in pairs)),
            message="" if allowed.any() or locked else NOTHING_ALLOWED,
        )
    run.refresh_from_db()
    _tell_run_ready(run)
    return run


def _held_back(run: MatchRun, problem: queries.Problem) -> dict[int, str]:
    """The run's people who may not be matched yet (portal.gates), with why in a sentence."""
    people = [u.pk for u in problem.mentees] + [m.user_id for m in problem.mentors]
    unmet = gates.held_back(people, gates.Action.MATCH, run.cohort.cycle.programme_id)
    return {
        user_id: "Not matchable yet: has still to " + "; ".join(u.reason for u in found) + "."
        for user_id, found in unmet.items()
    }


def _tell_run_ready(run: MatchRun) -> None:
    """The manager who started a run hears when its proposal is ready (it runs in the
    background, and they may have left the run page)."""
    if run.run_by is None:
        return
    notify(
        [run.run_by],
        kinds.MATCH_RUN_READY,
        title=f"Matching for {run.cohort} is ready for review",
        body=f"{run.matched_count} of {run.mentee_count} mentees have a proposed mentor. Review, "
        "lock or override pairs, then publish.",
        url=reverse("matching_run", args=[run.pk]),
    )


def _max_hours(run: MatchRun) -> float | None:
    """The run's time-zone cap (runs from before the cap have none)."""
    cap = run.settings.get("max_timezone_difference_hours")
    return None if cap is None else float(cap)


def _ruled_out(flags: np.ndarray, mentors: list[MentorProfile]) -> dict[int, list[str]]:
    """Per mentee row, each mentor a rule about the two people forbids (declared conflict,
    reporting line), as "Daniel Hartmann has a declared conflict of interest": the run page
    says why a mentor was never proposed. Read from the flags' few set bits, not per pair."""
    rows, cols = np.nonzero(flags & engine.PERSONAL_RULES)
    found: dict[int, list[str]] = {}
    for row, col in zip(rows.tolist(), cols.tolist(), strict=True):
        labels = engine.rule_labels(int(flags[row, col]) & engine.PERSONAL_RULES)
        found.setdefault(row, []).append(f"{mentors[col].user} {' and '.join(labels)}")
    return found


# --- reviewing --------------------------------------------------------------------------------


def _reviewable(run: MatchRun) -> MatchRun:
    run = MatchRun.objects.select_for_update().get(pk=run.pk)
    if run.status != MatchRun.Status.DONE:
        raise MatchingError(f"This run is {run.get_status_display().lower()}: it can't change now.")
    return run


@transaction.atomic
def lock_pair(pair: ProposedPair, actor: User, locked: bool = True) -> ProposedPair:
    """Lock (or unlock) a pair: the cohort's next run keeps it as it is."""
    _reviewable(pair.run)
    pair.locked = locked
    pair.save(update_fields=["locked"])
    MatchEvent.objects.create(
        run=pair.run,
        action=MatchEvent.Action.LOCKED if locked else MatchEvent.Action.UNLOCKED,
        actor=actor,
        subject=pair.mentee,
        details={"mentor": pair.mentor.user_id},
    )
    return pair


@transaction.atomic
def override_pair(
    run: MatchRun, mentee: User, mentor: MentorProfile, actor: User, reason: str = ""
) -> ProposedPair:
    """Pair a mentee with a chosen mentor. Breaking a hard rule needs a reason; all is logged."""
    run = _reviewable(run)
    reason = (reason or "").strip()
    problem = queries.load_problem(run.cohort)
    row_of = {user.pk: i for i, user in enumerate(problem.mentees)}
    col_of = {m.pk: j for j, m in enumerate(problem.mentors)}
    if mentee.pk not in row_of:
        raise MatchingError(f"{mentee} is no longer waiting for a mentor in this cohort.")
    if mentor.pk not in col_of:
        raise MatchingError(f"{mentor.user} is not an active mentor.")
    row, col = row_of[mentee.pk], col_of[mentor.pk]
    max_hours = _max_hours(run)
    flags = engine.rule_flags(
        problem.mentee_features,
        problem.mentor_features,
        problem.pairs,
        cross_unit=run.settings["cross_unit_pairs"],
        max_hours_apart=max_hours,
    )
    bits = int(flags[row, col])
    taken = run.pairs.filter(mentor=mentor).exclude(mentee=mentee).count()
    if taken >= problem.mentor_features.capacity[col]:
        bits |= engine.RULE_NO_CAPACITY
    broken = engine.rule_labels(bits, max_hours)
    if bits & engine.RULE_SELF:
        raise MatchingError("Nobody can mentor themselves.")
    if bits & engine.PERSONAL_RULES:
        # Governance decided these (an accepted declaration, a reporting line): no reason
        # given here outweighs them.
        rules = " and ".join(engine.rule_labels(bits & engine.PERSONAL_RULES))
        raise MatchingError(f"{mentor.user} {rules}: this rule cannot be overridden.")
    if broken and not reason:
        raise MatchingError(
            f"{mentor.user} {'; '.join(broken)}. Give a reason to override this rule."
        )
    explanation = engine.explain(
        [row],
        [col],
        problem.mentee_features,
        problem.mentor_features,
        run.settings["weights"],
        problem.pairs,
    )[0]
    rank = _mentee_rank(problem, flags[row] == 0, run.settings["weights"], row, col)
    before = run.pairs.filter(mentee=mentee).select_related("mentor").first()
    run.pairs.filter(mentee=mentee).delete()
    run.unmatched.filter(mentee=mentee).delete()
    pair = ProposedPair.objects.create(
        run=run,
        mentee=mentee,
        mentor=mentor,
        score=sum(explanation.values()),
        explanation=explanation,
        mentee_rank=rank,
        broken_rules=broken,
        locked=True,
        overridden=True,
        override_reason=reason[:300],
        overridden_by=actor,
        overridden_at=timezone.now(),
    )
    _refresh_totals(run)
    MatchEvent.objects.create(
        run=run,
        action=MatchEvent.Action.OVERRIDDEN,
        actor=actor,
        subject=mentee,
        reason=reason[:300],
        details={
            "mentor": mentor.user_id,
            "previous_mentor": before.mentor.user_id if before else None,
            "broken_rules": broken,
        },
    )
    _log(
        run,
        PAIR_OVERRIDDEN,
        actor,
        {
            "mentee": str(mentee),
            "mentee_id": mentee.pk,
            "mentor": str(mentor.user),
            "mentor_id": mentor.user_id,
            "previous_mentor": str(before.mentor.user) if before else "",
            "previous_mentor_id": before.mentor.user_id if before else None,
            "broken_rules": broken,
            "reason": reason[:300],
        },
    )
    return pair


def _log(run: MatchRun, action: str, actor: User | None, data: dict[str, Any]) -> None:
    """One entry in the audit trail, kept with the run's programme (so its managers read it)."""
    ProgrammeLogEntry.objects.log_action(
        run,
        action,
        user=actor,
        data=data,
        programme_id=run.cohort.cycle.programme_id,
    )


def _run_settings(run: MatchRun) -> dict[str, Any]:
    """What a published run's audit entry keeps of how it was made: the cohort, the weights,
    the mode and the counts (never a person's answers or notes)."""
    settings = run.settings
    return {
        "cohort": str(run.cohort),
        "cohort_id": run.cohort_id,
        "weights": {
            engine.FACTOR_LABELS[name]: settings.get("weights", {}).get(name, 0.0)
            for name in engine.FACTORS
        },
        "matching_mode": run.get_mode_display(),
        "mode": "as many matched as possible"
        if settings.get("maximize_matched")
        else "best fit first",
        "cross_unit_pairs": bool(settings.get("cross_unit_pairs")),
        "mentees": run.mentee_count,
        "mentors": run.mentor_count,
        "run_by": str(run.run_by) if run.run_by else "",
    }


def _mentee_rank(
    problem: queries.Problem, allowed_row: np.ndarray, weights: dict[str, float], row: int, col: int
) -> int | None:
    """Where mentor `col` stands in mentee `row`'s choices, scoring that one mentee only."""
    everyone = np.arange(problem.mentor_features.count)
    scores = engine.pair_scores(
        np.full(everyone.size, row),
        everyone,
        problem.mentee_features,
        problem.mentor_features,
        weights,
        problem.pairs,
    )
    mentees, mentors = problem.pairs.shortlist
    listed = (np.zeros(np.count_nonzero(mentees == row), dtype=np.int64), mentors[mentees == row])
    rank = engine.preference_ranks(scores[None, :], allowed_row[None, :], [0], [col], listed)
    return int(rank[0]) or None


def _refresh_totals(run: MatchRun) -> None:
    scores = list(run.pairs.values_list("score", flat=True))
    MatchRun.objects.filter(pk=run.pk).update(matched_count=len(scores), total_score=sum(scores))


@dataclass(frozen=True)
class ComparedRow:
    mentee: User
    pair_a: ProposedPair | None
    pair_b: ProposedPair | None

    @property
    def changed(self) -> bool:
        return getattr(self.pair_a, "mentor_id", None) != getattr(self.pair_b, "mentor_id", None)


@dataclass(frozen=True)
class Outcome:
    """One run's side of a comparison: its mode and what it gave the cohort."""

    run: MatchRun
    total_score: float
    matched: int
    first_choice: int


@dataclass(frozen=True)
class Comparison:
    a: MatchRun
    b: MatchRun
    rows: list[ComparedRow]

    @property
    def changed_count(self) -> int:
        return sum(row.changed for row in self.rows)

    @property
    def outcomes(self) -> tuple[Outcome, Outcome]:
        return self._outcome(self.a, "pair_a"), self._outcome(self.b, "pair_b")

    def _outcome(self, run: MatchRun, side: str) -> Outcome:
        pairs = [pair for row in self.rows if (pair := getattr(row, side)) is not None]
        return Outcome(
            run=run,
            total_score=sum(pair.score for pair in pairs),
            matched=len(pairs),
            first_choice=sum(pair.mentee_rank == 1 for pair in pairs),
        )


def compare_runs(a: MatchRun, b: MatchRun) -> Comparison:
    """Two runs side by side (two modes, or two sets of weights): each mentee's mentor, score
    and place in their choices in each (changes first), and each run's outcome."""
    if a.cohort_id != b.cohort_id:
        raise MatchingError("Compare runs of the same cohort.")
    by_mentee: dict[int, dict[str, Any]] = {}
    for side, run in (("a", a), ("b", b)):
        for pair in queries.pairs_of(run):
            entry = by_mentee.setdefault(pair.mentee_id, {"mentee": pair.mentee})
            entry[side] = pair
        for left_out in run.unmatched.select_related("mentee"):
            by_mentee.setdefault(left_out.mentee_id, {"mentee": left_out.mentee})
    rows = [
        ComparedRow(mentee=entry["mentee"], pair_a=entry.get("a"), pair_b=entry.get("b"))
        for entry in by_mentee.values()
    ]
    rows.sort(key=lambda row: (not row.changed, str(row.mentee)))
    return Comparison(a=a, b=b, rows=rows)


# --- publishing and answers -------------------------------------------------------------------


def publish_run(run: MatchRun, actor: User, reason: str = "") -> int:
    """Publish a run's pairs as matches for both people to answer; unmatched go back to wait.

    All or nothing. Two managers publishing at once: the status changes from "ready" to
    "published" in one conditional UPDATE, so exactly one of them publishes and the other gets
    a MatchingError saying who did. One entry in the audit trail names the publisher, `reason`
    (the admin's confirmation asks for it) and the run's settings and counts. Returns the
    number of matches proposed.
    """
    with transaction.atomic():
        claimed = MatchRun.objects.filter(pk=run.pk, status=MatchRun.Status.DONE).update(
            status=MatchRun.Status.PUBLISHED, published_at=timezone.now(), published_by=actor
        )
        run = MatchRun.objects.select_related("cohort__cycle__programme", "published_by").get(
            pk=run.pk
        )
        if not claimed:
            raise MatchingError(_not_publishable(run))
        pairs = list(run.pairs.select_related("mentee", "mentor__user"))
        if not pairs:
            raise MatchingError("This run proposes no pair: there is nothing to publish.")
        programme = run.cohort.cycle.programme
        busy = set(
            Match.objects.filter(
                programme=programme,
                status=Match.Status.PENDING,
                mentee_id__in=[p.mentee_id for p in pairs],
            ).values_list("mentee_id", flat=True)
        )
        if busy:
            raise MatchingError(
                "Some of these mentees already have a published match waiting for answers. "
                "Run matching again for a fresh proposal."
            )
        for pair in pairs:
            match = Match.objects.create(
                run=run,
                cohort=run.cohort,
                programme=programme,
                mentee=pair.mentee,
                mentor=pair.mentor,
                score=pair.score,
                explanation=pair.explanation,
            )
            MatchEvent.objects.create(
                run=run,
                match=match,
                action=MatchEvent.Action.PUBLISHED,
                actor=actor,
                subject=pair.mentee,
                details={"mode": run.mode},
            )
            _tell_proposed(match, actor)
        left_out = list(run.unmatched.select_related("mentee"))
        for unmatched in left_out:
            return_to_waiting_list(unmatched.mentee, run, actor, f"Not matched: {unmatched.reason}")
        _log(
            run,
            RUN_PUBLISHED,
            actor,
            {
                **_run_settings(run),
                "pairs": len(pairs),
                "overridden": sum(pair.overridden for pair in pairs),
                "unmatched": len(left_out),
                "total_score": round(run.total_score, 2),
                "reason": (reason or "").strip()[:300],
            },
        )
    return len(pairs)


def _tell_proposed(match: Match, actor: User) -> None:
    """Both sides hear of the proposal, each naming the other, and are asked to answer."""
    mentee, mentor = match.mentee, match.mentor.user
    programme = match.programme.name
    for recipient, other, role in ((mentee, mentor, "mentor"), (mentor, mentee, "mentee")):
        notify(
            [recipient],
            kinds.MATCH_PROPOSED,
            title=f"{other} is proposed as your {role}",
            body=f"{programme}: see why the programme team suggests this pairing, then accept "
            "or decline.",
            url=reverse("matching:mine"),
            actor=actor,
        )


def _tell_answered(match: Match, user: User, accept: bool) -> None:
    """The other side hears the answer (not the reason: that is for the programme team)."""
    mentee, mentor = match.mentee, match.mentor.user
    other = mentor if user.pk == mentee.pk else mentee
    if match.status == Match.Status.ACCEPTED:
        title, body = (
            f"{user} accepted: your mentoring with them starts",
            "You both accepted the proposed match, so your engagement is active now.",
        )
    elif accept:
        title, body = (
            f"{user} accepted the proposed match",
            "It starts as soon as you accept too.",
        )
    else:
        title, body = (
            f"{user} declined the proposed match",
            "The programme team will propose someone else in the next matching run.",
        )
    notify(
        [other],
        kinds.MATCH_ANSWERED,
        title=title,
        body=f"{match.programme.name}: {body}",
        url=reverse("matching:mine"),
        actor=user,
    )


def _not_publishable(run: MatchRun) -> str:
    if run.status == MatchRun.Status.PUBLISHED:
        who = run.published_by or "someone"
        when = timezone.localtime(run.published_at).strftime("%H:%M") if run.published_at else ""
        return f"{who} already published this run{f' at {when}' if when else ''}. Nothing changed."
    return f"This run is {run.get_status_display().lower()}; only a run ready for review publishes."


def return_to_waiting_list(mentee: User, run: MatchRun, actor: User | None, reason: str) -> None:
    """Back on the waiting list, first in line for the next run (see programmes.services)."""
    programme_services.return_to_waiting_list(mentee, run.cohort.cycle.programme, actor, reason)
    MatchEvent.objects.create(
        run=run,
        action=MatchEvent.Action.WAITLISTED,
        actor=actor,
        subject=mentee,
        reason=reason[:300],
    )


@transaction.atomic
def respond_to_match(match: Match, user: User, accept: bool, reason: str = "") -> Match:
    """The mentee or the mentor answers. Both yes: an active engagement starts. A no ends it."""
    match = (
        Match.objects.select_for_update()
        .select_related("mentor__user", "mentee", "programme", "run__cohort__cycle")
        .get(pk=match.pk)
    )
    is_mentee, is_mentor = match.mentee_id == user.pk, match.mentor.user_id == user.pk
    if not (is_mentee or is_mentor):
        raise PermissionDenied
    if match.status != Match.Status.PENDING:
        raise MatchingError(f"This match is already {match.get_status_display().lower()}.")
    reason = (reason or "").strip()
    if not accept and not reason:
        raise MatchingError(
            "Say briefly why you decline: it helps the programme team find a better match."
        )
    answer = Match.Answer.ACCEPTED if accept else Match.Answer.DECLINED
    if is_mentee:
        match.mentee_answer, match.mentee_reason = answer, reason[:300]
    else:
        match.mentor_answer, match.mentor_reason = answer, reason[:300]
    MatchEvent.objects.create(
        run=match.run,
        match=match,
        actor=user,
        subject=match.mentee,
        reason=reason[:300],
        action=MatchEvent.Action.ACCEPTED if accept else MatchEvent.Action.DECLINED,
    )
    if not accept:
        match.status, match.decided_at = Match.Status.DECLINED, timezone.now()
        match.save()
        _tell_answered(match, user, accept=False)
        who = "You" if is_mentee else "Your proposed mentor"
        return_to_waiting_list(
            match.mentee,
            match.run,
            user,
            f"{who} declined the proposed match; first in line for the next run.",
        )
        return match
    if match.mentee_answer == match.mentor_answer == Match.Answer.ACCEPTED:
        _start_engagement(match, user)
    match.save()
    _tell_answered(match, user, accept=True)
    return match


def _start_engagement(match: Match, actor: User) -> None:
    try:
        match.engagement = programme_services.start_engagement(
            match.mentee, match.mentor, match.programme, match.cohort
        )
    except programme_services.NoFreePlace as full:
        raise MatchingError(f"{full} The programme team will propose someone else.") from full
    match.status, match.decided_at = Match.Status.ACCEPTED, timezone.now()
    MatchEvent.objects.create(
        run=match.run,
        match=match,
        actor=actor,
        subject=match.mentee,
        action=MatchEvent.Action.ENGAGED,
    )
