"""What a molecule model refuses: bad SMILES to encode, bad latent points to decode, bad files.
Each refusal names the index and the string, or the point, or the file."""

import json

import numpy as np
import pytest

from vae_opt.molecules.checks import MoleculeInputError


@pytest.mark.parametrize("smiles, index, why", [
    (["CCO", "C1CC(("], 1, "is not a valid SMILES string"),
    (["not a smiles"], 0, "is not a valid SMILES string"),
    (["CCO", "c1ccccc1", ""], 2, "is empty"),
    (["   "], 0, "is empty"),
    (["[C][=C]"], 0, "it looks like SELFIES: encode takes SMILES"),
    (["CCO", None], 1, "is a NoneType, not a SMILES string"),
    (["C" * 40], 0, "more than the model's 32"),
    (["CCBr"], 0, "SELFIES tokens the model never saw: [Br]"),
])
def test_encode_refuses(tiny_model, smiles, index, why):
    with pytest.raises(MoleculeInputError) as error:
        tiny_model.encode(smiles)
    assert str(error.value).startswith(f"SMILES {index} ({smiles[index]!r}) ")
    assert why in str(error.value)


def test_encode_refuses_one_bare_string(tiny_model):
    with pytest.raises(MoleculeInputError, match=r"pass \['CCO'\]"):
        tiny_model.encode("CCO")


def test_encode_still_takes_valid_smiles(tiny_model):
    t = tiny_model.encode(["CCO", "c1ccccc1"])
    assert t.shape == (2, tiny_model.latent_dim) and np.all(np.isfinite(t))


@pytest.mark.parametrize("t, message", [
    (np.array([[0.0, np.nan, 0.0, 0.0]]), "finite (got NaN or inf at point 0"),
    (np.array([[0.0] * 4, [np.inf, 0.0, 0.0, 0.0]]), "at point 1"),
    (np.zeros((1, 2)), "must have shape (n, 4)"),
    (np.zeros((2, 2, 4)), "must have shape (n, 4)"),
    (np.zeros(8), "must have shape (n, 4)"),
    (np.full((1, 4), 1e39), "latent point 0 is too large for the model's float32"),
])
def test_decode_and_predict_refuse(tiny_model, t, message):
    for method in (tiny_model.decode, tiny_model.predict):
        with pytest.raises(MoleculeInputError) as error:
            method(t)
        assert message in str(error.value)


def test_decode_takes_one_point_or_none(tiny_model):
    assert len(tiny_model.decode(np.zeros(4))) == 1
    assert tiny_model.decode(np.zeros((0, 4))) == []


def test_model_files_take_the_model_file_error_path(tmp_path, tiny_model_path):
    from vae_opt.molecules.bundle import MoleculeModel
    from vae_opt.networks.loading import ModelFileError

    model = tmp_path / "m.keras"
    model.write_bytes(tiny_model_path.read_bytes())
    with pytest.raises(ModelFileError, match="m.keras has no m.json beside it"):
        MoleculeModel.load(model)
    model.with_suffix(".json").write_text("{not json")
    with pytest.raises(ModelFileError, match="m.json is not readable JSON"):
        MoleculeModel.load(model)
    model.with_suffix(".json").write_text(json.dumps({"vocabulary": ["[nop]"]}))
    with pytest.raises(ModelFileError, match="lacks max_length, properties"):
        MoleculeModel.load(model)
    model.with_suffix(".json").write_text(tiny_model_path.with_suffix(".json").read_text())
    model.write_bytes(b"PK\x03\x04" + b"\0" * 100)  # a zip's signature, then nothing
    with pytest.raises(ModelFileError, match="could not be loaded as a vae-opt model"):
        MoleculeModel.load(model)
