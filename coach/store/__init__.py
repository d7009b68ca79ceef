"""The history: the SQLite database, its records and migrations, and the archive
format (`coach backup`, `coach import`).

May import `common`, `errors` and `paths`; knows nothing of grading or the terminal.
"""
