import json

import numpy as np
import pytest

from vae_opt.cli import main


@pytest.mark.parametrize("argv, message", [
    (["optimize", "--target", "10"], "target must be a digit between 0 and 9"),
    (["optimize", "--target", "-1"], "target must be a digit between 0 and 9"),
    (["optimize", "--target", "4", "--max-iter", "0"], "--max-iter must be a positive integer"),
    (["optimize", "--target", "4", "--low", "3", "--high", "-3"], "low < high"),
    (["optimize", "--target", "4", "--vae", "missing.h5"], "missing.h5 does not exist"),
    (["train", "off", "--epochs", "0", "--n-train", "8"], "epochs and batch_size must be positive"),
    (["train", "off", "--output", "x.pt", "--n-train", "8"], "must end in .h5 or .keras"),
    (["benchmark", "--targets", "12"], "target must be a digit"),
    (["reproduce", "--notebook", "nowhere.ipynb"], "nowhere.ipynb does not exist"),
])
def test_bad_input_exits_2_with_one_clear_line(argv, message, capsys):
    assert main(argv) == 2
    err = capsys.readouterr().err
    assert err.startswith("vae-opt: error:") and message in err
    assert "Traceback" not in err


def test_unknown_kind_is_an_argparse_error(capsys):
    with pytest.raises(SystemExit) as info:
        main(["train", "gan"])
    assert info.value.code == 2 and "invalid choice: 'gan'" in capsys.readouterr().err


def test_optimize_writes_the_promised_json(tmp_path, capsys):
    out = tmp_path / "out.json"
    assert main(["optimize", "--target", "4", "--seed", "0", "--max-iter", "3",
                 "--json", str(out), "--quiet"]) == 0
    result = json.loads(out.read_text())
    assert result["target"] == 4 and len(result["X"]) == len(result["Y"]) == 5
    assert np.all(np.abs(np.array(result["X"])) <= 4)
    assert result["y_best"] == min(result["Y"])
    assert result["X"][int(np.argmin(result["Y"]))] == result["x_best"]
    assert "best f =" in capsys.readouterr().out


def test_optimize_with_the_predictor_objective(tmp_path):
    out = tmp_path / "p.json"
    assert main(["optimize", "--target", "1", "--objective", "predictor", "--max-iter", "2",
                 "--json", str(out), "--quiet"]) == 0
    assert json.loads(out.read_text())["settings"]["objective"] == "predictor"
