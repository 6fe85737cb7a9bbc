"""The QA pipeline: pure stages over frozen values.

``parse -> link -> candidates -> rank -> execute -> compose``; see :mod:`.pipeline`.
"""

from .pipeline import Pipeline, Trace

__all__ = ["Pipeline", "Trace"]
