"""The CoNLL-U reader: syntactic words only, clear errors with file and line."""
from __future__ import annotations

import pytest

from dossier.errors import DossierError
from dossier.parse.conllu import read_conllu

# Our own sentences: a multiword token ("nella" = "in" + "la"), an empty node, two sentences.
SAMPLE = """# sent_id = a1
# text = Anna dorme nella casa.
1\tAnna\tAnna\tPROPN\t_\t_\t2\tnsubj\t_\t_
2\tdorme\tdormire\tVERB\t_\t_\t0\troot\t_\t_
3-4\tnella\t_\t_\t_\t_\t_\t_\t_\t_
3\tin\tin\tADP\t_\t_\t5\tcase\t_\t_
4\tla\til\tDET\t_\t_\t5\tdet\t_\t_
5\tcasa\tcasa\tNOUN\t_\t_\t2\tobl\t_\t_
5.1\tè\tessere\tAUX\t_\t_\t_\t_\t2:orphan\t_
6\t.\t.\tPUNCT\t_\t_\t2\tpunct\t_\t_

# sent_id = a2
1\tPiove\tpiovere\tVERB\t_\t_\t0\troot\t_\t_
2\tforte\tforte\tADV\t_\t_\t1\tadvmod:emph\t_\t_
"""


def write(tmp_path, text):
    path = tmp_path / "mini.conllu"
    path.write_text(text, encoding="utf-8")
    return path


def test_reads_syntactic_words_and_skips_multiword_tokens_and_empty_nodes(tmp_path):
    first, second = read_conllu(write(tmp_path, SAMPLE))
    assert first.words == ("Anna", "dorme", "in", "la", "casa", ".")
    assert first.heads == (2, 0, 5, 5, 2, 2)
    assert first.deprels[2:4] == ("case", "det")
    assert first.upos[0] == "PROPN" and first.sent_id == "a1"
    assert second.words == ("Piove", "forte") and second.deprels == ("root", "advmod:emph")


def test_file_without_final_blank_line(tmp_path):
    assert len(read_conllu(write(tmp_path, SAMPLE.rstrip("\n")))) == 2


@pytest.mark.parametrize("bad, where", [
    ("1\tAnna\tAnna\tPROPN\t_\t_\t2\tnsubj\t_", 1),                 # nine columns
    ("1\tAnna\tAnna\tPROPN\t_\t_\tdue\tnsubj\t_\t_", 1),            # head not a number
    ("1\tCiao\tciao\tINTJ\t_\t_\t0\troot\t_\t_\n3\tx\tx\tX\t_\t_\t1\tdep\t_\t_", 2),  # id skips
])
def test_malformed_line_names_file_and_line(tmp_path, bad, where):
    path = write(tmp_path, bad + "\n")
    with pytest.raises(DossierError) as err:
        read_conllu(path)
    assert f"mini.conllu:{where}:" in str(err.value)
    assert err.value.hint


def test_head_beyond_the_sentence_is_an_error(tmp_path):
    with pytest.raises(DossierError, match="beyond"):
        read_conllu(write(tmp_path, "1\tCiao\tciao\tINTJ\t_\t_\t4\troot\t_\t_\n"))


def test_missing_file_says_what_to_pass(tmp_path):
    with pytest.raises(DossierError) as err:
        read_conllu(tmp_path / "none.conllu")
    assert "conllu" in err.value.hint
