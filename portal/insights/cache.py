"""What the insight pages keep in the cache, and when it is forgotten (portal.generations).

- `SCORECARD`: every scorecard (per programme, cycle and cohort; sponsors' home headline),
  retired by receivers.py whenever a row any figure counts changes: engagements, assessments,
  check-in answers, outcome evaluations, goals, sessions, applications, profiles (business
  units) and forum posts. Entries hold aggregates only, already suppressed, and are the same for
  every reader allowed to open them (access is decided before the cache is read).
"""

SCORECARD = "insights:scorecard"
