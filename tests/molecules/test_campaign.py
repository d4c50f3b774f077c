"""Molecule campaigns: ask writes SMILES (JSON lines, ID.smi), tell takes the measured value."""

import json

from vae_opt.cli import main
from vae_opt.campaign import Campaign


def test_cli_new_ask_tell(tiny_model_path, tmp_path, capsys):
    file = tmp_path / "mol.campaign"
    assert main(["campaign", "new", str(file), "--objective", "molecule", "--vae",
                 str(tiny_model_path), "--maximize", "--settings", "blog"]) == 0
    capsys.readouterr()
    assert main(["campaign", "ask", str(file), "--n", "2", "--out", str(tmp_path / "out")]) == 0
    records = [json.loads(line) for line in capsys.readouterr().out.splitlines()]
    assert len(records) == 2 and all("smiles" in r for r in records)
    for r in records:
        text = (tmp_path / "out" / f"{r['id']}.smi").read_text()
        assert text == f"{r['smiles']}\t{r['id']}\n"
    assert main(["campaign", "tell", str(file), str(records[0]["id"]), "0.7"]) == 0
    with Campaign.open(file) as campaign:
        assert campaign.settings.domain == "molecules" and not campaign.settings.nll_values
        assert campaign.settings.prior_weight == 0.005
        assert "metadata_sha256" in campaign.settings.attributes["vae"]
        assert campaign.counts()["told"] == 1


def test_changed_vocabulary_is_refused(tiny_model_path, tmp_path, capsys):
    import shutil

    model = tmp_path / "m.keras"
    shutil.copy(tiny_model_path, model)
    shutil.copy(tiny_model_path.with_suffix(".json"), model.with_suffix(".json"))
    file = tmp_path / "mol.campaign"
    assert main(["campaign", "new", str(file), "--objective", "molecule", "--vae", str(model)]) == 0
    model.with_suffix(".json").write_text(model.with_suffix(".json").read_text() + " ")
    assert main(["campaign", "ask", str(file)]) == 2
    assert "vocabulary file" in capsys.readouterr().err
