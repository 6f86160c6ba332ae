"""Posting exactly once through the outbox: alerts, digests, feed polling, the scheduler."""
