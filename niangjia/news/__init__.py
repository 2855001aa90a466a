"""Notices and policy digests with audiences and read receipts."""
