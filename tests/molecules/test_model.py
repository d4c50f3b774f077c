"""The molecule VAE: saved and loaded in safe mode; greedy decoding = the teacher-forced
decoder's argmax when it is fed its own tokens."""

import numpy as np

from vae_opt.backend import keras
from vae_opt.molecules.model import shift_right, start_token


def test_loads_in_safe_mode_and_maps(tiny_model_path, tiny_model):
    vae = keras.saving.load_model(tiny_model_path, safe_mode=True, compile=False)
    assert {"encoder", "decoder", "predictor", "kl", "sampler"} <= {l.name for l in vae.layers}
    assert tiny_model.latent_dim == 4
    t = tiny_model.encode(["CCO", "c1ccccc1"])
    assert t.shape == (2, 4) and np.all(np.isfinite(t))
    assert len(tiny_model.decode(t)) == 2
    assert tiny_model.predict(t).shape == (2, 2)


def test_greedy_decoding_matches_the_teacher_forced_decoder(tiny_model):
    t = np.random.default_rng(0).standard_normal((3, 4)).astype(np.float32)
    tokens = tiny_model.decode_tokens(t)
    previous = shift_right(tokens, start_token(tiny_model.decoder))
    forced = np.asarray(tiny_model.decoder([t, previous])).argmax(-1)
    assert np.array_equal(forced, tokens)
