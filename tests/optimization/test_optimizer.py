"""The ask/tell core: knows nothing of digits, reproducible, safe with bad values and options."""

import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from vae_opt.optimization.settings import BOSettings
from vae_opt.optimization import Optimizer, check_settings
from vae_opt.optimization import gpyopt_backend as backend


def bowl(t):
    return np.sum((np.asarray(t) - [1.0, -2.0]) ** 2, axis=1)


def told(opt, n=3):
    t = opt.ask(n) if n else None
    opt.tell(t, bowl(t))
    return opt


def test_import_gpyopt_in_a_fresh_interpreter():
    # GPyOpt 1.2.6 needs pkg_resources (setuptools < 82) and matplotlib at import time.
    out = subprocess.run([sys.executable, "-c", "import GPyOpt; print(GPyOpt.__version__)"],
                         capture_output=True, text=True, timeout=300)
    assert out.returncode == 0, out.stderr[-2000:]
    assert out.stdout.strip() == "1.2.6"


def test_the_optimization_core_loads_nothing_else_of_vae_opt_nor_tensorflow():
    """Every module of the core, imported in a fresh interpreter, brings in no TensorFlow and no
    module of vae_opt outside the core (config, latent, validation, files, MNIST ...) beyond
    the package's lazy top-level __init__. tests/test_structure.py reads the same from source."""
    core = sorted(f"vae_opt.optimization.{p.stem}" for p in
                  (Path(__file__).resolve().parents[2] / "vae_opt" / "optimization").glob("*.py")
                  if p.stem != "__init__")
    assert len(core) >= 8
    code = ("import importlib, sys\n"
            f"for m in {core!r}: importlib.import_module(m)\n"
            "print(sorted(m for m in sys.modules if m.split('.')[0] in ('tensorflow', 'keras') "
            "or (m.startswith('vae_opt.') and not m.startswith('vae_opt.optimization'))))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=300,
                         cwd=Path(__file__).resolve().parents[2])
    assert out.returncode == 0, out.stderr[-2000:]
    assert out.stdout.strip() == "[]"


def test_blog_settings_are_the_methods():
    s = check_settings("blog")
    assert (s.initial_points, s.acquisition, s.jitter, s.exact_feval, s.model) == (2, "EI", 0.01,
                                                                                    False, "GP")
    bo = Optimizer(2, settings="blog", seed=0)
    bo = told(bo, 3).model()
    assert bo.acquisition.jitter == 0.01 and type(bo.acquisition).__name__ == "AcquisitionEI"
    assert bo.model.exact_feval is False


def test_design_first_then_model_proposals_inside_the_bounds():
    opt = Optimizer(3, bounds=(-1.0, 2.0), settings="blog", seed=0)
    first = opt.ask(2)
    assert first.shape == (2, 3) and np.all((first >= -1) & (first <= 2))
    opt.tell(first, bowl(first[:, :2]))
    nxt = opt.ask()
    assert nxt.shape == (1, 3) and np.all((nxt >= -1) & (nxt <= 2))
    assert len(opt.pending) == 1


def test_same_seed_same_proposals_other_seed_other_ones():
    def run(seed):
        opt = Optimizer(2, seed=seed)
        for _ in range(4):
            t = opt.ask()
            opt.tell(t, bowl(t))
        return opt.X
    assert np.array_equal(run(3), run(3))
    assert not np.allclose(run(3)[:2], run(4)[:2])


def test_proposals_ignore_the_callers_global_random_state():
    def after(state_seed):
        np.random.seed(state_seed)
        opt = told(Optimizer(2, seed=1), 3)
        return opt.ask()
    assert np.array_equal(after(0), after(123))


def test_pending_points_are_not_proposed_again():
    opt = told(Optimizer(2, seed=0), 3)
    a, b = opt.ask(), opt.ask()
    assert not np.allclose(a, b)
    assert len(opt.pending) == 2
    opt.tell(a, bowl(a))
    assert len(opt.pending) == 1 and np.array_equal(opt.pending, b)


def test_gpyopt_own_lipschitz_estimate_fails_on_this_scipy_and_ours_works():
    from GPyOpt.core.evaluators import batch_local_penalization as lp

    opt = told(Optimizer(2, seed=0), 4)
    backend.gpyopt()  # installs the patch
    model = opt.model(batch=4)
    assert lp.estimate_L is backend._estimate_lipschitz
    original = lp.__dict__.get("estimate_L")
    source = __import__("inspect").getsource(lp)
    assert "res.fun[0][0]" in source  # the line that indexes a float on SciPy >= 1.17
    assert original(model.model.model, model.space.get_bounds()) > 0
    with pytest.raises(TypeError, match="not subscriptable"):  # GPyOpt's own, kept by the patch
        backend.ORIGINALS["estimate_L"](model.model.model, model.space.get_bounds())
    batch = opt.ask(4)
    assert batch.shape == (4, 2)
    assert len({tuple(np.round(p, 6)) for p in batch}) == 4
    assert np.all(np.abs(batch) <= 4)


def test_non_finite_values_are_refused_with_the_point_named():
    opt = Optimizer(2, seed=0)
    t = opt.ask(2)
    with pytest.raises(ValueError, match=r"not a finite number.*fail\(\)"):
        opt.tell(t, [1.0, np.nan])
    assert len(opt.X) == 0  # nothing recorded
    opt.fail(t[1:])
    opt.tell(t[:1], [1.0])
    assert len(opt.X) == 1 and len(opt.failed) == 1 and len(opt.pending) == 0


@pytest.mark.parametrize("t, y, message", [
    (np.zeros((2, 3)), [1.0, 2.0], r"shape \(n, 2\)"),
    (np.zeros((2, 2)), [1.0], "1 value\\(s\\) for 2 point"),
])
def test_tell_refuses_wrong_shapes(t, y, message):
    with pytest.raises(ValueError, match=message):
        Optimizer(2).tell(t, y)


@pytest.mark.parametrize("settings, message", [
    ("fastest", "unknown BO settings 'fastest'; choose one of blog, recommended"),
    (BOSettings("x", acquisition="EIX"), "GPyOpt offers EI, MPI, LCB"),
    (BOSettings("x", model="RFF"), "GPyOpt offers GP"),
    (BOSettings("x", initial_design="grid"), "random, latin, sobol"),
    (BOSettings("x", initial_points=0), "initial_points must be a positive integer"),
])
def test_unknown_options_are_refused_with_the_valid_ones(settings, message):
    with pytest.raises(ValueError, match=message):
        Optimizer(2, settings=settings)


@pytest.mark.parametrize("kwargs, message", [
    ({"dim": 0}, "dim must be a positive integer"),
    ({"dim": 2, "bounds": (1, -1)}, "low < high"),
    ({"dim": 2, "bounds": (-1e200, 1)}, "within"),
    ({"dim": 2, "seed": -1}, "seed must be an integer >= 0"),
])
def test_impossible_dimensions_and_bounds_are_refused(kwargs, message):
    with pytest.raises(ValueError, match=message):
        Optimizer(**kwargs)


@pytest.mark.parametrize("design", ["latin", "sobol"])
def test_space_filling_designs(design):
    opt = Optimizer(2, settings=BOSettings("d", initial_points=4, initial_design=design), seed=0)
    t = opt.ask(4)
    # a Latin hypercube / Sobol design puts one point in each quarter of every axis
    assert sorted(np.floor((t[:, 0] + 4) / 2).astype(int)) == [0, 1, 2, 3]


def test_a_failing_gp_update_reaches_the_user_as_itself(monkeypatch):
    """numpy 2 has no np.linalg.linalg: unpatched, GPyOpt's run loop turned any GP error into
    an AttributeError. The patch makes its except clause valid again."""
    GPyOpt = backend.gpyopt()
    assert np.linalg.linalg.LinAlgError is np.linalg.LinAlgError

    def broken_update(*args, **kwargs):
        raise np.linalg.LinAlgError("not positive definite")

    bo = GPyOpt.methods.BayesianOptimization(f=lambda t: bowl(t)[:, None],
                                             domain=backend.domain((-4, 4), 2),
                                             initial_design_numdata=2)
    monkeypatch.setattr(bo.model, "updateModel", broken_update)
    bo.run_optimization(max_iter=3)  # GPyOpt's own loop stops on a LinAlgError, as it intends
    assert len(bo.X) == 2
    monkeypatch.setattr(bo.model, "updateModel",
                        lambda *a, **k: (_ for _ in ()).throw(RuntimeError("boom in the GP")))
    with pytest.raises(RuntimeError, match="boom in the GP"):
        bo.run_optimization(max_iter=3)
