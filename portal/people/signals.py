"""What the people app announces to the floors above it (notifications listen here: people
sits below them, so it tells by signal rather than calling up)."""

from django.dispatch import Signal

# Sent inside the transaction that made the change, with `request` (a RoleRequest).
role_requested = Signal()
role_request_decided = Signal()
# With `mentor` (a MentorProfile) and `actor` (None when their own modules completed it).
onboarding_completed = Signal()
# With `mentor` (an external expert's MentorProfile, its vetting_status decided) and `actor`.
vetting_decided = Signal()
