"""Pelican settings for the Briefings site (development build)."""

AUTHOR = "Briefings"
SITENAME = "Briefings"
SITESUBTITLE = "Annotated news briefings: who, what was said, and when"
SITEURL = ""
RELATIVE_URLS = True

PATH = "content"
ARTICLE_PATHS = [""]  # anywhere in content/ but the page paths
PAGE_PATHS = ["pages"]
STATIC_PATHS = []
THEME = "theme"
PLUGIN_PATHS = ["plugins"]
PLUGINS = ["briefings_site"]

TIMEZONE = "UTC"
DEFAULT_LANG = "en"
DEFAULT_DATE_FORMAT = "%-d %B %Y"
DEFAULT_PAGINATION = 20

ARTICLE_URL = "briefings/{slug}/"
ARTICLE_SAVE_AS = "briefings/{slug}/index.html"
# Pages live apart from the site's own pages (players/, timeline/, …).
PAGE_URL = "pages/{slug}/"
PAGE_SAVE_AS = "pages/{slug}/index.html"
TAG_URL = "tags/{slug}/"
TAG_SAVE_AS = "tags/{slug}/index.html"
TAGS_URL = "tags/"
TAGS_SAVE_AS = "tags/index.html"
ARCHIVES_URL = "archives/"
ARCHIVES_SAVE_AS = "archives/index.html"
YEAR_ARCHIVE_SAVE_AS = ""
MONTH_ARCHIVE_SAVE_AS = ""
CATEGORY_SAVE_AS = ""
CATEGORIES_SAVE_AS = ""
AUTHOR_SAVE_AS = ""
AUTHORS_SAVE_AS = ""
DIRECT_TEMPLATES = ["index", "archives", "tags"]
# No translations: an imported briefing and its raw article share a slug,
# and the plugin keeps the Markdown one.
ARTICLE_TRANSLATION_ID = None

FEED_ALL_ATOM = None
CATEGORY_FEED_ATOM = None
TRANSLATION_FEED_ATOM = None
AUTHOR_FEED_ATOM = None
AUTHOR_FEED_RSS = None

# Pelican's content cache, keyed by a hash of each file's content: an
# unchanged briefing is not even read on a rebuild. The plugin keeps its own
# files in .cache/briefings (BRIEFINGS_CACHE_DIR), its annotations in
# .cache/annotations.sqlite (BRIEFINGS_CACHE_PATH).
CACHE_PATH = ".cache"
CACHE_CONTENT = True
LOAD_CONTENT_CACHE = True
CHECK_MODIFIED_METHOD = "md5"
# Uncompressed: Pelican rewrites the whole cache when one file changed, and
# compressing it costs more than the disk it saves.
GZIP_CACHE = False

BRIEFINGS_READ_MORE = 5

# Everything a template prints is escaped unless marked safe: article text,
# titles and names come from the outside world.
JINJA_ENVIRONMENT = {"trim_blocks": True, "lstrip_blocks": True, "autoescape": True}
