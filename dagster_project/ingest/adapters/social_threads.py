"""Public customer-support threads on a social network, in the layout of the "Customer Support on Twitter"
corpus (`twcs.csv`: tweet_id, author_id, inbound, created_at, text, response_tweet_id,
in_response_to_tweet_id), delivered as `twcs.<suffix>` or `tweets.<suffix>`.

A thread is a ticket, rooted at its first customer tweet: each tweet belongs to the topmost inbound tweet
among itself and the tweets it replies to, up the `in_response_to_tweet_id` chain within the file. Inbound
tweets are customer messages, the brand's tweets agent replies (author = the brand's handle), all public;
the channel is `social` and the team the brand: the author of the thread's earliest brand tweet, or for a
thread no brand answered, the first brand handle its first tweet mentions. A brand tweet above every
customer tweet of its chain (a broadcast) belongs to no thread.
"""

from __future__ import annotations

from dagster_project.ingest.adapters.canonical_output import TableMapping
from dagster_project.ingest.adapters.source_files import SourceFiles, SourceTable
from dagster_project.ingest.export_format import TABLES

_COLUMNS = (
    "tweet_id", "author_id", "inbound", "created_at", "text", "response_tweet_id", "in_response_to_tweet_id"
)
_REQUIRED = ("tweet_id", "author_id", "inbound", "created_at", "in_response_to_tweet_id")
# The corpus's own file name, and a plainer one.
SOURCES = tuple(SourceTable(name, _COLUMNS, required=_REQUIRED) for name in ("twcs", "tweets"))
# The corpus's timestamps: `Wed Oct 11 06:55:44 +0000 2017`.
TWITTER_TIME_FORMAT = "%a %b %d %H:%M:%S %z %Y"
# A chain longer than this is a loop in the data, not a conversation.
_MAX_DEPTH = 10_000
_SUBJECT_LENGTH = 120


def _tweet_id(column: str) -> str:
    # The corpus writes a replied-to id as a float (`3.0`): it is the id `3`.
    return f"nullif(regexp_replace(trim({column}), '\\.0+$', ''), '')"


def table_mappings(files: SourceFiles) -> list[TableMapping]:
    source = next((s for s in SOURCES if files.find(s) is not None), SOURCES[0])
    files.read(source)
    if source.name not in files.read_files:
        return []
    tweets = source.relation
    files.con.execute(
        f"""
        CREATE OR REPLACE TEMP TABLE social_tweets AS
        SELECT _row_number, {_tweet_id("tweet_id")} AS tweet_id, {_tweet_id("in_response_to_tweet_id")} AS parent_id,
               lower(trim(inbound)) = 'true' AS is_inbound, trim(author_id) AS author_id, text,
               try_strptime(trim(created_at), '{TWITTER_TIME_FORMAT}') AS sent_at
        FROM {tweets};
        CREATE OR REPLACE TEMP TABLE social_threads AS
        WITH RECURSIVE chain(tweet_id, ancestor_id, ancestor_inbound, depth) AS (
            SELECT tweet_id, tweet_id, is_inbound, 0 FROM social_tweets WHERE tweet_id IS NOT NULL
            UNION ALL
            SELECT chain.tweet_id, parent.tweet_id, parent.is_inbound, chain.depth + 1
            FROM chain
            JOIN social_tweets AS child ON child.tweet_id = chain.ancestor_id
            JOIN social_tweets AS parent ON parent.tweet_id = child.parent_id
            WHERE chain.depth < {_MAX_DEPTH}
        )
        SELECT tweet_id, arg_max(ancestor_id, depth) FILTER (WHERE ancestor_inbound) AS root_id
        FROM chain GROUP BY tweet_id;
        CREATE OR REPLACE TEMP TABLE social_brands AS
        SELECT DISTINCT author_id AS brand FROM social_tweets WHERE NOT is_inbound AND author_id <> '';
        CREATE OR REPLACE TEMP TABLE social_thread_brands AS
        WITH replied AS (
            SELECT threads.root_id, arg_min(t.author_id, (t.sent_at, t._row_number)) AS brand
            FROM social_threads AS threads JOIN social_tweets AS t USING (tweet_id)
            WHERE NOT t.is_inbound GROUP BY threads.root_id
        ),
        mentioned AS (
            SELECT t.tweet_id AS root_id, m.mention.position AS position, m.mention.name AS brand
            FROM social_tweets AS t,
                 unnest(list_transform(regexp_extract_all(t.text, '@(\\w+)', 1),
                        lambda name, i: {{'name': name, 'position': i}})) AS m(mention)
            WHERE t.is_inbound
        )
        SELECT root_id, coalesce(replied.brand, (
            SELECT arg_min(mentioned.brand, mentioned.position) FROM mentioned JOIN social_brands USING (brand)
            WHERE mentioned.root_id = roots.root_id
        )) AS brand
        FROM (SELECT DISTINCT root_id FROM social_threads WHERE root_id IS NOT NULL) AS roots
        LEFT JOIN replied USING (root_id);
        """
    )
    created_at = (
        "coalesce(CAST(try_strptime(trim(u.created_at), $time_format) AS VARCHAR), u.created_at)"
    )
    params = {"time_format": TWITTER_TIME_FORMAT}
    in_thread = f"""{tweets} AS u
        LEFT JOIN social_tweets AS t USING (_row_number)
        LEFT JOIN social_threads AS threads ON threads.tweet_id = t.tweet_id"""
    return [
        TableMapping(
            TABLES["tickets"],
            source,
            {
                "ticket_id": "threads.root_id",
                "created_at": created_at,
                "channel": "'social'",
                "requester_id": "u.author_id",
                "subject": f"left(regexp_replace(trim(u.text), '\\s+', ' ', 'g'), {_SUBJECT_LENGTH})",
                "team_id": "b.brand",
            },
            from_=f"{in_thread} LEFT JOIN social_thread_brands AS b ON b.root_id = threads.root_id",
            where="threads.root_id = t.tweet_id",
            skipped_because="tweets that do not start a thread (replies, and brand tweets no customer tweet is above)",
            params=params,
        ),
        TableMapping(
            TABLES["messages"],
            source,
            {
                "message_id": "u.tweet_id",
                "ticket_id": "threads.root_id",
                "created_at": created_at,
                "author_type": (
                    "CASE lower(trim(u.inbound)) WHEN 'true' THEN 'customer' WHEN 'false' THEN 'agent' ELSE u.inbound END"
                ),
                "author_id": "u.author_id",
                "is_public": "'true'",
            },
            from_=in_thread,
            # a tweet without an id cannot be placed in a thread; the loader names its missing id
            where="threads.root_id IS NOT NULL OR t.tweet_id IS NULL",
            skipped_because="brand tweets no customer tweet is above (broadcasts and replies to them)",
            params=params,
        ),
        TableMapping(
            TABLES["teams"],
            source,
            {"team_id": "t.author_id", "name": "t.author_id"},
            from_=f"{tweets} AS u JOIN social_tweets AS t USING (_row_number)",
            where=(
                "NOT t.is_inbound AND t._row_number = "
                "(SELECT min(o._row_number) FROM social_tweets AS o WHERE o.author_id = t.author_id AND NOT o.is_inbound)"
            ),
            skipped_because="customer tweets, and a brand's tweets after its first (one team per brand)",
        ),
    ]
