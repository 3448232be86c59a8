"""The service navigation in every page's header, built in one place.

Each entry is a label, the name of the URL it goes to and who sees it. To add a section, add one
line to ``ENTRIES``, for example::

    NavEntry("Reports", "reporting:index", lambda user: can(user, "view_reports")),

The entry is marked as the current page (``aria-current="page"``) on its own URL and as the current
section (``aria-current="true"``) on the pages under it.
"""

from collections.abc import Callable
from dataclasses import dataclass

from django.urls import reverse

from openehcp.accounts.policy import FAMILY_ROLES, can
from openehcp.establishments.models import Establishment


def everyone(user) -> bool:
    """Every signed-in user (the navigation is never shown to people who are not signed in)."""
    return True


@dataclass(frozen=True)
class NavEntry:
    label: str
    url_name: str
    shown_to: Callable[..., bool] = everyone


ENTRIES: list[NavEntry] = [
    NavEntry("Home", "web:home"),
    NavEntry("My work", "workqueues:my_work", lambda user: can(user, "change")),
    NavEntry("Team", "workqueues:team", lambda user: can(user, "manage_team")),
    NavEntry("Search", "workqueues:search", lambda user: can(user, "view")),
    NavEntry("Children", "people:list", lambda user: can(user, "view")),
    NavEntry("Triage", "assessments:triage", lambda user: can(user, "change")),
    NavEntry("Mediation and appeals", "disagreements:list", lambda user: can(user, "manage_team")),
    NavEntry(
        "Reviews", "reviews:workqueue", lambda user: user.is_council_staff and can(user, "view")
    ),
    NavEntry("Advice requests", "assessments:advice_list", lambda user: can(user, "submit")),
    NavEntry("Reviews due", "reviews:my_setting", lambda user: user.role == "setting_staff"),
    NavEntry(
        "Settings register",
        "establishments:register",
        lambda user: can(user, "view", Establishment()),
    ),
    NavEntry("Users", "accounts:user_list", lambda user: can(user, "administer")),
    NavEntry(
        "Letters",
        "letters:template_list",
        lambda user: can(user, "administer") or can(user, "manage_team"),
    ),
    NavEntry("Reports", "reporting:index", lambda user: can(user, "view_reports")),
    NavEntry("Local Offer", "localoffer:manage", lambda user: can(user, "edit_local_offer")),
    NavEntry("Your case", "portal:index", lambda user: user.role in FAMILY_ROLES),
    NavEntry("Your account", "accounts:account"),
]


def navigation_for(request) -> list[dict]:
    """The entries this user may see, with ``href`` and ``current`` ("page", "true" or "").

    One entry at most is current: the one whose URL is the page's, or else the one whose URL is
    the longest start of the page's ("Search" at /workqueue/search/ rather than "My work" at
    /workqueue/).
    """
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return []
    items = [
        {"label": entry.label, "href": reverse(entry.url_name), "current": ""}
        for entry in ENTRIES
        if entry.shown_to(user)
    ]
    sections = [
        item
        for item in items
        if item["href"] == request.path
        or (item["href"] != "/" and request.path.startswith(item["href"]))
    ]
    if sections:
        closest = max(sections, key=lambda item: len(item["href"]))
        closest["current"] = "page" if closest["href"] == request.path else "true"
    return items
