"""SELFIES tokens (Krenn et al. 2020): a vocabulary, fixed-length integer and one-hot arrays, and
the way back to SMILES.

Every SELFIES string decodes to a valid molecule, so the decoder's every output is a molecule
(possibly empty, when all tokens are padding). Padding is SELFIES' own no-op token ``[nop]``,
placed after the molecule; decoding stops at the first one, so the whole string is read as the
training data was written.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Iterable

import numpy as np
import selfies as sf

PAD = "[nop]"


def to_selfies(smiles: str) -> str:
    """The SELFIES string of a SMILES string ("" when SELFIES cannot encode it)."""
    try:
        return sf.encoder(smiles) or ""
    except sf.EncoderError:
        return ""


def selfies_length(selfies: str) -> int:
    """The number of tokens of a SELFIES string (a huge number for "": never fits)."""
    return sf.len_selfies(selfies) if selfies else 10**9


def to_smiles(selfies: str) -> str:
    """The SMILES of a SELFIES string ("" for the empty molecule or a failed decode)."""
    try:
        return sf.decoder(selfies) or ""
    except sf.DecoderError:
        return ""


@dataclass(frozen=True)
class Vocabulary:
    """The tokens of the training molecules, PAD first (index 0), then sorted; and the length."""

    tokens: tuple[str, ...]
    max_length: int

    @classmethod
    def from_selfies(cls, selfies: Iterable[str], max_length: int) -> "Vocabulary":
        """The vocabulary of a collection of SELFIES strings."""
        alphabet = sf.get_alphabet_from_selfies(list(selfies))
        alphabet.discard(PAD)
        return cls((PAD, *sorted(alphabet)), max_length)

    @property
    def size(self) -> int:
        return len(self.tokens)

    @property
    def index(self) -> dict[str, int]:
        return {token: i for i, token in enumerate(self.tokens)}

    def encode(self, selfies: Iterable[str]) -> np.ndarray:
        """SELFIES strings as token indices padded with PAD: (n, max_length) int32. A string
        that is too long or holds an unknown token is a ValueError naming it."""
        index = self.index
        rows = []
        for s in selfies:
            tokens = list(sf.split_selfies(s))
            if len(tokens) > self.max_length:
                raise ValueError(f"{s!r} has {len(tokens)} tokens, more than {self.max_length}")
            unknown = [t for t in tokens if t not in index]
            if unknown:
                raise ValueError(f"{s!r} holds tokens outside the vocabulary: {unknown}")
            rows.append([index[t] for t in tokens] + [0] * (self.max_length - len(tokens)))
        return np.asarray(rows, dtype=np.int32).reshape(-1, self.max_length)

    def one_hot(self, indices: np.ndarray) -> np.ndarray:
        """Token indices (n, L) as one-hot float32 (n, L, size)."""
        return np.eye(self.size, dtype=np.float32)[np.asarray(indices)]

    def decode(self, indices: np.ndarray) -> list[str]:
        """Token indices (n, L) back to SELFIES strings, each cut at its first PAD."""
        out = []
        for row in np.asarray(indices):
            tokens = []
            for i in row:
                if i == 0:
                    break
                tokens.append(self.tokens[int(i)])
            out.append("".join(tokens))
        return out

    def to_json(self) -> str:
        return json.dumps({"tokens": list(self.tokens), "max_length": self.max_length}, indent=1)

    @classmethod
    def from_json(cls, text: str) -> "Vocabulary":
        data = json.loads(text)
        return cls(tuple(data["tokens"]), int(data["max_length"]))

    @classmethod
    def load(cls, path: str | Path) -> "Vocabulary":
        return cls.from_json(Path(path).read_text())


def encode_smiles(vocabulary: Vocabulary, smiles: Iterable[str]) -> np.ndarray:
    """SMILES strings as padded token indices (via SELFIES)."""
    return vocabulary.encode(to_selfies(s) for s in smiles)


def decode_smiles(vocabulary: Vocabulary, indices: np.ndarray) -> list[str]:
    """Token indices as SMILES strings ("" for an empty molecule)."""
    return [to_smiles(s) for s in vocabulary.decode(indices)]
