"""Sources -> articles: feeds (conditional GET), pages (trafilatura), files, stories (dedup)."""
