"""The external measurement of a molecule: RDKit properties of its SMILES.

* ``qed``: quantitative estimate of drug-likeness (Bickerton et al. 2012), RDKit's QED.qed.
* ``penalized_logp``: the latent-space BO literature's standardised score (Gomez-Bombarelli et
  al. 2016; the JT-VAE line, Jin et al. 2018): (logP - mu1)/s1 + (-SA - mu2)/s2 +
  (-cycle - mu3)/s3 with the ZINC-250k statistics of JT-VAE below.
* ``penalized_logp_raw``: the unstandardised logP - SA - cycle (You et al. 2018's form).

logP is Crippen's (RDKit Crippen.MolLogP); SA the Ertl-Schuffenhauer synthetic accessibility
score, the ``sascorer.py`` shipped in RDKit's Contrib folder; cycle = max(0, largest ring - 6)
over the rings of ``networkx.cycle_basis`` of the adjacency matrix, as the JT-VAE code computes
it (a fundamental cycle basis: for fused ring systems it can differ from RDKit's SSSR).
"""

from __future__ import annotations

import importlib.util
import math
from pathlib import Path
from functools import lru_cache
from typing import Callable, Iterable

import numpy as np

from vae_opt.validation import check_choice

# JT-VAE's statistics of logP, -SA and -cycle over ZINC-250k (mu, sigma).
LOGP_MEAN, LOGP_STD = 2.4570953396190123, 1.434324401111988
SA_MEAN, SA_STD = -3.0525811293166134, 0.8335207024513095  # of -SA
CYCLE_MEAN, CYCLE_STD = -0.0485696876403053, 0.2860212110245455  # of -cycle

PROPERTIES: tuple[str, ...] = ("qed", "penalized_logp", "penalized_logp_raw")


def molecule(smiles: str):
    """The RDKit molecule of a SMILES string, or None when it is empty or does not parse."""
    if not smiles:
        return None
    from rdkit import Chem, RDLogger  # RDKit: heavy, imported on first use

    RDLogger.DisableLog("rdApp.*")
    mol = Chem.MolFromSmiles(smiles)
    return mol if mol is not None and mol.GetNumAtoms() > 0 else None


def canonical(smiles: str) -> str:
    """RDKit's canonical SMILES ("" when it is no molecule)."""
    from rdkit import Chem  # RDKit

    mol = molecule(smiles)
    return Chem.MolToSmiles(mol) if mol is not None else ""


@lru_cache(maxsize=1)
def _sascorer():
    """RDKit's Contrib SA_Score/sascorer.py, loaded from its path (it is no package)."""
    from rdkit import RDConfig  # RDKit

    path = Path(RDConfig.RDContribDir) / "SA_Score" / "sascorer.py"
    if not path.is_file():
        raise FileNotFoundError(f"RDKit's SA score module is missing at {path}")
    spec = importlib.util.spec_from_file_location("sascorer", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def qed(mol) -> float:
    from rdkit.Chem import QED  # RDKit

    return float(QED.qed(mol))


def logp(mol) -> float:
    from rdkit.Chem import Crippen  # RDKit

    return float(Crippen.MolLogP(mol))


def sa_score(mol) -> float:
    """Synthetic accessibility, 1 (easy) to 10 (hard)."""
    return float(_sascorer().calculateScore(mol))


def cycle_penalty(mol) -> int:
    """max(0, largest ring - 6) over networkx.cycle_basis of the adjacency matrix (JT-VAE's)."""
    import networkx as nx  # networkx and RDKit: heavy, only for this
    from rdkit import Chem

    graph = nx.Graph(Chem.rdmolops.GetAdjacencyMatrix(mol))
    largest = max((len(c) for c in nx.cycle_basis(graph)), default=0)
    return max(0, largest - 6)


def penalized_logp_raw(mol) -> float:
    """logP - SA - cycle, unstandardised."""
    return logp(mol) - sa_score(mol) - cycle_penalty(mol)


def standardise(logp_value: float, sa: float, cycle: float) -> float:
    """(logP - mu1)/s1 + (-SA - mu2)/s2 + (-cycle - mu3)/s3, JT-VAE's ZINC-250k statistics."""
    return ((logp_value - LOGP_MEAN) / LOGP_STD + (-sa - SA_MEAN) / SA_STD
            + (-cycle - CYCLE_MEAN) / CYCLE_STD)


def penalized_logp(mol) -> float:
    """The standardised penalized logP."""
    return standardise(logp(mol), sa_score(mol), cycle_penalty(mol))


PROPERTY_FUNCTIONS: dict[str, Callable] = {
    "qed": qed, "penalized_logp": penalized_logp, "penalized_logp_raw": penalized_logp_raw}


def check_property(name: str) -> str:
    """`name` if it is one of the properties RDKit computes here."""
    check_choice(name, tuple(PROPERTY_FUNCTIONS), "property")
    return name


def properties(smiles: str, names: Iterable[str] = PROPERTIES) -> dict[str, float]:
    """The named properties of one SMILES string (logP, SA and cycle computed once); NaN for
    each when it is no molecule."""
    names = [check_property(n) for n in names]
    mol = molecule(smiles)
    if mol is None:
        return {name: math.nan for name in names}
    values = {}
    if "qed" in names:
        values["qed"] = qed(mol)
    if "penalized_logp" in names or "penalized_logp_raw" in names:
        parts = logp(mol), sa_score(mol), cycle_penalty(mol)
        values["penalized_logp"] = standardise(*parts)
        values["penalized_logp_raw"] = parts[0] - parts[1] - parts[2]
    return {name: values[name] for name in names}


def property_table(smiles: Iterable[str], names: Iterable[str] = PROPERTIES) -> np.ndarray:
    """Properties of many molecules as an (n, len(names)) float64 array, NaN rows for
    non-molecules."""
    names = list(names)
    rows = [[p[n] for n in names] for p in (properties(s, names) for s in smiles)]
    return np.asarray(rows, dtype=np.float64).reshape(-1, len(names))
