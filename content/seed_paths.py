"""Where the library lives in the page tree (the index page's slug under the site root)."""

LIBRARY_SLUG = "library"
LIBRARY_PATH = f"{LIBRARY_SLUG}/"
