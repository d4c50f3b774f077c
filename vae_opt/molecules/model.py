"""The molecule VAE with a joint property predictor (after Gomez-Bombarelli et al. 2016).

encoder: tokens -> Embedding -> Conv1D x 3 -> Dense -> (t_mean, t_log_var), latent_dim each;
decoder: a GRU over the tokens with teacher forcing (its initial state and every step's input
hold t; the previous token is the true one in training, its own argmax at generation);
predictor: t_mean -> Dense x 2 -> the standardised properties (linear outputs).

The training model adds beta * KL through ``AnnealedKLDivergence`` (beta set by a callback; each
dimension's KL counted as at least ``free_bits`` nats, Kingma et al. 2016), feeds the decoder its
previous tokens through ``TokenDropout`` (word dropout, Bowman et al. 2016: both keep a teacher-
forced decoder from ignoring t, the posterior collapse the first attempt ran into) and
samples t with the MNIST model's registered ``Sampler``; every layer is Keras' own or
registered, so the saved .keras file loads with safe_mode=True.
"""

from __future__ import annotations

import numpy as np

from vae_opt.backend import keras
from vae_opt.molecules.config import MOLECULES, MoleculeConfig
from vae_opt.networks.layers import Sampler

ops = keras.ops
layers = keras.layers


@keras.saving.register_keras_serializable(package="vae_opt")
class AnnealedKLDivergence(keras.layers.Layer):
    """Adds beta * KL(q(t|x) || N(0, I)), averaged over the batch, to the loss; passes t_mean on.

    beta is a non-trainable weight, so a callback can raise it during training (KL annealing).
    """

    def __init__(self, beta: float = 1.0, free_bits: float = 0.0, **kwargs):
        super().__init__(**kwargs)
        self.initial_beta = float(beta)
        self.free_bits = float(free_bits)

    def build(self, input_shape):
        self.beta = self.add_weight(shape=(), initializer=keras.initializers.Constant(
            self.initial_beta), trainable=False, name="beta")

    def call(self, inputs):
        t_mean, t_log_var = inputs
        per_dim = ops.mean(-0.5 * (1.0 + t_log_var - ops.square(t_mean) - ops.exp(t_log_var)),
                           axis=0)
        self.add_loss(self.beta * ops.sum(ops.maximum(per_dim, self.free_bits)))
        return t_mean

    def get_config(self) -> dict:
        return {**super().get_config(), "beta": self.initial_beta, "free_bits": self.free_bits}


@keras.saving.register_keras_serializable(package="vae_opt")
class TokenDropout(keras.layers.Layer):
    """Word dropout (Bowman et al. 2016): in training, each previous token the decoder is fed is
    replaced by MASK with probability `rate`, so that it must take the molecule from t."""

    def __init__(self, rate: float, mask_index: int, seed: int | None = None, **kwargs):
        super().__init__(**kwargs)
        self.rate, self.mask_index, self.seed = float(rate), int(mask_index), seed
        self.seed_generator = keras.random.SeedGenerator(seed)

    def call(self, tokens, training=None):
        if not training or self.rate <= 0:
            return tokens
        drop = keras.random.uniform(ops.shape(tokens), seed=self.seed_generator) < self.rate
        return ops.where(drop, ops.full_like(tokens, self.mask_index), tokens)

    def get_config(self) -> dict:
        return {**super().get_config(), "rate": self.rate, "mask_index": self.mask_index,
                "seed": self.seed}


@keras.saving.register_keras_serializable(package="vae_opt")
def sequence_cross_entropy(tokens, probabilities):
    """-log p(x | t): the token cross-entropy summed over positions, shape (batch,)."""
    ce = keras.losses.sparse_categorical_crossentropy(tokens, probabilities)
    return ops.sum(ce, axis=-1)


def build_encoder(vocab_size: int, config: MoleculeConfig = MOLECULES) -> keras.Model:
    tokens = keras.Input((config.max_length,), dtype="int32", name="tokens")
    h = layers.Embedding(vocab_size, config.embedding_dim)(tokens)
    for kernel in config.conv_kernels:
        h = layers.Conv1D(config.conv_filters, kernel, activation="relu")(h)
    h = layers.Dense(256, activation="relu")(layers.Flatten()(h))
    t_mean = layers.Dense(config.latent_dim, name="t_mean")(h)
    t_log_var = layers.Dense(config.latent_dim, name="t_log_var")(h)
    return keras.Model(tokens, [t_mean, t_log_var], name="encoder")


def build_decoder(vocab_size: int, config: MoleculeConfig = MOLECULES) -> keras.Model:
    """[t, previous tokens] -> token probabilities at every position (teacher forcing: the
    previous tokens are the true ones in training, START then the molecule shifted right; at
    generation ``greedy_decoder`` feeds back its own argmax). t sets the GRU's initial state
    and is also concatenated to every step's input, so the decoder keeps using it."""
    t = keras.Input((config.latent_dim,), name="t")
    previous = keras.Input((config.max_length,), dtype="int32", name="previous_tokens")
    state = layers.Dense(config.gru_units, activation="tanh", name="dec_state")(t)
    dropped = TokenDropout(config.token_dropout, vocab_size + 1, name="dec_token_dropout")(previous)
    embedded = layers.Embedding(vocab_size + 2, config.embedding_dim,  # + START, MASK
                                name="dec_embedding")(dropped)
    h = layers.Concatenate(name="dec_concat")(
        [embedded, layers.RepeatVector(config.max_length, name="dec_repeat")(t)])
    h = layers.GRU(config.gru_units, return_sequences=True, name="dec_gru")(
        h, initial_state=[state])
    probabilities = layers.Dense(vocab_size, activation="softmax", name="dec_tokens")(h)
    return keras.Model([t, previous], probabilities, name="decoder")


def start_token(decoder: keras.Model) -> int:
    """The index of START: one past the vocabulary (the decoder's embedding has one extra row)."""
    return int(decoder.get_layer("dec_tokens").units)


def shift_right(tokens, start: int):
    """The decoder's teacher-forcing input: START, then tokens[:, :-1]."""
    tokens = np.asarray(tokens)
    return np.concatenate([np.full((len(tokens), 1), start, tokens.dtype), tokens[:, :-1]], axis=1)


def greedy_decoder(decoder: keras.Model, sample: bool = False, seed: int | None = None):
    """A function t (n, d) -> tokens (n, max_length): at every step the most probable token (or,
    with `sample`, a token drawn from the decoder's distribution), fed back as the next step's
    input (the GRU's cell, stepped by hand). Compiled with tf.function on TensorFlow; plain
    keras.ops on any other backend."""
    state_layer, embedding = decoder.get_layer("dec_state"), decoder.get_layer("dec_embedding")
    gru, dense = decoder.get_layer("dec_gru"), decoder.get_layer("dec_tokens")
    length, start = int(decoder.input_shape[1][1]), start_token(decoder)
    latent_dim = int(decoder.input_shape[0][1])
    seeds = keras.random.SeedGenerator(seed) if sample else None

    def next_token(p):
        if sample:
            draw = keras.random.categorical(ops.log(p + 1e-12), 1, seed=seeds)[:, 0]
            return ops.cast(draw, "int32")
        return ops.cast(ops.argmax(p, axis=-1), "int32")

    def decode(t):
        state = [state_layer(t)]
        token = ops.full((ops.shape(t)[0],), start, dtype="int32")
        out = []
        for _ in range(length):
            x = ops.concatenate([embedding(token), t], axis=-1)
            h, state = gru.cell(x, state, training=False)
            token = next_token(dense(h))
            out.append(token)
        return ops.stack(out, axis=1)

    if keras.backend.backend() != "tensorflow":
        return decode
    from vae_opt.backend import tf  # TensorFlow

    return tf.function(decode, input_signature=[tf.TensorSpec((None, latent_dim), tf.float32)])


def build_predictor(n_properties: int, config: MoleculeConfig = MOLECULES) -> keras.Model:
    t = keras.Input((config.latent_dim,), name="t")
    h = layers.Dense(config.predictor_units, activation="relu")(t)
    h = layers.Dense(config.predictor_units, activation="relu")(h)
    return keras.Model(t, layers.Dense(n_properties)(h), name="predictor")


def build_vae(vocab_size: int, n_properties: int, config: MoleculeConfig = MOLECULES,
              seed: int | None = None) -> keras.Model:
    """The training model: {tokens, previous_tokens} -> {reconstruction: token probabilities,
    properties: standardised properties}, compiled
    with the recipe's loss (reconstruction + beta KL + lambda MSE) and Adam."""
    encoder = build_encoder(vocab_size, config)
    decoder = build_decoder(vocab_size, config)
    predictor = build_predictor(n_properties, config)
    tokens = keras.Input((config.max_length,), dtype="int32", name="tokens")
    previous = keras.Input((config.max_length,), dtype="int32", name="previous_tokens")
    t_mean, t_log_var = encoder(tokens)
    t_mean = AnnealedKLDivergence(beta=0.0 if config.kl_anneal_epochs else config.beta,
                                  free_bits=config.free_bits, name="kl")([t_mean, t_log_var])
    t = Sampler(seed=seed, name="sampler")([t_mean, t_log_var])
    outputs = {"reconstruction": layers.Identity(name="reconstruction")(decoder([t, previous])),
               "properties": layers.Identity(name="properties")(predictor(t_mean))}
    vae = keras.Model({"tokens": tokens, "previous_tokens": previous}, outputs, name="selfies_vae")
    return compile_vae(vae, config.learning_rate, config.predictor_weight)


def compile_vae(vae: keras.Model, learning_rate: float, predictor_weight: float) -> keras.Model:
    """Compile the training model with the recipe's loss (reconstruction + beta KL + weighted
    MSE of the predictor) and Adam; also for a loaded model that is trained further."""
    vae.compile(optimizer=keras.optimizers.Adam(learning_rate),
                loss={"reconstruction": sequence_cross_entropy,
                      "properties": "mean_squared_error"},
                loss_weights={"reconstruction": 1.0, "properties": predictor_weight},
                metrics={"reconstruction": ["sparse_categorical_accuracy"]})
    return vae
