"""Test helper: decide on a page the way an approver does — open it (which shows the evidence and carries the
signed receipt of what was shown), then post the decision with that receipt."""

import re

RECEIPT = re.compile(r'name="evidence" value="([^"]*)"')


def receipt_on(client, url) -> str:
    found = RECEIPT.search(client.get(url).content.decode())
    return found.group(1) if found else ""


def post_from_page(client, url, data, *, page=None, **kwargs):
    """POST `data` to `url` with the receipt of `page` (default: `url` itself, opened with GET first)."""
    return client.post(url, {**data, "evidence": receipt_on(client, page or url)}, **kwargs)
