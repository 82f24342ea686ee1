"""axe-core in the browser tests: every page a journey opens is checked before it is left.

axe-core is vendored (tests/browser/vendor/, version and licence in its README) and read from
disk, so no test run fetches anything. The portal's CSP refuses inline scripts, so
`page.add_script_tag` cannot inject it (Chromium refuses the script); scripts added through the
DevTools protocol are outside the page's CSP, so the watch adds axe as an init script and
`assert_accessible` injects it with `page.evaluate`.

Serious and critical violations fail the test; moderate and minor ones are left to review.
The watch leaves out the Wagtail and Django admin (settings.ADMIN_URL_PREFIXES): their screens
and theme are Wagtail's and Django's (theming the admin is a later issue); a test checks our own
screens inside the admin with `assert_accessible`.
"""

import json
import re
from contextlib import suppress
from dataclasses import dataclass, field
from pathlib import Path
from time import monotonic
from urllib.parse import urlsplit

from django.conf import settings

from playwright.sync_api import BrowserContext, Error, Page, Route

VENDOR = Path(__file__).parent / "vendor"
AXE_SOURCE = (VENDOR / "axe.min.js").read_text()
AXE_VERSION = re.match(r"/\*! axe v(\S+)", AXE_SOURCE).group(1)
BLOCKING_IMPACTS = frozenset({"serious", "critical"})
# How long a navigation waits for the check of the page it leaves.
CHECK_TIMEOUT_S = 15

# One check of the current document, once its transitions have settled (a message fading in
# has no contrast yet); null for documents that are not HTML (a feed, a download). Checks of one
# document queue behind each other: axe refuses to start while it is running.
RUN_AXE = """async () => {
  const check = async () => {
    if (document.contentType !== 'text/html') return null;
    const settled = Promise.all(document.getAnimations().map((a) => a.finished.catch(() => null)));
    await Promise.race([settled, new Promise((done) => setTimeout(done, 2000))]);
    const result = await axe.run(document, {resultTypes: ['violations']});
    return result.violations.map((v) => ({
      rule: v.id, impact: v.impact, help: v.help, helpUrl: v.helpUrl,
      nodes: v.nodes.map((n) => ({target: n.target.join(' '), html: n.html.slice(0, 200)})),
    }));
  };
  const run = (window.__lodestarAxeQueue || Promise.resolve()).then(check);
  window.__lodestarAxeQueue = run.catch(() => null);
  return run;
}"""

# The same check on every top-level document of a watched context, once it has loaded; it tells
# Python when it starts and when it is done, so a navigation can wait for it (AxeWatch._hold).
CHECK_ON_LOAD = f"""{AXE_SOURCE}
;(() => {{
  if (window.top !== window) return;
  const unwatched = {json.dumps(list(settings.ADMIN_URL_PREFIXES))};
  if (unwatched.some((prefix) => location.pathname.startsWith(prefix))) return;
  addEventListener('load', () => {{
    window.__lodestarAxe('start', location.href, null);
    ({RUN_AXE})().then(
      (violations) => window.__lodestarAxe('done', location.href, violations),
      (error) => window.__lodestarAxe('done', location.href,
        [{{rule: 'axe-error', impact: 'critical', help: String(error), helpUrl: '', nodes: []}}]));
  }}, {{once: true}});
}})();
"""


@dataclass(frozen=True)
class Violation:
    url: str
    rule: str
    impact: str
    help: str
    help_url: str
    nodes: tuple[tuple[str, str], ...]  # (CSS target, start of the element's HTML)

    def __str__(self) -> str:
        lines = [f"{self.url}\n  [{self.impact}] {self.rule}: {self.help} ({self.help_url})"]
        lines += [f"      {target}\n        {html}" for target, html in self.nodes]
        return "\n".join(lines)


def _blocking(url: str, found: list[dict] | None) -> list[Violation]:
    return [
        Violation(
            url=url,
            rule=v["rule"],
            impact=v["impact"],
            help=v["help"],
            help_url=v["helpUrl"],
            nodes=tuple((n["target"], n["html"]) for n in v["nodes"]),
        )
        for v in found or []
        if v["impact"] in BLOCKING_IMPACTS
    ]


def _watched(url: str) -> bool:
    path = urlsplit(url).path
    return url.startswith("http") and not path.startswith(settings.ADMIN_URL_PREFIXES)


def violations_on(page: Page) -> list[Violation]:
    """The serious and critical axe violations on the page as it is now."""
    # Our axe, even where the page brings its own (Wagtail's admin ships an older one).
    if page.evaluate("window.axe && window.axe.version") != AXE_VERSION:
        page.evaluate(AXE_SOURCE)
    return _blocking(page.url, page.evaluate(RUN_AXE))


def report(violations: list[Violation]) -> str:
    noun = "violation" if len(violations) == 1 else "violations"
    head = f"axe-core found {len(violations)} serious or critical accessibility {noun}:"
    return "\n".join([head, *map(str, violations)])


def assert_accessible(page: Page) -> None:
    """Fail when axe finds a serious or critical violation on the page as it is now."""
    violations = violations_on(page)
    assert not violations, report(violations)


@dataclass
class AxeWatch:
    """Checks every page its contexts load, and holds each navigation until the page it leaves
    has been checked (so a journey that moves on quickly still has every page checked)."""

    violations: list[Violation] = field(default_factory=list)
    contexts: list[BrowserContext] = field(default_factory=list)
    _running: dict[Page, int] = field(default_factory=dict)

    def attach(self, context: BrowserContext) -> BrowserContext:
        context.expose_binding("__lodestarAxe", self._on_report)
        context.add_init_script(CHECK_ON_LOAD)
        context.route("**/*", self._hold)
        self.contexts.append(context)
        return context

    def _on_report(self, source: dict, stage: str, url: str, found: list[dict] | None) -> None:
        page = source["page"]
        if stage == "start":
            self._running[page] = self._running.get(page, 0) + 1
            return
        self._running[page] = max(self._running.get(page, 0) - 1, 0)
        self._record(_blocking(url, found))

    def _record(self, violations: list[Violation]) -> None:
        self.violations += [v for v in violations if v not in self.violations]

    def _wait_for_checks(self, page: Page) -> None:
        deadline = monotonic() + CHECK_TIMEOUT_S
        while self._running.get(page) and monotonic() < deadline and not page.is_closed():
            page.wait_for_timeout(20)

    def _hold(self, route: Route) -> None:
        request = route.request
        if request.is_navigation_request() and request.frame.parent_frame is None:
            self._wait_for_checks(request.frame.page)
        route.fallback()

    def finish(self) -> None:
        """Check the final state of every page still open, then stop watching."""
        for context in self.contexts:
            for page in context.pages:
                self._wait_for_checks(page)
                if _watched(page.url):
                    self._record(violations_on(page))
        self.stop()

    def stop(self) -> None:
        for context in self.contexts:
            with suppress(Error):  # the test may have closed it already
                context.unroute_all(behavior="ignoreErrors")
        self.contexts.clear()
