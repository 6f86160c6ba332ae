"""The terminal: the console, and Block Kit drawn with rich."""
