"""Who may apply: each failing rule in plain words, and nothing else (pure, no database)."""

from hypothesis import given
from hypothesis import strategies as st

from portal.programmes.eligibility import Applicant, Rules, reasons_not_eligible, who_may_apply

LEVELS = {
    1: "Senior manager",
    2: "Director",
    3: "Senior director",
    4: "Vice president",
    5: "Executive",
}
UNITS = {1: "Consumer Products", 2: "Industrial Solutions", 3: "Digital & Technology"}


def person(**overrides) -> Applicant:
    values = {
        "level": 2,
        "tenure_years": 4,
        "business_unit_id": 1,
        "has_nomination": False,
        "intake_submitted": True,
    }
    return Applicant(**{**values, **overrides})


def rules(**overrides) -> Rules:
    return Rules(level_labels=LEVELS, unit_labels=UNITS, **overrides)


def test_a_director_is_told_the_programme_is_for_vice_presidents_and_executives():
    reasons = reasons_not_eligible(person(level=2), rules(eligible_levels=[4, 5]))
    assert reasons == [
        "This programme is for Vice presidents and Executives; your profile says Director."
    ]


def test_short_tenure_is_explained_with_both_numbers():
    reasons = reasons_not_eligible(person(tenure_years=1), rules(min_tenure_years=3))
    assert reasons == ["It asks for at least 3 years with the organisation; your profile says 1."]


def test_a_missing_level_or_tenure_says_the_profile_lacks_it():
    reasons = reasons_not_eligible(
        person(level=None, tenure_years=None), rules(eligible_levels=[2], min_tenure_years=1)
    )
    assert reasons == [
        "This programme is for Directors; your profile does not give your level yet.",
        "It asks for at least 1 year with the organisation; your profile does not say how long "
        "you have been here.",
    ]


def test_every_failing_rule_is_listed_in_a_stable_order():
    reasons = reasons_not_eligible(
        person(level=1, tenure_years=0, business_unit_id=2, intake_submitted=False),
        rules(
            eligible_levels=[3, 4],
            min_tenure_years=2,
            eligible_unit_ids=[1, 3],
            nomination_required=True,
            is_open=False,
        ),
    )
    assert reasons == [
        "The programme is not taking applications at the moment.",
        "This programme is for Senior directors and Vice presidents; your profile says "
        "Senior manager.",
        "It asks for at least 2 years with the organisation; your profile says 0.",
        "It is open to people in Consumer Products and Digital & Technology; your profile says "
        "Industrial Solutions.",
        "It needs a nomination from your sponsor or manager.",
        "Complete your intake first.",
    ]


def test_who_may_apply_reads_as_one_sentence():
    text = who_may_apply(
        rules(eligible_levels=[3, 4], min_tenure_years=2, nomination_required=True)
    )
    assert text == (
        "Senior directors and Vice presidents with at least 2 years with the organisation, "
        "nominated by their sponsor or manager."
    )
    assert who_may_apply(rules()) == "Leaders at every level."


applicants = st.builds(
    Applicant,
    level=st.none() | st.integers(1, 5),
    tenure_years=st.none() | st.integers(0, 40),
    business_unit_id=st.none() | st.sampled_from(list(UNITS)),
    has_nomination=st.booleans(),
    intake_submitted=st.booleans(),
)
programme_rules = st.builds(
    Rules,
    eligible_levels=st.lists(st.integers(1, 5), unique=True, max_size=5),
    min_tenure_years=st.integers(0, 10),
    eligible_unit_ids=st.lists(st.sampled_from(list(UNITS)), unique=True),
    nomination_required=st.booleans(),
    is_open=st.booleans(),
    level_labels=st.just(LEVELS),
    unit_labels=st.just(UNITS),
)


def _meets(applicant: Applicant, rules: Rules) -> list[bool]:
    return [
        rules.is_open,
        not rules.eligible_levels or applicant.level in rules.eligible_levels,
        not rules.min_tenure_years
        or (
            (applicant.tenure_years or 0) >= rules.min_tenure_years
            and applicant.tenure_years is not None
        ),
        not rules.eligible_unit_ids or applicant.business_unit_id in rules.eligible_unit_ids,
        not rules.nomination_required or applicant.has_nomination,
        applicant.intake_submitted,
    ]


@given(applicants, programme_rules)
def test_there_is_one_reason_per_rule_not_met(applicant, rules):
    reasons = reasons_not_eligible(applicant, rules)
    assert len(reasons) == _meets(applicant, rules).count(False)
    assert len(set(reasons)) == len(reasons)
    assert all(reason.endswith(".") and reason[0].isupper() for reason in reasons)


@given(applicants, programme_rules)
def test_lifting_a_restriction_never_adds_a_reason(applicant, rules):
    before = reasons_not_eligible(applicant, rules)
    relaxed = Rules(
        eligible_levels=(),
        min_tenure_years=0,
        eligible_unit_ids=rules.eligible_unit_ids,
        nomination_required=False,
        is_open=rules.is_open,
        level_labels=LEVELS,
        unit_labels=UNITS,
    )
    after = reasons_not_eligible(applicant, relaxed)
    assert set(after) <= set(before)


@given(programme_rules)
def test_someone_meeting_every_rule_is_eligible(rules):
    fits = Applicant(
        level=min(rules.eligible_levels, default=3),
        tenure_years=rules.min_tenure_years,
        business_unit_id=min(rules.eligible_unit_ids, default=1),
        has_nomination=True,
        intake_submitted=True,
    )
    assert reasons_not_eligible(fits, rules) == (
        [] if rules.is_open else ["The programme is not taking applications at the moment."]
    )
