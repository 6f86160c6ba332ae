"""Small documents the ingestion tests build: feeds and article pages."""

from __future__ import annotations

from xml.sax.saxutils import escape


def paragraphs(*texts: str) -> str:
    return "".join(f"<p>{escape(text)}</p>" for text in texts)


def rss(*items: dict, title: str = "Test wire") -> str:
    """An RSS 2.0 document; each item dict may hold title, link, guid, description,
    content (HTML for content:encoded) and pubDate."""
    parts = []
    for item in items:
        fields = []
        for name in ("title", "link", "guid", "pubDate"):
            if item.get(name):
                fields.append(f"<{name}>{escape(item[name])}</{name}>")
        if item.get("description"):
            fields.append(f"<description>{escape(item['description'])}</description>")
        if item.get("content"):
            fields.append(f"<content:encoded><![CDATA[{item['content']}]]></content:encoded>")
        parts.append("<item>" + "".join(fields) + "</item>")
    return (
        '<?xml version="1.0" encoding="utf-8"?>'
        '<rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">'
        f"<channel><title>{escape(title)}</title><link>https://wire.example/</link>"
        + "".join(parts)
        + "</channel></rss>"
    )


def article_page(title: str, *texts: str, published: str = "2026-03-02") -> str:
    """A news page with navigation and footer chrome around the article."""
    return (
        f"<!doctype html><html><head><title>{escape(title)} | Example News</title>"
        f'<meta property="article:published_time" content="{published}T08:00:00+00:00">'
        "</head><body><nav><a href='/'>Home</a> <a href='/biz'>Business</a></nav>"
        f"<article><h1>{escape(title)}</h1>{paragraphs(*texts)}</article>"
        "<footer>© Example News. All rights reserved.</footer>"
        "<script>track('pageview');</script></body></html>"
    )


# An invented wire story, in paragraphs, for grouping and extraction tests.
DEAL = [
    "Corvid Robotics and Meridian Foods said on Wednesday they had agreed to develop "
    "automated picking systems for chilled warehouses, in a partnership that will see the "
    "robots tested at three of the grocer's distribution centres from next spring.",
    "Under the agreement, Corvid will adapt its mobile picking arms to work at temperatures "
    "close to freezing, while Meridian will supply operating data from its sites and a team "
    "of engineers to help design the software that assigns orders to the machines.",
    "The companies did not disclose the value of the deal. Meridian said it spends about a "
    "fifth of its logistics budget on chilled storage, where staff turnover is highest and "
    "working conditions are hardest to improve.",
    "If the trials succeed, Meridian has an option to order up to 400 robots over four "
    "years, and Corvid would be free to sell the cold-storage version of its system to "
    "other retailers after an exclusivity period of eighteen months.",
    "Corvid, founded nine years ago in Leeds, employs about 300 people and has raised "
    "money from two venture funds. Its robots already work in warehouses run by parcel "
    "carriers and online fashion retailers in Britain and the Netherlands.",
    "Shares in Meridian rose 2 per cent in early trading. Analysts said the partnership "
    "fitted the grocer's plan to cut operating costs by 150 million pounds by 2028.",
]

UNRELATED = [
    "The city council approved a new budget on Tuesday after a long debate over the cost of "
    "repairing bridges and roads damaged by the winter floods along the river valley.",
    "Councillors voted to raise parking charges in the centre and to delay the opening of a "
    "second library branch until the next financial year, when grants may be available.",
    "Residents who attended the meeting asked for more buses on evenings and weekends, and "
    "the transport committee promised to publish a timetable review before the summer.",
    "The mayor said the budget protected spending on schools and care homes, while the "
    "opposition called it a missed chance to invest in cycling lanes and public housing.",
]
