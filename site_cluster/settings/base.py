"""Settings shared by every environment of the government site cluster.

Environment variables:
- ``DATABASE_URL``: any URL dj-database-url understands; default SQLite (WAL) in ``data/``.
- ``REDIS_URL``: switches cache and sessions to Redis.
- ``DATA_DIR``: where the embedded database, media and search index live.
"""

import os
from pathlib import Path

import dj_database_url

PROJECT_DIR = Path(__file__).resolve().parent.parent
BASE_DIR = PROJECT_DIR.parent
DATA_DIR = Path(os.environ.get("DATA_DIR", BASE_DIR / "data"))

INSTALLED_APPS = [
    "sites",
    "sites.static_output",
    "sites.integrity",
    "sites.legacy_import",
    "disclosure",
    "interaction",
    # Before haystack (its update_index, one writer and one commit, wins).
    "search",
    "haystack",
    "themes",
    "wagtail.contrib.forms",
    # 蒙古文版 (issue #21 item 2): "翻译" on a page copies it into the Mongolian
    # tree as a draft that goes through the site's review workflow.
    "wagtail.contrib.simple_translation",
    "wagtail.contrib.redirects",
    "wagtail.contrib.settings",
    "wagtail.contrib.table_block",
    "wagtail.contrib.typed_table_block",
    "wagtail.embeds",
    "wagtail.sites",
    "sites.users_app.ClusterUsersAppConfig",  # wagtail.users with the 三员分立 user forms
    "wagtail.snippets",
    "wagtail.documents",
    "wagtail.images",
    "wagtail.search",
    "wagtail.admin",
    "wagtail",
    "modelcluster",
    "taggit",
    "django_filters",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "csp",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # hardening (issue 14): CSP on every answer (cached pages too); hostile ids
    # and oversized bodies refused before anything reads them.
    "sites.csp.ClusterCSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "sites.input_guard.BadInputMiddleware",
    # A lost database connection: GET/HEAD retried once, otherwise a 503 page.
    "sites.db_resilience.DatabaseLossMiddleware",
    # Counts public page views (cached and static ones too): R72, no trackers.
    "sites.visits.VisitCounterMiddleware",
    # Publish-time static pages, when STATIC_PAGES_ROOT is set (embedded profile).
    "sites.static_output.middleware.StaticPagesMiddleware",
    # Before sessions and auth: a cached public page is answered without them.
    "sites.page_cache.PageCacheMiddleware",
    # An old department site's hostname answers with redirects to its new pages.
    # After the page cache: no page is ever stored for such a host (a new one
    # moves the cluster generation), so a hit need not ask whether it is one.
    "sites.legacy_import.redirects.LegacyHostMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # The request's address for audit entries written without it (sites/audit.py).
    "sites.audit.AuditRequestMiddleware",
    # Wagtail's bulk-action and chooser views limited to the user's own sites.
    "sites.admin_scope.AdminScopeMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wagtail.contrib.redirects.middleware.RedirectMiddleware",
    "sites.middleware.WithdrawnPageMiddleware",
]

ROOT_URLCONF = "site_cluster.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.debug",
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "wagtail.contrib.settings.context_processors.settings",
            ],
        },
    },
]

WSGI_APPLICATION = "site_cluster.wsgi.application"


SQLITE_OPTIONS = {
    # WAL lets readers run while one writer commits; IMMEDIATE avoids
    # "database is locked" on lock upgrades under concurrent writes.
    "init_command": (
        "PRAGMA journal_mode=WAL;PRAGMA synchronous=NORMAL;PRAGMA busy_timeout=5000;"
    ),
    "transaction_mode": "IMMEDIATE",
}


def _database_config():
    """SQLite in WAL mode by default; anything else through DATABASE_URL."""
    url = os.environ.get("DATABASE_URL")
    if url:
        config = dj_database_url.parse(url, conn_max_age=60, conn_health_checks=True)
        if config["ENGINE"] == "django.db.backends.sqlite3":
            # hardening (issue 14): a SQLite URL keeps WAL and the busy timeout.
            config["OPTIONS"] = {**SQLITE_OPTIONS, **config.get("OPTIONS", {})}
        return config
    DATA_DIR.mkdir(parents=True, exist_ok=True)
    return {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": DATA_DIR / "cluster.sqlite3",
        "OPTIONS": dict(SQLITE_OPTIONS),
    }


DATABASES = {"default": _database_config()}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Caches (README "Shared state"): nothing lives in one process's memory that
# another process needs. "default" holds what may be lost (whole pages, their
# generations, Wagtail's lookups): Redis when REDIS_URL is set (a Redis that is
# down means "not cached", never an error), else files under DATA_DIR that
# every process on the machine shares (reads 5x faster than the database cache
# here and no write competes with the SQLite writer: bench/cache_backends.py).
# "state" holds what must be exact and must outlive a cache outage (rate
# limits, look-up lockouts, captcha single-use marks): a database table with
# atomic increments, created by migrate.
STATE_CACHE = {
    "BACKEND": "sites.cache_backends.DatabaseCache",
    "LOCATION": "cluster_state_cache",
    "OPTIONS": {"MAX_ENTRIES": 50_000},
}
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "sites.cache_backends.FailSoftRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "cluster",
            "OPTIONS": {"SOCKET_CONNECT_TIMEOUT": 0.5, "SOCKET_TIMEOUT": 0.5},
        },
        "state": STATE_CACHE,
    }
    # Read from Redis, written through to the database: a Redis restart logs
    # nobody out.
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
else:
    CACHES = {
        "default": {
            "BACKEND": "sites.cache_backends.FileCache",
            "LOCATION": str(DATA_DIR / "cache"),
            "OPTIONS": {"MAX_ENTRIES": 5_000},
        },
        "state": STATE_CACHE,
    }
    SESSION_ENGINE = "django.contrib.sessions.backends.db"
RATELIMIT_USE_CACHE = "state"
# Should the state cache (the database) fail, limited forms refuse rather than
# accept unchecked: nothing could be stored then anyway (README, cache faults).
RATELIMIT_FAIL_OPEN = False

AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation."
        "UserAttributeSimilarityValidator"
    },
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "zh-hans"
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
# The platform's own Chinese for what Wagtail's zh_Hans leaves in English (.mo committed).
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_TZ = True

STATIC_URL = "/static/"
STATIC_ROOT = BASE_DIR / "static_collected"
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", DATA_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
    },
}

DATA_UPLOAD_MAX_NUMBER_FIELDS = 10_000
FILE_UPLOAD_MAX_MEMORY_SIZE = 2 * 1024 * 1024

SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = True
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

LOGIN_URL = "wagtailadmin_login"
# Internal sections (内部栏目) send their readers to the site's own login page,
# not the admin's (sites/internal_sections.py).
WAGTAIL_FRONTEND_LOGIN_URL = "/nbdl/"

# --- Wagtail ---------------------------------------------------------------
WAGTAIL_SITE_NAME = "政府网站集约化平台"
WAGTAILADMIN_BASE_URL = os.environ.get("WAGTAILADMIN_BASE_URL", "http://localhost:8000")
# 蒙古文版 (issue #21 item 2): a site may have a traditional-Mongolian version,
# a tree of pages in the "mn" locale under its home at /mn/ (sites/services/
# mongolian.py). Wagtail's locales, translation keys and simple_translation work
# without WAGTAIL_I18N_ENABLED; the flag would only add language-prefixed URL
# reversing and a second site root per language, which this layout needs not.
WAGTAIL_I18N_ENABLED = False
LANGUAGES = WAGTAIL_CONTENT_LANGUAGES = [("zh-hans", "简体中文"), ("mn", "蒙古文")]
WAGTAILSEARCH_BACKENDS = {
    "default": {
        "BACKEND": "wagtail.search.backends.database",
        "INDEX_PREFIX": "",
    }
}
WAGTAILDOCS_EXTENSIONS = [
    "csv", "doc", "docx", "ofd", "odt", "pdf", "ppt", "pptx", "rtf", "txt",
    "wps", "xls", "xlsx", "zip",
]  # fmt: skip
WAGTAILDOCS_MAX_UPLOAD_SIZE = 50 * 1024 * 1024
WAGTAILIMAGES_MAX_UPLOAD_SIZE = 10 * 1024 * 1024
WAGTAILIMAGES_MAX_IMAGE_PIXELS = 64_000_000
WAGTAIL_PASSWORD_RESET_ENABLED = False
WAGTAIL_ENABLE_UPDATE_CHECK = False
WAGTAIL_ALLOW_UNICODE_SLUGS = False
WAGTAILADMIN_PERMITTED_LANGUAGES = [("zh-hans", "简体中文")]
# Only the workflow publishes (R76): its last approval publishes without the
# approver holding publish_page (see sites/services/publishing.py).
WAGTAIL_FINISH_WORKFLOW_ACTION = "sites.workflow_actions.publish_approved"

# --- The cluster -------------------------------------------------------------
# Port written into each Site record; production serves on 80/443, the demo on
# runserver's port so that links between sites work on one machine.
CLUSTER_DEFAULT_PORT = int(os.environ.get("CLUSTER_PORT", "80"))
# Number of items per page in column lists.
CLUSTER_LIST_PAGE_SIZE = 20
# How many latest items per department/banner site the portal home shows.
CLUSTER_PORTAL_ITEMS_PER_SITE = 5
# How many member sites the portal's 部门动态 and 旗县动态 blocks each show: those
# with the newest items. Bounded so that the portal home costs the same with 5
# or 500 sites below it (sites/services/home.py).
CLUSTER_PORTAL_MEMBER_SITES = 6

# --- 政府信息公开 -----------------------------------------------------------------
# 索引号 format (REQUIREMENTS §5.2, R26). Fields: {agency} (机构代码), {yyyy} or
# {yyyymm} (first publication), {seq:05d} (the sequence, counted per agency and per
# year, or per month when {yyyymm} is used). {agency} and {seq} are required; a
# system check refuses anything else at start-up. Changing it only affects numbers
# allocated afterwards: existing 索引号 never change.
DISCLOSURE_INDEX_FORMAT = os.environ.get(
    "DISCLOSURE_INDEX_FORMAT", "{agency}/{yyyy}-{seq:05d}"
)

# --- 统一检索 (search) -------------------------------------------------------------
# SEARCH_ENGINE: "sqlite" (default: embedded SQLite FTS5, meets the targets at
# 100,000 documents, see README), "whoosh" (embedded, a few thousand documents at
# most), "postgres" (full-text search in the cluster's PostgreSQL database, its
# read replicas included), "elasticsearch" (ELASTICSEARCH_URL, ELASTICSEARCH_INDEX).
SEARCH_ENGINE = os.environ.get("SEARCH_ENGINE", "sqlite")
SEARCH_INDEX_DIR = Path(os.environ.get("SEARCH_INDEX_DIR", DATA_DIR / "search"))


def search_connection(engine, index_dir):
    if engine not in ("sqlite", "whoosh", "postgres", "elasticsearch"):
        raise ValueError(
            f"SEARCH_ENGINE={engine!r}: use sqlite, whoosh, postgres or elasticsearch"
        )
    if engine == "elasticsearch":
        return {
            "ENGINE": "haystack.backends.elasticsearch7_backend."
            "Elasticsearch7SearchEngine",
            "URL": os.environ.get("ELASTICSEARCH_URL", "http://127.0.0.1:9200/"),
            "INDEX_NAME": os.environ.get("ELASTICSEARCH_INDEX", "site_cluster"),
            "SILENTLY_FAIL": False,
        }
    if engine == "postgres":
        return {
            "ENGINE": "search.backends.postgres_fts.PostgresFTSEngine",
            # Aliases of DATABASES: the index is written with the content and may
            # be read from a replica (SEARCH_READ_DATABASE, an alias of DATABASES).
            "USING": "default",
            "READ_USING": os.environ.get("SEARCH_READ_DATABASE", "default"),
            "SILENTLY_FAIL": False,
        }
    if engine == "whoosh":
        return {
            "ENGINE": "search.backends.whoosh_cn.ChineseWhooshEngine",
            "PATH": str(index_dir / "whoosh"),
            "SILENTLY_FAIL": False,
        }
    return {
        "ENGINE": "search.backends.sqlite_fts.SQLiteFTSEngine",
        "PATH": str(index_dir / "fts.sqlite3"),
        "SILENTLY_FAIL": False,
    }


HAYSTACK_CONNECTIONS = {"default": search_connection(SEARCH_ENGINE, SEARCH_INDEX_DIR)}
HAYSTACK_SIGNAL_PROCESSOR = "search.signals.QueuedSignalProcessor"
HAYSTACK_SEARCH_RESULTS_PER_PAGE = 10
# One writer at a time across processes (fcntl lock file beside the index; the
# postgres engine takes an advisory lock in the database, across hosts).
SEARCH_WRITER_LOCK = SEARCH_INDEX_DIR / "writer.lock"
# Who works the index update queue off (search/queue.py): "inline" (the
# committing thread, after the commit), "thread" (a background thread of the
# process; see the README on why it is not yet the default), "worker" (several
# processes: `manage.py process_search_queue --loop 1`; production). The older
# SEARCH_PROCESS_ON_COMMIT=0 still means "worker".
SEARCH_QUEUE_ON_COMMIT = os.environ.get(
    "SEARCH_QUEUE_ON_COMMIT",
    "inline" if os.environ.get("SEARCH_PROCESS_ON_COMMIT", "1") == "1" else "worker",
)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    # hardening (issue 14): phone/ID numbers typed into a URL are masked.
    "filters": {"personal_data": {"()": "sites.log_masking.PersonalDataLogFilter"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler", "filters": ["personal_data"]}
    },
    "root": {"handlers": ["console"], "level": "WARNING"},
    "loggers": {
        "sites": {"handlers": ["console"], "level": "INFO", "propagate": False},
        "search": {"handlers": ["console"], "level": "INFO", "propagate": False},
        # Django's own lines (request warnings) and runserver's access lines
        "django": {"handlers": ["console"], "level": "INFO", "propagate": False},
        "django.server": {"handlers": ["console"], "level": "INFO", "propagate": False},
    },
}

# 防篡改: platform-kept copies of published document files (outside MEDIA_ROOT).
INTEGRITY_BACKUP_DIR = Path(
    os.environ.get("INTEGRITY_BACKUP_DIR", DATA_DIR / "integrity")
)
# Record a publish's hashes right after its commit ("1"), or leave the rendering
# to the next check_integrity run ("0": faster publishing, a window until then).
INTEGRITY_RECORD_ON_COMMIT = os.environ.get("INTEGRITY_RECORD_ON_COMMIT", "1") == "1"

# Audit log retention in days; purge_audit_log refuses anything under 180 (R73).
AUDIT_LOG_RETENTION_DAYS = int(os.environ.get("AUDIT_LOG_RETENTION_DAYS", "365"))

# Whole-page cache of public Wagtail pages (sites/page_cache.py); 0 switches it
# off. Publishing invalidates at once; the lifetime only bounds what depends on
# the clock (a consultation that closes, a date shown relative to today).
PAGE_CACHE_SECONDS = int(os.environ.get("PAGE_CACHE_SECONDS", "300"))
# Each process also keeps up to this many bytes of the pages it served from the
# shared cache (keyed by the shared generations, so never stale; 0: none).
PAGE_CACHE_PROCESS_BYTES = int(os.environ.get("PAGE_CACHE_PROCESS_BYTES", "33554432"))

# Publish-time static pages (sites/static_output, 静态化发布): every public page is
# also written to <STATIC_PAGES_ROOT>/<host>/<path>/index.html for nginx; empty
# switches it off. After each commit the writer runs in a thread ("thread"), in
# the request ("inline") or only in `manage.py process_static_queue` ("off").
STATIC_PAGES_ROOT = os.environ.get("STATIC_PAGES_ROOT", "")
STATIC_PAGES_ON_COMMIT = os.environ.get("STATIC_PAGES_ON_COMMIT", "thread")
# With static output on, the writer records the tamper baseline of a publish
# from what it renders (static_output/handover.py): the publish waits for nothing.

# Visit statistics (R72, sites/visits.py): "app" spools each public page view
# (flushed by `manage.py flush_visits`); "access_log" behind nginx, where static
# pages never reach the app (`manage.py import_access_log`); "off".
VISIT_COUNTING = os.environ.get("VISIT_COUNTING", "app")
VISIT_SPOOL_DIR = Path(os.environ.get("VISIT_SPOOL_DIR", DATA_DIR / "visits"))

# --- Citizens' submissions (依申请公开, letters) ---------------------------------
# Per client address; a refused submission stores nothing and says so in Chinese.
DISCLOSURE_APPLY_RATE = os.environ.get("DISCLOSURE_APPLY_RATE", "10/h")
DISCLOSURE_QUERY_RATE = os.environ.get("DISCLOSURE_QUERY_RATE", "20/h")
# Yellow alarm when a reply is due within this many working days.
DISCLOSURE_YELLOW_ALARM_DAYS = int(os.environ.get("DISCLOSURE_YELLOW_ALARM_DAYS", "3"))
# Approval notices (审批公示) and 电子监察: yellow when a case's promised due
# date is at most this many working days away; 双公示 and case results must go
# online within APPROVALS_PUBLISH_DAYS working days (R61, R62, R65).
APPROVALS_YELLOW_DAYS = int(os.environ.get("APPROVALS_YELLOW_DAYS", "2"))
APPROVALS_PUBLISH_DAYS = int(os.environ.get("APPROVALS_PUBLISH_DAYS", "7"))
# 电子监察 step limits (R65, thresholds local): working days a case may stay in
# each 环节, counted from the import that first reported it there. 补正 waits
# for the applicant and has none; {} switches the step signal off.
APPROVALS_STEP_LIMITS = {"accepted": 2, "reviewing": 10, "deciding": 5}
# The approval system's import API: requests per client address, body size.
APPROVALS_API_RATE = os.environ.get("APPROVALS_API_RATE", "60/m")
APPROVALS_API_MAX_BYTES = int(os.environ.get("APPROVALS_API_MAX_BYTES", "2097152"))
# Behind a reverse proxy, name the header that carries the visitor's address
# (e.g. HTTP_X_REAL_IP), or every visitor shares the proxy's limit.
RATELIMIT_IP_META_KEY = os.environ.get("CLIENT_IP_HEADER") or None
# Fernet keys (comma-separated, newest first) that encrypt ID numbers at rest;
# production requires them, elsewhere a key is derived from SECRET_KEY.
# --- 政民互动 (letters, consultations, interviews) ---------------------------------
# Per client address, like the disclosure form; guessing query codes is limited too.
INTERACTION_LETTER_RATE = os.environ.get("INTERACTION_LETTER_RATE", "10/h")
INTERACTION_QUERY_RATE = os.environ.get("INTERACTION_QUERY_RATE", "20/h")
INTERACTION_COMMENT_RATE = os.environ.get("INTERACTION_COMMENT_RATE", "20/h")
# Yellow alarm when a letter's reply is due within this many working days.
INTERACTION_YELLOW_ALARM_DAYS = int(
    os.environ.get("INTERACTION_YELLOW_ALARM_DAYS", "2")
)
# Hard alarm this many calendar days after submission, long before the 3-month veto.
INTERACTION_HARD_ALARM_DAYS = int(os.environ.get("INTERACTION_HARD_ALARM_DAYS", "45"))
# Letter attachments: at most this many files, each at most this size (bytes), and
# images at most this many pixels (decompression bombs are refused before decoding).
INTERACTION_MAX_ATTACHMENTS = 3
INTERACTION_MAX_ATTACHMENT_SIZE = 5 * 1024 * 1024
INTERACTION_MAX_IMAGE_PIXELS = 40_000_000
# Citizens' attachments never go under MEDIA_ROOT (which the web server may serve):
# they are read only through views that check who is asking.
PRIVATE_MEDIA_ROOT = Path(os.environ.get("PRIVATE_MEDIA_ROOT", DATA_DIR / "private"))
PERSONAL_DATA_KEYS = [
    key for key in os.environ.get("PERSONAL_DATA_KEYS", "").split(",") if key
]
# HMAC keys of the query codes of letters and applications (comma-separated,
# newest first; keep old ones listed while their receipts are in use). Without
# them a key is derived from SECRET_KEY (see sites/query_codes.py).
QUERY_CODE_KEYS = [
    key for key in os.environ.get("QUERY_CODE_KEYS", "").split(",") if key
]

# --- Admin access, 等保 level 3 (R74, R75; issue #13 item 5) ---------------------
# Second factor (TOTP, django-otp) for every admin login; enrolment on first login.
INSTALLED_APPS += [
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
]
MIDDLEWARE.insert(
    MIDDLEWARE.index("django.contrib.auth.middleware.AuthenticationMiddleware") + 1,
    "django_otp.middleware.OTPMiddleware",
)
MIDDLEWARE.insert(
    MIDDLEWARE.index("django.contrib.messages.middleware.MessageMiddleware") + 1,
    "sites.admin_access.middleware.AdminAccessMiddleware",
)
ADMIN_2FA_REQUIRED = os.environ.get("ADMIN_2FA_REQUIRED", "1") == "1"
OTP_TOTP_ISSUER = WAGTAIL_SITE_NAME
# Lockout after failed logins, per account and per client address, in the database
# (every process shares it); 安全管理员 unlocks under 设置 → 登录安全.
ADMIN_LOCKOUT_ENABLED = True
ADMIN_LOCKOUT_FAILURES = int(os.environ.get("ADMIN_LOCKOUT_FAILURES", "5"))
ADMIN_LOCKOUT_MINUTES = int(os.environ.get("ADMIN_LOCKOUT_MINUTES", "30"))
AUTHENTICATION_BACKENDS = ["sites.admin_access.login.LockoutModelBackend"]
WAGTAILADMIN_USER_LOGIN_FORM = "sites.admin_access.login.LockoutLoginForm"
# An admin session idle this long is logged out (ASVS 7.3.1, 等保 8.1.4.1 b).
ADMIN_IDLE_TIMEOUT_SECONDS = int(os.environ.get("ADMIN_IDLE_TIMEOUT_SECONDS", "1800"))
# Superusers undo 三员分立: production refuses to start while one exists.
ADMIN_FORBID_SUPERUSER = False
# Password policy: at least 12 characters, not common, not all digits, no Chinese
# weak-password part (sites/admin_access/passwords.py).
AUTH_PASSWORD_VALIDATORS = [
    {
        "NAME": "django.contrib.auth.password_validation."
        "UserAttributeSimilarityValidator"
    },
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
    {"NAME": "sites.admin_access.passwords.ChineseWeakPasswordValidator"},
]
# Where backups go (security_report checks it is set; see README 备份).
BACKUP_DIR = os.environ.get("BACKUP_DIR", "")


# --- Hardening (issue 14): headers, CSP, body caps ----------------------------
# One block, kept together on purpose; production.py adds HSTS subdomains and
# requires WAGTAILADMIN_BASE_URL.
from csp.constants import NONCE, NONE, SELF  # noqa: E402

# No framing anywhere; Wagtail's preview views opt in with SAMEORIGIN themselves.
X_FRAME_OPTIONS = "DENY"
# django-csp 4. Public pages: scripts only from our own static files (or an
# inline script carrying the request's nonce); sites/csp.py gives the Wagtail
# admin, which still renders a few inline scripts, its own allowances.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF, "'unsafe-inline'"],
        "img-src": [SELF, "data:"],
        "font-src": [SELF, "data:"],
        "connect-src": [SELF],
        "frame-src": [SELF],
        "media-src": [SELF],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    },
}
CONTENT_SECURITY_POLICY_ADMIN = {
    "script-src": [SELF, "'unsafe-inline'"],
    "img-src": [SELF, "data:", "blob:"],
    "frame-src": [SELF],
    "frame-ancestors": [SELF],
}
# Bodies larger than these are refused from their Content-Length, unread
# (sites/input_guard.py): a visitor's letter with all its attachments; an
# editor's largest document. Django's own limit covers non-file fields.
PUBLIC_UPLOAD_MAX_BYTES = (
    INTERACTION_MAX_ATTACHMENTS * INTERACTION_MAX_ATTACHMENT_SIZE + 1024 * 1024
)
ADMIN_UPLOAD_MAX_BYTES = WAGTAILDOCS_MAX_UPLOAD_SIZE + 10 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 2_621_440
# The link checker (sites/compliance/link_checker.py) refuses every address
# that is not public; "ip:port" entries here are fetched anyway (tests only).
LINK_CHECKER_ALLOWED_ADDRESSES: list[str] = []
LINK_CHECKER_MAX_BYTES = 64 * 1024
LINK_CHECKER_MAX_REDIRECTS = 5
# Legacy site import (迁移, sites/legacy_import): the crawl is bounded, and an old
# site inside the network is reached only when its address is listed here
# ("10.1.2.3" or "10.1.2.3:8080"), comma-separated in the environment.
LEGACY_IMPORT_ALLOWED_ADDRESSES = [
    a.strip()
    for a in os.environ.get("LEGACY_IMPORT_ALLOWED_ADDRESSES", "").split(",")
    if a.strip()
]
LEGACY_IMPORT_MAX_PAGES = int(os.environ.get("LEGACY_IMPORT_MAX_PAGES", "5000"))
LEGACY_IMPORT_MAX_BYTES = 20 * 1024 * 1024
LEGACY_IMPORT_TIMEOUT = 15
# Jobs started in the admin run in a thread of the web process; the command
# ``import_legacy_site --job N`` runs (or resumes) one from a worker instead.
LEGACY_IMPORT_INLINE = False
# Uploaded images must decode completely (a truncated one gave a 500 later).
WAGTAILIMAGES_IMAGE_FORM_BASE = "sites.image_forms.ClusterImageForm"
