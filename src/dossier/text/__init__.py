"""One parsed document per article: sentences cut into words with lemmas, parts of speech and
dependency relations, built once by the `parse` stage and read by every later stage.

`parsers.py` holds one parser per language behind one interface (Italian: the parser trained here,
`dossier.parse`; English: spaCy's small English pipeline, relations mapped to Universal
Dependencies); `view.py` answers the questions stages ask of a parse (the word at an offset, a
word's dependents, the subject of a verb, the span of a phrase).
"""
from .view import ParseView

__all__ = ["ParseView"]
