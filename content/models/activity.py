"""What members do with library items, private to each of them: simulation runs, reflections."""

from django.conf import settings
from django.db import models


class SimulationRunQuerySet(models.QuerySet):
    def for_user(self, user) -> "SimulationRunQuerySet":
        """A member's own runs; nobody reads another person's path."""
        if not user.is_authenticated:
            return self.none()
        return self.filter(user=user)


class SimulationRun(models.Model):
    """One play-through of a simulation. `path` is the player's record, in order."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="simulation_runs"
    )
    page = models.ForeignKey(
        "content.SimulationPage", on_delete=models.CASCADE, related_name="runs"
    )
    path = models.JSONField(
        default=list,
        help_text="[{situation, choice, label, consequence}] in the order played.",
    )
    current_key = models.CharField(max_length=40)
    ending_key = models.CharField(max_length=40, blank=True)
    started_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)
    # Only a member's first finished run counts in everyone's figures, so replays do not skew them.
    counts_in_aggregate = models.BooleanField(default=False)

    objects = SimulationRunQuerySet.as_manager()

    class Meta:
        ordering = ["-started_at", "-pk"]
        indexes = [models.Index(fields=["page", "counts_in_aggregate"])]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "page"],
                condition=models.Q(counts_in_aggregate=True),
                name="one_counted_run_per_player",
            )
        ]

    def __str__(self) -> str:
        return f"Run #{self.pk} of {self.page_id}"

    @property
    def is_finished(self) -> bool:
        return self.finished_at is not None


class SimulationDecision(models.Model):
    """One choice in a run, as a row, so everyone's choices are counted by the database."""

    run = models.ForeignKey(SimulationRun, on_delete=models.CASCADE, related_name="decisions")
    position = models.PositiveSmallIntegerField()
    situation_key = models.CharField(max_length=40)
    choice_id = models.CharField(max_length=64)

    class Meta:
        ordering = ["run", "position"]
        constraints = [
            models.UniqueConstraint(fields=["run", "position"], name="one_decision_per_step")
        ]

    def __str__(self) -> str:
        return f"{self.situation_key} → {self.choice_id}"


class ReflectionQuerySet(models.QuerySet):
    def for_user(self, user) -> "ReflectionQuerySet":
        """A member's own reflections: the only way reflections are read."""
        if not user.is_authenticated:
            return self.none()
        return self.filter(user=user)


class Reflection(models.Model):
    """A member's private answer to one reflective prompt of a micro-learning module."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="reflections"
    )
    page = models.ForeignKey(
        "content.LearningModulePage", on_delete=models.CASCADE, related_name="reflections"
    )
    prompt_id = models.CharField(max_length=64, help_text="The prompt block's stable id.")
    text = models.TextField(max_length=4000)
    updated_at = models.DateTimeField(auto_now=True)

    objects = ReflectionQuerySet.as_manager()

    class Meta:
        ordering = ["page", "prompt_id"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "page", "prompt_id"], name="one_reflection_per_prompt"
            )
        ]

    def __str__(self) -> str:
        return f"Reflection #{self.pk}"


class ModuleCompletion(models.Model):
    """A member has completed a micro-learning module (mentors' onboarding counts these)."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="module_completions"
    )
    page = models.ForeignKey(
        "content.LearningModulePage", on_delete=models.CASCADE, related_name="completions"
    )
    completed_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "page"], name="one_completion_per_module")
        ]

    def __str__(self) -> str:
        return f"Module {self.page_id} completed by {self.user_id}"
