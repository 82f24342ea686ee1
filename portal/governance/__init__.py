"""Governance as data: charters and policies with acknowledgements, the conflict-of-interest
register, the risk register, external experts' due diligence, and the steering group's reviews.

It reads from people, programmes, engagements and matching and is read by nobody below it;
decisions are recorded in Wagtail's log entries (the one audit trail, ADR 0018).
"""
