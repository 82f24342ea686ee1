"""Programmes: cycles, cohorts, eligibility, applications, waiting list and engagements."""
