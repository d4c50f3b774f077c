"""The console command: one clear line and exit status 2 for bad input, checked before work."""

import json
import os
import signal
import subprocess
import sys
import time

import pytest

from vae_opt.cli import build_parser, main
from vae_opt.paths import model_path

SOFTMAX, CVAE, CLASSIFIER = (str(model_path(k)) for k in ("softmax", "cvae", "classifier"))


def _sigint_default():
    """A child started from a background job inherits SIGINT ignored, and Python then installs
    no Ctrl-C handler; a terminal user's process has the default disposition."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def run_cli(*args, cwd=None, **kwargs):
    return subprocess.run([sys.executable, "-m", "vae_opt", *args], capture_output=True,
                          text=True, timeout=600, cwd=cwd, **kwargs)


@pytest.mark.parametrize("argv, message", [
    (["optimize", "--target", "10"], "target must be a digit between 0 and 9"),
    (["optimize", "--target", "-1"], "target must be a digit between 0 and 9"),
    (["optimize", "--target", "4", "--max-iter", "0"], "--max-iter must be a positive integer"),
    (["optimize", "--target", "4", "--low", "3", "--high", "-3"], "low < high"),
    (["optimize", "--target", "4", "--low=-1e200"], "bounds must lie within"),
    (["optimize", "--target", "4", "--vae", "missing.h5"], "missing.h5 does not exist"),
    (["optimize", "--target", "4", "--vae", CVAE], "not of the CVAE"),
    (["optimize", "--target", "4", "--vae", CVAE, "--objective", "predictor"], "has no predictor"),
    (["optimize", "--target", "4", "--classifier", SOFTMAX], "has 2 outputs (a joint VAE?)"),
    (["train", "off", "--epochs", "0"], "--epochs must be a positive integer"),
    (["train", "off", "--output", "x.pt"], "must end in .h5 or .keras"),
    (["train", "off", "--n-train", "0"], "--n-train must be a positive integer"),
    (["train", "off", "--n-train", "-5"], "--n-train must be a positive integer"),
    (["train", "off", "--n-test", "0"], "--n-test must be a positive integer"),
    (["train", "off", "--n-train", "70000"], "--n-train must be at most 60000"),
    (["train", "off", "--output", CLASSIFIER], "already exists; pass --force"),
    (["evaluate", "--n-test", "0"], "--n-test must be a positive integer"),
    (["evaluate", "--n-test", "-9990"], "--n-test must be a positive integer"),
    (["evaluate", "--n-test", "20000"], "--n-test must be at most 10000"),
    (["bench", "mnist", "--task", "digit-12"], "unknown task of suite 'mnist' 'digit-12'"),
    (["reproduce", "--notebook", "nowhere.ipynb"], "nowhere.ipynb does not exist"),
    (["reproduce", "--figures", "/proc/figures"], "cannot write into /proc/figures"),
])
def test_bad_input_exits_2_with_one_clear_line(argv, message, capsys):
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert err.startswith("vae-opt: error:") and message in err
    assert len(err.strip().splitlines()) == 1, err


def test_negative_numbers_in_any_notation_are_values():
    args = build_parser().parse_args(["optimize", "--target", "4", "--low", "-2e0", "--high", "1e0"])
    assert (args.low, args.high) == (-2.0, 1.0)


def test_unknown_kind_is_an_argparse_error(capsys):
    with pytest.raises(SystemExit) as info:
        main(["train", "gan"])
    assert info.value.code == 2 and "invalid choice: 'gan'" in capsys.readouterr().err


@pytest.mark.parametrize("where", ["existing", "folder", "proc"])
def test_optimize_checks_its_json_before_any_work(where, tmp_path, capsys):
    target = {"existing": tmp_path / "precious.h5", "folder": tmp_path,
              "proc": "/proc/out.json"}[where]
    if where == "existing":
        target.write_bytes(b"user data")
    started = time.perf_counter()
    assert main(["optimize", "--target", "4", "--json", str(target), "--quiet"]) == 2
    assert time.perf_counter() - started < 5  # refused before loading models or optimizing
    assert "evaluation" not in capsys.readouterr().err
    if where == "existing":
        assert target.read_bytes() == b"user data"


def test_optimize_writes_what_it_found(tmp_path, capsys):
    out = tmp_path / "out.json"
    assert main(["optimize", "--target", "4", "--seed", "0", "--max-iter", "3", "--settings",
                 "blog", "--json", str(out), "--quiet"]) == 0
    result = json.loads(out.read_text())
    assert result["settings"]["target"] == 4 and len(result["X"]) == len(result["Y"]) == 5
    from vae_opt.mnist.pretrained import bundle
    f = bundle().objective(4)
    import numpy as np
    assert np.allclose(f(np.array(result["X"]))[:, 0], result["Y"], atol=1e-4)
    assert f"best f = {result['y_best']:.4f}" in capsys.readouterr().out


def test_the_objectives_differ_where_the_predictor_and_the_image_disagree(tmp_path):
    paths = {kind: tmp_path / f"{kind}.json" for kind in ("decode-classify", "predictor")}
    for kind, path in paths.items():
        assert main(["optimize", "--target", "1", "--objective", kind, "--max-iter", "1",
                     "--settings", "blog", "--json", str(path), "--quiet"]) == 0
    a, b = (json.loads(p.read_text()) for p in paths.values())
    assert a["X"][:2] == b["X"][:2]  # same seed: the same initial design
    assert abs(a["Y"][0] - b["Y"][0]) > 1e-3  # two measurements of the same point disagree


def test_no_tensorflow_noise_before_the_commands_own_output():
    out = run_cli("--help")
    assert out.returncode == 0 and out.stderr == ""
    out = run_cli("optimize", "--target", "4", "--max-iter", "1", "--quiet", "--settings", "blog")
    assert out.returncode == 0, out.stderr
    assert "oneDNN" not in out.stderr and "absl" not in out.stderr
    assert out.stderr.splitlines()[0].startswith("optimizing target 4")


@pytest.mark.slow
def test_ctrl_c_during_optimize_keeps_a_readable_partial_result(tmp_path):
    proc = subprocess.Popen([sys.executable, "-m", "vae_opt", "optimize", "--target", "4",
                             "--max-iter", "50", "--settings", "blog", "--json", "out.json"],
                            cwd=tmp_path, stderr=subprocess.PIPE, stdout=subprocess.PIPE,
                            text=True, preexec_fn=_sigint_default)
    for line in proc.stderr:
        if "evaluation 6/" in line:
            proc.send_signal(signal.SIGINT)
            break
    stderr = proc.stderr.read()
    proc.wait(timeout=120)
    assert proc.returncode == 130
    assert "Traceback" not in stderr
    assert [line for line in stderr.splitlines() if "interrupted" in line] == [
        line for line in stderr.splitlines() if line.startswith("vae-opt:")]
    result = json.loads((tmp_path / "out.json").read_text())
    assert result["interrupted"] is True and 6 <= len(result["X"]) < 52


@pytest.mark.slow
def test_interrupted_without_json_goes_to_the_documented_file(tmp_path):
    proc = subprocess.Popen([sys.executable, "-m", "vae_opt", "optimize", "--target", "2",
                             "--settings", "blog"], cwd=tmp_path, stderr=subprocess.PIPE,
                            stdout=subprocess.PIPE, text=True, preexec_fn=_sigint_default)
    for line in proc.stderr:
        if "evaluation 4/" in line:
            os.kill(proc.pid, signal.SIGINT)
            break
    proc.communicate(timeout=120)
    result = json.loads((tmp_path / "vae-opt-interrupted.json").read_text())
    assert result["interrupted"] and result["settings"]["target"] == 2


@pytest.mark.slow
def test_train_by_default_never_touches_the_committed_models(tmp_path):
    committed = model_path("off").read_bytes()
    out = run_cli("train", "off", "--n-train", "64", "--n-test", "32", "--epochs", "1",
                  cwd=tmp_path)
    assert out.returncode == 0, out.stderr[-2000:]
    assert "devices:" in out.stdout
    assert (tmp_path / "runs" / "models" / "vae-predictor-off.h5").is_file()
    assert model_path("off").read_bytes() == committed


def test_an_8_d_model_just_works(tmp_path):
    """Every step takes d from the model: objective, bounds, BO and the written result."""
    d8 = model_path("softmax-d8")
    if not d8.is_file():
        pytest.skip("the 8-d model is not in this checkout")
    out = tmp_path / "d8.json"
    assert main(["optimize", "--vae", str(d8), "--target", "4", "--max-iter", "3", "--quiet",
                 "--json", str(out)]) == 0
    result = json.loads(out.read_text())
    assert result["settings"]["dim"] == 8 and all(len(t) == 8 for t in result["X"])
    assert result["settings"]["settings"] == "prior-shell"  # the settings for d > 2
