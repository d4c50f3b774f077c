"""The command answers at once: its parser, --help, campaign tell/show/export and argument errors
import none of TensorFlow, Keras, GPy, GPyOpt or RDKit (read from `python -X importtime`)."""

import pytest

from vae_opt.cli.startup import (HEAVY_MODULES, format_table, heavy_imports, run_command,
                                  scratch_campaign)


def imports_of(args, cwd):
    done = run_command(args, cwd, importtime=True)
    return done, heavy_imports(done.stderr)


@pytest.mark.parametrize("args", [
    ["--help"], ["campaign", "--help"], ["campaign", "tell", "--help"],
    ["campaign", "tell", "c.db", "1", "0.5"], ["campaign", "tell", "c.db", "2", "--failed"],
    ["campaign", "show", "c.db"], ["campaign", "show", "c.db", "--json"],
    ["campaign", "export", "c.db"],
])
def test_commands_without_models_import_no_heavy_module(campaign_file, args):
    done, heavy = imports_of(args, campaign_file.parent)
    assert done.returncode == 0, done.stderr[-500:]
    assert heavy == []
    if args[:2] == ["campaign", "tell"] and "--help" not in args:
        assert f"point {args[3]}:" in done.stdout  # the value was told


@pytest.mark.parametrize("args, message", [
    (["train", "softmax", "--latent-dim", "0"], "--latent-dim must be a positive integer, got 0"),
    (["train", "softmax", "--epochs", "-1"], "--epochs must be a positive integer"),
    (["train-all", "--epochs", "0"], "--epochs must be a positive integer"),
    (["evaluate", "--n-test", "0"], "--n-test must be a positive integer"),
    (["optimize", "--target", "10"], "target must be a digit between 0 and 9"),
    (["optimize", "--target", "4", "--max-iter", "0"], "--max-iter must be a positive integer"),
    (["speed", "--max-iter", "0"], "--max-iter must be a positive integer"),
    (["bench", "mnist", "--task", "digit-12"], "unknown task of suite 'mnist' 'digit-12'"),
    (["bench", "mnist-dims", "--method", "sgd"], "unknown method of suite 'mnist-dims' 'sgd'"),
    (["bench", "mnist", "--seed", "-1"], "seeds must be integers >= 0"),
    (["bench", "mnist", "--budget", "0"], "the budget must be at least 1"),
    (["bench", "nope"], "unknown suite 'nope'; choose from campaign-workers, mnist, mnist-dims"),
    (["startup", "--repeats", "0"], "--repeats must be a positive integer"),
    (["campaign", "ask", "c.db", "--n", "1000000"], "--n must be at most 100, got 1000000"),
    (["campaign", "run", "c.db", "--budget", "3", "--batch", "101"],
     "--batch must be at most 100, got 101"),
    (["campaign", "new", "n.db", "--seed", "-1"], "seed must be an integer >= 0"),
    (["campaign", "new", "n.db", "--prior-weight", "nan"], "prior weight must be a finite"),
    (["campaign", "new", "n.db", "--objective", "molecule", "--target", "3"],
     "a molecules campaign takes no --target"),
])
def test_argument_errors_come_before_any_model(campaign_file, args, message):
    done, heavy = imports_of(args, campaign_file.parent)
    assert done.returncode == 2
    said = [line for line in done.stderr.splitlines() if not line.startswith("import time:")]
    assert len(said) == 1 and said[0].startswith("vae-opt: error: ") and message in said[0]
    assert heavy == []
    assert not (campaign_file.parent / "n.db").exists()
    assert not (campaign_file.parent / "runs").exists()  # train wrote nothing


def test_the_report_is_read_right(tmp_path):
    """A command that does need GPyOpt (an ask that fits the GP) shows it: the checks above can
    fail."""
    path = scratch_campaign(tmp_path, told=10)
    done, heavy = imports_of(["campaign", "ask", path.name], tmp_path)
    assert done.returncode == 0, done.stderr[-500:]
    assert "GPyOpt" in heavy and set(heavy) <= set(HEAVY_MODULES)


def test_startup_table():
    table = format_table([("python -c pass", 0.25), ("vae-opt --help", 0.5)])
    lines = table.splitlines()
    assert lines[1].split()[-2:] == ["0.250", "0.000"]
    assert lines[2].split()[-2:] == ["0.500", "0.250"]
