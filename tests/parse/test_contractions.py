"""Italian contractions split as in UD, with the index of the surface token kept."""
from __future__ import annotations

import pytest

from dossier.parse.contractions import split_token, split_words


@pytest.mark.parametrize("token, words", [
    ("della", ["di", "la"]), ("nel", ["in", "il"]), ("dal", ["da", "il"]), ("sulla", ["su", "la"]),
    ("degli", ["di", "gli"]), ("all'", ["a", "l'"]), ("dell’", ["di", "l’"]), ("col", ["con", "il"]),
    ("Nella", ["In", "la"]), ("AGLI", ["A", "GLI"]), ("nell'ufficio", ["in", "l'", "ufficio"]),
    ("l'accordo", ["l'", "accordo"]),
    ("colla", ["colla"]), ("darglielo", ["darglielo"]), ("casa", ["casa"]), ("'", ["'"]), ("l'", ["l'"]),
])
def test_split_token(token, words):
    assert split_token(token) == words


def test_split_words_keeps_token_indices():
    tokens = ["Il", "capo", "della", "missione", "è", "arrivato", "all'", "aeroporto", "."]
    words, origin = split_words(tokens)
    assert words == ["Il", "capo", "di", "la", "missione", "è", "arrivato", "a", "l'", "aeroporto", "."]
    assert origin == [0, 1, 2, 2, 3, 4, 5, 6, 6, 7, 8]
    assert all(tokens[o] == w for w, o in zip(words, origin) if w in tokens)
    assert split_words([]) == ([], [])


def test_table_is_language_data():
    from dossier.lang import load_language

    table = load_language("it").data("contractions")["articulated"]
    preps = {parts[0] for parts in table.values()}
    assert preps == {"di", "a", "da", "in", "su", "con"}
    assert {parts[1] for parts in table.values()} == {"il", "lo", "la", "i", "gli", "le", "l'"}
