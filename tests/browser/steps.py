"""Steps that several browser journeys share: signing in and filling the intake."""

from tests.factories import PASSWORD


def sign_in_at(page, url: str, email: str, password: str = PASSWORD) -> None:
    """Open `url` (which sends visitors to sign in) and sign in there."""
    page.goto(url)
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password").fill(password)
    page.get_by_role("button", name="Sign in").click()


def fill_career(page, unit: str = "Industrial Solutions") -> None:
    page.get_by_label("Job title").fill("Director of Insight")
    page.get_by_label("Function").select_option(label="Strategy")
    page.get_by_label("Business unit").select_option(label=unit)
    page.get_by_label("Level").select_option(label="Director")
    page.get_by_label("Years with the organisation").fill("7")
    page.get_by_label("Location").fill("Lagos, Nigeria")
    page.get_by_label("Time zone").select_option("Africa/Lagos")
    page.get_by_label("English").check()


def fill_goals(page) -> None:
    page.locator("#id_goals-0-competency").select_option(label="Strategic thinking")
    page.locator("#id_goals-0-current_level").select_option("2")
    page.locator("#id_goals-0-target_level").select_option("4")
    page.locator("#id_goals-1-competency").select_option(label="Negotiation")
    page.locator("#id_goals-1-current_level").select_option("1")
    page.locator("#id_goals-1-target_level").select_option("3")
    page.get_by_label("What do you want to get out of mentoring?").fill("Lead a turnaround.")


def fill_preferences(page) -> None:
    page.get_by_label("One-on-one").check()
    page.get_by_label("Morning (9–12)").check()
    page.get_by_label("Hours per month you can give to mentoring").fill("4")
