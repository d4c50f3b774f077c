"""SELFIES tokens: the round trip SMILES -> tokens -> SMILES, and the vocabulary's checks."""

import numpy as np
import pytest

from vae_opt.molecules.properties import canonical
from vae_opt.molecules.tokens import (PAD, Vocabulary, decode_smiles, encode_smiles,
                                      to_selfies, to_smiles)

from .conftest import SMILES


@pytest.fixture
def vocabulary():
    return Vocabulary.from_selfies([to_selfies(s) for s in SMILES], 32)


def test_round_trip_gives_the_same_molecules(vocabulary):
    tokens = encode_smiles(vocabulary, SMILES)
    assert tokens.shape == (len(SMILES), 32) and tokens.dtype == np.int32
    back = decode_smiles(vocabulary, tokens)
    assert [canonical(s) for s in back] == [canonical(s) for s in SMILES]


def test_padding_is_index_zero_and_decoding_stops_there(vocabulary):
    assert vocabulary.tokens[0] == PAD
    tokens = encode_smiles(vocabulary, ["CCO"])
    assert np.all(tokens[0, 3:] == 0)
    tokens[0, 5] = tokens[0, 0]  # a token after the first padding is ignored
    assert canonical(decode_smiles(vocabulary, tokens)[0]) == "CCO"


def test_one_hot_and_json(vocabulary):
    tokens = encode_smiles(vocabulary, SMILES[:2])
    one_hot = vocabulary.one_hot(tokens)
    assert one_hot.shape == (2, 32, vocabulary.size)
    assert np.array_equal(one_hot.argmax(-1), tokens)
    assert Vocabulary.from_json(vocabulary.to_json()) == vocabulary


def test_refuses_too_long_and_unknown_tokens(vocabulary):
    with pytest.raises(ValueError, match="more than 32"):
        encode_smiles(vocabulary, ["C" * 40])
    with pytest.raises(ValueError, match="outside the vocabulary"):
        encode_smiles(vocabulary, ["CCBr"])


def test_all_padding_is_the_empty_molecule(vocabulary):
    assert decode_smiles(vocabulary, np.zeros((1, 32), int)) == [""]
    assert to_smiles("") == ""
