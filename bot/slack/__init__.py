"""Slack: the Bolt app, what its handlers are given, HTTP and Socket Mode serving, manifest."""
