"""Question answering over a knowledge graph: linking, retrieval, answer kinds, evidence."""

from .answer import Answer, Evidence
from .engine import QAEngine
from .errors import QuestionError, QuestionSetError

__all__ = ["QAEngine", "Answer", "Evidence", "QuestionError", "QuestionSetError"]
