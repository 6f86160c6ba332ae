"""One story per event: which stored story a new article belongs to.

Pure functions over plain data, no database: `copies` (the same text, whatever part of it
an article holds), `evidence` and `when` (what an article says about its event, in a
form two languages can compare), `events` (whether two reports are of one event),
`decide` (which candidate story an article joins). `bot.store.stories` finds the
candidates in the store and writes the result; `distributions` and
`bot.ingest.eval_grouping` measure it (`partners-bot eval-grouping`).
"""
