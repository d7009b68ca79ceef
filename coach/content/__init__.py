"""Content: the question banks, the rubric, concepts and reference answers, loaded
from YAML and validated (`coach bank validate`), with a located error for anything wrong.

May import `common`, `errors` and `paths` only: the engine reads content, never the
other way round.
"""
