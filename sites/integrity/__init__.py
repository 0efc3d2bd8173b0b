"""防篡改 (tamper evidence, R77; issue 13 item 3).

At every publish the platform records a sha256 of what the public receives —
each affected page rendered as an anonymous visitor with the page cache
bypassed, and each document file — together with a snapshot of the page's
stored content. ``manage.py check_integrity`` (cron, every few minutes) compares
the stored content, the files and the served pages with what was recorded; any
difference raises a red alarm on the supervisors' dashboard, is audited, and the
true content is put back (the page's content from the platform's record of the
approved publication, the file from the platform-kept, hash-verified copy).

Other modules (e.g. publish-time static files) call :func:`record` for what
they write and :func:`expected_hashes` to compare.
"""


def record(host: str, path: str, body: bytes, **fields):
    """Record ``body`` as what the public receives at ``host`` + ``path``."""
    from .recording import record as _record

    return _record(host, path, body, **fields)


def expected_hashes(host: str | None = None) -> dict[tuple[str, str], str]:
    """(host, path) -> sha256 of everything recorded (of one host if given)."""
    from .recording import expected_hashes as _expected

    return _expected(host)


def accept_change(page) -> None:
    """Platform code that changes a live page's stored content without publishing
    a revision (a data migration, a correction service) calls this after its
    commit, so the next check does not take the change for tampering."""
    from .recording import record_publication

    record_publication(page)
