"""Registrable domains (the part a registrant owns), for R2 and R13.

A small suffix list is enough for a government cluster: the Chinese
second-level suffixes (``gov.cn``, ``com.cn`` …) and the common ones abroad;
anything else is taken as ``name.tld``.
"""

from __future__ import annotations

import ipaddress

TWO_LABEL_SUFFIXES = frozenset(
    f"{second}.{top}"
    for top, seconds in (
        ("cn", ("gov", "com", "net", "org", "edu", "ac", "mil")),
        ("hk", ("gov", "com", "org", "edu")),
        ("uk", ("co", "org", "gov", "ac")),
        ("jp", ("co", "or", "go", "ac")),
    )
    for second in seconds
)


def registrable_domain(host: str) -> str:
    """``www.bj.gov.cn`` → ``bj.gov.cn``; ``a.example.com`` → ``example.com``;
    an IP address is its own domain."""
    host = (host or "").lower().rstrip(".")
    try:
        ipaddress.ip_address(host.strip("[]"))
        return host
    except ValueError:
        pass
    labels = host.split(".")
    if len(labels) >= 3 and ".".join(labels[-2:]) in TWO_LABEL_SUFFIXES:
        return ".".join(labels[-3:])
    return ".".join(labels[-2:])
