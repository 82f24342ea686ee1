"""The engagement log in Wagtail's log registry: its actions' wording, and its models."""

from wagtail import hooks

from portal.engagements import services
from portal.engagements.models import EngagementLogEntry, Goal, Note
from portal.programmes.models import Engagement


@hooks.register("register_log_actions")
def engagement_log_actions(actions):
    actions.register_action(services.GOAL_ADDED, "Add goal", "Goal added")
    actions.register_action(services.GOAL_CHANGED, "Change goal", "Goal changed")
    actions.register_action(
        services.NOTE_OPENED, "Open note (break-glass)", "Note opened by a programme manager"
    )
    actions.register_action(
        services.ENDED_EARLY, "End early (no fault)", "Engagement ended early by the pair"
    )
    actions.register_action(services.COMPLETED, "Complete", "Engagement completed")
    actions.register_action(
        services.EVALUATION_OPENED, "Open evaluation", "Outcome evaluation opened by a manager"
    )
    for model in (Engagement, Goal, Note):
        actions.register_model(model, EngagementLogEntry)
