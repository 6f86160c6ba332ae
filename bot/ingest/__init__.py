"""Sources -> articles: feeds (conditional GET), pages (trafilatura), files, fetch and its SSRF
guard, uids; the ingestor (read, analyse, store) and the processes it runs in; story grouping
measured through it (`eval_grouping`)."""
