"""Rows kept by triggers for what `/partners` reads (m009, `bot.store.migrations`): each
read then counts or lists the rows it answers with, not every partnership of a company or
of a year. Deal dates are `bot.store.dating.DEAL_DATE` (published, else first seen).

- `partner_pairs`: every two parties of a partnership, both ways, with the deal date, type
  and publication date: `a + b`, and the partner map's partners and the deals among them.
- `partnership_topics`, and partnerships by (deal type, deal date): trends count a topic's
  or a deal type's year before the period on an index range.
- `deal_days` (m010): deals per company (party rows), topic and deal type and day, the
  first ten characters of the deal date (the same side of a 'YYYY-MM-DD' bound as the
  whole date). Trends sum a period's days instead of reading its deals.
"""

M009_READ_TABLES = """
CREATE TABLE partner_pairs (
    org_id INTEGER NOT NULL,
    other_id INTEGER NOT NULL,
    deal_date TEXT NOT NULL,
    partnership_id INTEGER NOT NULL,
    deal_type TEXT NOT NULL,
    published TEXT,
    PRIMARY KEY (org_id, other_id, deal_date, partnership_id)
) WITHOUT ROWID;
CREATE INDEX idx_partner_pairs_date
    ON partner_pairs(org_id, deal_date, other_id, deal_type, published);
CREATE INDEX idx_partner_pairs_p ON partner_pairs(partnership_id);
INSERT OR IGNORE INTO partner_pairs
    (org_id, other_id, deal_date, partnership_id, deal_type, published)
SELECT a.org_id, b.org_id, COALESCE(p.published, p.created_at), p.id, p.deal_type, p.published
FROM partnership_parties a
JOIN partnership_parties b ON b.partnership_id = a.partnership_id AND b.org_id != a.org_id
JOIN partnerships p ON p.id = a.partnership_id;
CREATE TRIGGER partner_pairs_ai AFTER INSERT ON partnership_parties BEGIN
    INSERT OR IGNORE INTO partner_pairs
        (org_id, other_id, deal_date, partnership_id, deal_type, published)
    SELECT new.org_id, o.org_id, COALESCE(p.published, p.created_at), p.id, p.deal_type,
        p.published
    FROM partnership_parties o JOIN partnerships p ON p.id = o.partnership_id
    WHERE o.partnership_id = new.partnership_id AND o.org_id != new.org_id;
    INSERT OR IGNORE INTO partner_pairs
        (org_id, other_id, deal_date, partnership_id, deal_type, published)
    SELECT o.org_id, new.org_id, COALESCE(p.published, p.created_at), p.id, p.deal_type,
        p.published
    FROM partnership_parties o JOIN partnerships p ON p.id = o.partnership_id
    WHERE o.partnership_id = new.partnership_id AND o.org_id != new.org_id;
END;
CREATE TRIGGER partner_pairs_ad AFTER DELETE ON partnership_parties BEGIN
    DELETE FROM partner_pairs WHERE partnership_id = old.partnership_id
        AND (org_id = old.org_id OR other_id = old.org_id);
END;
CREATE TRIGGER partner_pairs_dates
AFTER UPDATE OF published, created_at, deal_type ON partnerships BEGIN
    UPDATE partner_pairs SET deal_date = COALESCE(new.published, new.created_at),
        deal_type = new.deal_type, published = new.published
    WHERE partnership_id = new.id;
END;
CREATE INDEX idx_partnerships_type_date
    ON partnerships(deal_type, COALESCE(published, created_at));
CREATE TABLE partnership_topics (
    topic TEXT NOT NULL,
    deal_date TEXT NOT NULL,
    partnership_id INTEGER NOT NULL,
    PRIMARY KEY (topic, deal_date, partnership_id)
) WITHOUT ROWID;
CREATE INDEX idx_partnership_topics_p ON partnership_topics(partnership_id);
INSERT OR IGNORE INTO partnership_topics (topic, deal_date, partnership_id)
SELECT t.value, COALESCE(p.published, p.created_at), p.id
FROM partnerships p, json_each(CASE WHEN json_valid(p.topics) THEN p.topics ELSE '[]' END) t
WHERE t.type = 'text';
CREATE TRIGGER partnership_topics_ai AFTER INSERT ON partnerships BEGIN
    INSERT OR IGNORE INTO partnership_topics (topic, deal_date, partnership_id)
    SELECT t.value, COALESCE(new.published, new.created_at), new.id
    FROM json_each(CASE WHEN json_valid(new.topics) THEN new.topics ELSE '[]' END) t
    WHERE t.type = 'text';
END;
CREATE TRIGGER partnership_topics_au AFTER UPDATE OF topics, published, created_at
ON partnerships BEGIN
    DELETE FROM partnership_topics WHERE partnership_id = new.id;
    INSERT OR IGNORE INTO partnership_topics (topic, deal_date, partnership_id)
    SELECT t.value, COALESCE(new.published, new.created_at), new.id
    FROM json_each(CASE WHEN json_valid(new.topics) THEN new.topics ELSE '[]' END) t
    WHERE t.type = 'text';
END;
CREATE TRIGGER partnership_topics_ad AFTER DELETE ON partnerships BEGIN
    DELETE FROM partnership_topics WHERE partnership_id = old.id;
END
"""


# +1 / -1 on one (kind, item, day) row; a row that falls to 0 goes.
_ADD = """INSERT INTO deal_days (kind, item, day, n)
    SELECT '{kind}', {item}, substr({date}, 1, 10), 1 WHERE {date} IS NOT NULL
    ON CONFLICT (kind, item, day) DO UPDATE SET n = n + 1;"""
_DROP = """UPDATE deal_days SET n = n - 1
    WHERE kind = '{kind}' AND item = {item} AND day = substr({date}, 1, 10);
    DELETE FROM deal_days
    WHERE kind = '{kind}' AND item = {item} AND day = substr({date}, 1, 10) AND n <= 0;"""


def _counted(name: str, event: str, table: str, kind: str, item: str, date: str) -> str:
    """A trigger keeping `deal_days` right when a row of `table` is inserted, deleted or
    updated (`event`): `item` and `date` name its column or expression (without new./old.)."""
    steps = []
    if event != "INSERT":
        steps.append(_DROP.format(kind=kind, item=f"old.{item}", date=_of("old", date)))
    if event != "DELETE":
        steps.append(_ADD.format(kind=kind, item=f"new.{item}", date=_of("new", date)))
    body = "\n    ".join(steps)
    return f"CREATE TRIGGER {name} AFTER {event} ON {table} BEGIN\n    {body}\nEND;\n"


def _of(row: str, date: str) -> str:
    return date.replace("@", f"{row}.")


_DEAL_DATE = "COALESCE(@published, @created_at)"
_UPDATED = {
    "partnership_parties": "UPDATE OF org_id, deal_date",
    "partnership_topics": "UPDATE OF topic, deal_date",
    "partnerships": "UPDATE OF deal_type, published, created_at",
}
_COUNTED = (  # (table, kind, item column, deal date)
    ("partnership_parties", "company", "org_id", "@deal_date"),
    ("partnership_topics", "topic", "topic", "@deal_date"),
    ("partnerships", "deal_type", "deal_type", _DEAL_DATE),
)

M010_DEAL_DAYS = """
CREATE TABLE deal_days (
    kind TEXT NOT NULL,
    item NOT NULL,
    day TEXT NOT NULL,
    n INTEGER NOT NULL,
    PRIMARY KEY (kind, item, day)
) WITHOUT ROWID;
INSERT INTO deal_days (kind, item, day, n)
SELECT 'company', org_id, substr(deal_date, 1, 10), COUNT(*) FROM partnership_parties
WHERE deal_date IS NOT NULL GROUP BY org_id, substr(deal_date, 1, 10);
INSERT INTO deal_days (kind, item, day, n)
SELECT 'topic', topic, substr(deal_date, 1, 10), COUNT(*) FROM partnership_topics
GROUP BY topic, substr(deal_date, 1, 10);
INSERT INTO deal_days (kind, item, day, n)
SELECT 'deal_type', deal_type, substr(COALESCE(published, created_at), 1, 10), COUNT(*)
FROM partnerships WHERE COALESCE(published, created_at) IS NOT NULL
GROUP BY deal_type, substr(COALESCE(published, created_at), 1, 10);
CREATE INDEX idx_deal_days_day ON deal_days(kind, day, item, n);
""" + "".join(
    _counted(f"deal_days_{kind}_{suffix}", event, table, kind, item, date)
    for table, kind, item, date in _COUNTED
    for suffix, event in (("ai", "INSERT"), ("ad", "DELETE"), ("au", _UPDATED[table]))
)
