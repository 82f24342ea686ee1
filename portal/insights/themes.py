"""The themes the scorecard counts in free text (check-ins, outcome evaluations and managers'
observations). Pure: no Django. A theme is a handful of word stems; a narrative mentions a
theme when it contains one of them, case aside. Only counts of pairs are ever published, never
a word of anyone's text (ADR 0027)."""

THEMES: dict[str, tuple[str, ...]] = {
    "Confidence and presence": ("confiden", "presence", "self-belief"),
    "Feedback": ("feedback",),
    "Strategy and vision": ("strateg", "vision", "long-term"),
    "Delegation": ("delegat",),
    "Stakeholders and influence": ("stakeholder", "influenc", "board"),
    "Priorities and focus": ("priorit", "focus"),
    "Communication": ("communicat", "presentation", "storytell"),
    "Networking": ("network",),
    "Coaching the team": ("coach", "my team", "direct report"),
    "Decision making": ("decision", "decisive"),
    "Finding time to meet": ("schedul", "diary", "calendar", "busy", "cancel"),
    "Career direction": ("career", "promotion", "next role"),
    "Balance and wellbeing": ("balance", "wellbeing", "stress", "burnout"),
}
# At most this many themes are shown, the most frequent first.
SHOWN = 8
