

def test_live_best_rows_pick_each_searchs_best_with_its_evaluation_number():
    from types import SimpleNamespace

    from vae_opt.molecules.report import live_best_rows

    def rec(smiles, qed):
        return SimpleNamespace(smiles=smiles, values={"qed": qed, "penalized_logp": 0.0},
                               valid=smiles != "")
    runs = {"bo": [rec("C", 0.2), rec("CCO", 0.9), rec("CC", 0.5)], "random": [rec("N", 0.4)]}
    rows = live_best_rows(runs, "qed")
    assert [(r["method"], r["smiles"], r["evaluations"], r["qed"]) for r in rows] == [
        ("bo", "CCO", 2, 0.9), ("random", "N", 1, 0.4)]


def test_live_best_rows_skip_invalid_decodes():
    """An invalid decode (no molecule, NaN values) first in a search is never its best."""
    from types import SimpleNamespace

    from vae_opt.molecules.report import live_best_rows

    nan = float("nan")
    runs = {"bo": [SimpleNamespace(smiles="", values={"qed": nan}, valid=False),
                   SimpleNamespace(smiles="CCO", values={"qed": 0.9}, valid=True)],
            "random": [SimpleNamespace(smiles="", values={"qed": nan}, valid=False)]}
    rows = live_best_rows(runs, "qed")
    assert [(r["method"], r["smiles"], r["evaluations"]) for r in rows] == [("bo", "CCO", 2)]
