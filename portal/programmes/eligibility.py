"""Who may apply to a programme, with every failing rule said in plain words.

Pure: no Django import. The caller reads the applicant's profile and the programme's rules into
the two value objects below; the labels travel with them so the messages name things the way
the person sees them on their profile.
"""

from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Applicant:
    """What the rules look at, read from the person's profile, intake and nominations."""

    level: int | None
    tenure_years: int | None
    business_unit_id: int | None
    has_nomination: bool
    intake_submitted: bool


@dataclass(frozen=True)
class Rules:
    """A programme's eligibility rules. Empty `eligible_levels` / `eligible_unit_ids`: any."""

    eligible_levels: Collection[int] = ()
    min_tenure_years: int = 0
    eligible_unit_ids: Collection[int] = ()
    nomination_required: bool = False
    is_open: bool = True
    level_labels: Mapping[int, str] = field(default_factory=dict)
    unit_labels: Mapping[int, str] = field(default_factory=dict)


def reasons_not_eligible(applicant: Applicant, rules: Rules) -> list[str]:
    """Every rule the applicant does not meet, as sentences; an empty list means eligible."""
    reasons = []
    if not rules.is_open:
        reasons.append("The programme is not taking applications at the moment.")
    if rules.eligible_levels and applicant.level not in rules.eligible_levels:
        reasons.append(_level_reason(applicant, rules))
    if rules.min_tenure_years and (
        applicant.tenure_years is None or applicant.tenure_years < rules.min_tenure_years
    ):
        reasons.append(_tenure_reason(applicant, rules))
    if rules.eligible_unit_ids and applicant.business_unit_id not in rules.eligible_unit_ids:
        reasons.append(_unit_reason(applicant, rules))
    if rules.nomination_required and not applicant.has_nomination:
        reasons.append("It needs a nomination from your sponsor or manager.")
    if not applicant.intake_submitted:
        reasons.append("Complete your intake first.")
    return reasons


def who_may_apply(rules: Rules) -> str:
    """The rules as one sentence for the programme card, e.g. for people deciding to apply."""
    parts = []
    if rules.eligible_levels:
        parts.append(_wanted_levels(rules))
    else:
        parts.append("Leaders at every level")
    if rules.eligible_unit_ids:
        parts.append(f"in {_wanted_units(rules)}")
    if rules.min_tenure_years:
        years = _years(rules.min_tenure_years)
        parts.append(f"with at least {years} with the organisation")
    sentence = " ".join(parts)
    if rules.nomination_required:
        sentence += ", nominated by their sponsor or manager"
    return sentence + "."


def _level_reason(applicant: Applicant, rules: Rules) -> str:
    wanted = _wanted_levels(rules)
    if applicant.level is None:
        return f"This programme is for {wanted}; your profile does not give your level yet."
    actual = rules.level_labels.get(applicant.level, str(applicant.level))
    return f"This programme is for {wanted}; your profile says {actual}."


def _tenure_reason(applicant: Applicant, rules: Rules) -> str:
    wanted = f"It asks for at least {_years(rules.min_tenure_years)} with the organisation"
    if applicant.tenure_years is None:
        return f"{wanted}; your profile does not say how long you have been here."
    return f"{wanted}; your profile says {applicant.tenure_years}."


def _unit_reason(applicant: Applicant, rules: Rules) -> str:
    wanted = _wanted_units(rules)
    if applicant.business_unit_id is None:
        return f"It is open to people in {wanted}; your profile does not give a business unit."
    actual = rules.unit_labels.get(applicant.business_unit_id, "another unit")
    return f"It is open to people in {wanted}; your profile says {actual}."


def _wanted_levels(rules: Rules) -> str:
    labels = (rules.level_labels.get(level, str(level)) for level in sorted(rules.eligible_levels))
    return _join(_plural(label) for label in labels)


def _wanted_units(rules: Rules) -> str:
    return _join(sorted(rules.unit_labels.get(unit, "") for unit in rules.eligible_unit_ids))


def _years(n: int) -> str:
    return "1 year" if n == 1 else f"{n} years"


def _plural(label: str) -> str:
    return label if label.endswith("s") else f"{label}s"


def _join(items: Iterable[str]) -> str:
    words: list[str] = [item for item in items if item]
    if len(words) <= 1:
        return "".join(words)
    return ", ".join(words[:-1]) + " and " + words[-1]
