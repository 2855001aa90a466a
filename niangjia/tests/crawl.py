"""A same-site crawler for the dead-link test: follows every link a user is shown, breadth-first, and reports
links that fail, forms that post nowhere, and pages with English or raw codes in their visible text.

Pages of one URL pattern look alike, so only a few instances of a pattern (same route, same query keys) are
fetched and fewer parsed; this keeps the crawl broad (every kind of link) at a bounded cost."""

import re
import time
from collections import deque
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import parse_qsl, urldefrag, urlencode, urlsplit

from django.urls import Resolver404, resolve

from niangjia.tests.test_workbench_language import ALLOWED, TAGS, WORD

# Never followed: leaving the session, switching language, Django admin and the JSON API (their own tests).
SKIP_PREFIXES = ("/logout/", "/i18n/", "/admin/", "/api/", "/static/")
DOWNLOAD = re.compile(r"\.(xlsx|xls|csv|pdf|png|jpe?g|zip|txt|mp4|docx?)$|/(download|export|file|pdf|csv|xlsx)\b",
                      re.I)
HTMX_GET = ("hx-get",)
HTMX_POST = ("hx-post", "hx-put", "hx-patch", "hx-delete")
PARSE_PER_PATTERN = 2
FETCH_PER_PATTERN = 2
# An element marked data-raw-code is a deliberate code editor for experts (a policy's stored parameters).
RAW_CODE = re.compile(r"<(\w+)[^>]*\sdata-raw-code[^>]*>.*?</\1>", re.S)
# A verification address printed for people to type is not English prose.
URL = re.compile(r"https?://\S+")


def body_text(html: str) -> str:
    """What a person reads: the whole body (header, sidebar, page, footer) without tags, scripts and styles."""
    body = html.split("<body", 1)[-1].split(">", 1)[-1].split("</body>", 1)[0]
    return re.sub(r"&[a-z#0-9]+;", " ", TAGS.sub(" ", body))


@dataclass
class Found:
    links: list[tuple[str, str]] = field(default_factory=list)  # (url, how it was shown)
    posts: list[str] = field(default_factory=list)  # form/hx-post targets


class _Links(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.found = Found()

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "a" and a.get("href"):
            self.found.links.append((a["href"], "a"))
        elif tag == "form":
            action = a.get("action") or ""
            if (a.get("method") or "get").lower() == "post":
                self.found.posts.append(action)
            elif action:
                self.found.links.append((action, "form-get"))
        if tag == "button" and a.get("formaction"):
            self.found.posts.append(a["formaction"])
        for name in HTMX_GET:
            if a.get(name):
                self.found.links.append((a[name], name))
        for name in HTMX_POST:
            if a.get(name):
                self.found.posts.append(a[name])


def same_site(href: str, base: str) -> str | None:
    """The path+query of a same-site href, relative ones resolved against `base`; None for anything else."""
    href = urldefrag(href.strip())[0]
    if not href or href.startswith(("mailto:", "tel:", "javascript:", "data:", "//", "{")):
        return None
    parts = urlsplit(href)
    if parts.scheme and (parts.scheme not in ("http", "https") or parts.netloc not in ("testserver", "")):
        return None
    path = parts.path
    if not path:
        path = urlsplit(base).path
    elif not path.startswith("/"):
        path = urlsplit(base).path.rsplit("/", 1)[0] + "/" + path
    return path + ("?" + parts.query if parts.query else "")


def is_download(url: str) -> bool:
    parts = urlsplit(url)
    return bool(DOWNLOAD.search(parts.path)) or any(k == "export" for k, _ in parse_qsl(parts.query))


def pattern_of(url: str) -> str:
    parts = urlsplit(url)
    try:
        route = resolve(parts.path).route
    except Resolver404:
        route = parts.path
    if is_download(url):  # one file per route is enough to know it is served; the grid's sort and page are not
        return route + "?download"
    # A grid's sort, page and page-size links show the same view: they count as the list itself.
    keys = sorted({k for k, _ in parse_qsl(parts.query, keep_blank_values=True)} - {"page", "sort", "size"})
    return route + "?" + urlencode([(k, "") for k in keys])


@dataclass
class Report:
    who: str
    failures: list[str] = field(default_factory=list)
    english: dict[str, list[str]] = field(default_factory=dict)
    pages: int = 0
    fetched: int = 0
    left: int = 0  # links still queued when the limit was reached
    seconds: float = 0.0


def crawl(client, who: str, starts: list[str], *, limit: int = 400, allowed_words=frozenset(),
          signed_in: bool = True) -> Report:
    report = Report(who)
    t0 = time.monotonic()
    queue: deque[tuple[str, str]] = deque((url, "start") for url in starts)
    seen: set[str] = set(starts)
    parsed_per_pattern: dict[str, int] = {}
    queued_per_pattern: dict[str, int] = {}
    checked_posts: set[str] = set()
    allowed = ALLOWED | set(allowed_words)

    def enqueue(url: str, shown_on: str):
        if url in seen or url.startswith(SKIP_PREFIXES):
            return
        seen.add(url)
        pattern = pattern_of(url)
        queued_per_pattern[pattern] = queued_per_pattern.get(pattern, 0) + 1
        if queued_per_pattern[pattern] <= (1 if pattern.endswith("?download") else FETCH_PER_PATTERN):
            queue.append((url, shown_on))

    while queue and report.fetched < limit:
        url, shown_on = queue.popleft()
        report.fetched += 1
        try:
            response = client.get(url, HTTP_ACCEPT_LANGUAGE="zh-hans")
        except Exception as exc:  # the view raised: a 500 in production
            report.failures.append(f"500 {url} (shown on {shown_on}): {exc.__class__.__name__}: {exc}")
            continue
        status = response.status_code
        if status in (301, 302, 303, 307, 308):
            target = same_site(response["Location"], url)
            if target and target.startswith("/login/") and signed_in:
                report.failures.append(f"{status}->login {url} (shown on {shown_on})")
            elif target:
                enqueue(target, f"{url} (redirect)")
            continue
        if status not in (200, 204):  # 204: an htmx poll with nothing new
            report.failures.append(f"{status} {url} (shown on {shown_on})")
            continue
        content_type = response.get("Content-Type", "")
        if "text/html" not in content_type or is_download(url):
            continue
        pattern = pattern_of(url)
        parsed_per_pattern[pattern] = parsed_per_pattern.get(pattern, 0) + 1
        if parsed_per_pattern[pattern] > PARSE_PER_PATTERN:
            continue
        report.pages += 1
        html = response.content.decode()
        # All-capital tokens are identifiers people copy (plan codes, USCC letters), not words to translate.
        text = URL.sub(" ", body_text(RAW_CODE.sub(" ", html)))
        words = {w for w in WORD.findall(text) if w not in allowed and not w.isupper()}
        if words:
            report.english[url] = sorted(words)[:20]
        parser = _Links()
        parser.feed(html)
        for href, _how in parser.found.links:
            target = same_site(href, url)
            if target:
                enqueue(target, url)
        for action in parser.found.posts:
            target = same_site(action, url) if action else urlsplit(url).path
            if target is None or target in checked_posts:
                continue
            checked_posts.add(target)
            try:
                resolve(urlsplit(target).path)
            except Resolver404:
                report.failures.append(f"POST target does not resolve: {target} (form on {url})")
    report.seconds = time.monotonic() - t0
    report.left = len(queue)
    return report
