"""The terminal: the console, Block Kit drawn with rich, and the command line's own
commands (feeds, ingest progress, analyze/eval/train/feedback)."""
