"""The history: the SQLite database, its records and migrations, and the archive
format (`coach backup`, `coach import`).

    db          open_store and Store, the one object callers use
    records     the records, typed once: their fields are the columns
    migrations  the schema, one migration per version
    connection  reads and short write transactions; failures as StoreError
    sessions, cards, rows, attempts   the queries, by what they touch
    summaries   each graded session's summary, saved with its finish (what stats read)
    summary_queries         reading them: aggregates off indexes and running totals
    archive, jsonshapes     the export/import document and its checks

May import `common`, `errors` and `paths`; knows nothing of grading or the terminal.
"""
