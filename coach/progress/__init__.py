"""What the history says: stats and trends, spaced-repetition cards, and what to
practise next.

May import `playbooks`, `session`, `store`, `engine`, `content` and `common`.
"""
