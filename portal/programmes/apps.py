from django.apps import AppConfig


class ProgrammesConfig(AppConfig):
    name = "portal.programmes"
    label = "programmes"
    verbose_name = "Programmes"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self) -> None:
        from portal import gates
        from portal.programmes import questions

        # A programme's required questions are answered before applying to it.
        gates.register(questions.unanswered_before_applying)
