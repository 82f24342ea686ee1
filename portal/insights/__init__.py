"""Insights: HR data, assessments, the balanced scorecard, the impact dashboard and equity
monitoring (issue 17). It reads from the apps below it and writes only its own rows; every number
it publishes passes through `suppression` (pure, no Django) before any template, chart or file."""
