"""A tiny untrained molecule VAE saved like a trained one (.keras + JSON), and a tiny training
recipe, shared by the tests."""

import json
from dataclasses import replace

import pytest

SMILES = ["CC(=O)Oc1ccccc1C(=O)O", "CCO", "c1ccccc1", "CCN(CC)CC", "O=C(O)c1ccncc1",
          "CC(C)Cc1ccc(C(C)C(=O)O)cc1", "C1CCCCCCC1", "ClC(Cl)Cl"]


@pytest.fixture(scope="session")
def tiny_config():
    from vae_opt.molecules.config import MOLECULES

    return replace(MOLECULES, max_length=54, latent_dim=4, embedding_dim=8, conv_filters=8,
                   conv_kernels=(3, 3), gru_units=16, predictor_units=8, kl_anneal_epochs=0.5,
                   train_size=520, validation_size=40, batch_size=32, epochs=2, log_every=4)


@pytest.fixture(scope="session")
def tiny_model_path(tmp_path_factory, tiny_config):
    """models/selfies-vae.keras and its JSON for a 4-d model over SMILES' vocabulary."""
    from vae_opt.backend import keras
    from vae_opt.molecules.model import build_vae
    from vae_opt.molecules.tokens import Vocabulary, to_selfies

    keras.utils.set_random_seed(0)
    config = replace(tiny_config, max_length=32)
    vocabulary = Vocabulary.from_selfies([to_selfies(s) for s in SMILES], config.max_length)
    vae = build_vae(vocabulary.size, 2, config, seed=0)
    path = tmp_path_factory.mktemp("models") / "selfies-vae.keras"
    vae.save(path)
    meta = {"vocabulary": list(vocabulary.tokens), "max_length": vocabulary.max_length,
            "properties": ["qed", "penalized_logp"], "property_mean": [0.6, 0.0],
            "property_std": [0.2, 2.0], "seed": 0, "command": "test",
            "subset": {"train": len(SMILES), "size": len(SMILES), "subset_seed": 0,
                       "held_out": 0},
            "training_best": {"qed": {"smiles": "CCO", "value": 0.4},
                              "penalized_logp": {"smiles": "CCO", "value": -1.0}}}
    path.with_suffix(".json").write_text(json.dumps(meta))
    return path


@pytest.fixture(scope="session")
def tiny_model(tiny_model_path):
    from vae_opt.molecules.bundle import MoleculeModel

    return MoleculeModel.load(tiny_model_path)


@pytest.fixture(scope="session")
def tiny_run(tmp_path_factory, tiny_config):
    """A prepared (untrained) run folder of the tiny recipe; copy it before training in it."""
    from vae_opt.molecules import run

    return run.start(tmp_path_factory.mktemp("runs") / "tiny", tiny_config, "test", echo=lambda _: 0)
