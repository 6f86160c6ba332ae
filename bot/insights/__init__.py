"""Beyond alerts, Slack-free: a company's partner map, trends and spikes, and exports.

Each module reads the store through `bot.store` read paths and hands back plain data, a
sentence or a PNG (`bytes`); posting them is the Slack layer's job. matplotlib is imported
only when a picture is drawn, so importing this package stays cheap.
"""
