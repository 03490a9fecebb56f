from dossier.scoring.metrics import PRF, Accuracy


def test_prf_rates_and_f1():
    m = PRF(tp_pred=3, n_pred=4, tp_gold=3, n_gold=6)
    assert m.precision == 0.75
    assert m.recall == 0.5
    assert abs(m.f1 - 0.6) < 1e-9


def test_prf_empty_is_zero_not_error():
    assert PRF().precision == 0.0 and PRF().recall == 0.0 and PRF().f1 == 0.0


def test_prf_add_is_micro_average():
    total = PRF(1, 2, 1, 4).add(PRF(3, 3, 3, 4))
    assert (total.tp_pred, total.n_pred, total.tp_gold, total.n_gold) == (4, 5, 4, 8)
    assert total.precision == 0.8 and total.recall == 0.5


def test_accuracy_counts():
    a = Accuracy()
    for ok in (True, False, True, True):
        a.count(ok)
    assert (a.correct, a.total) == (3, 4)
    assert a.to_dict()["accuracy"] == 0.75
    assert Accuracy().accuracy == 0.0
