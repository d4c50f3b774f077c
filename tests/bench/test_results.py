import json

import pytest

from vae_opt.bench.results import ResultsFile, key_of


def record(seed, **extra):
    return {"suite": "s", "task": "t", "method": "m", "seed": seed, "budget": 5, **extra}


def test_a_killed_runs_half_line_is_ignored_and_cut_before_the_next_append(tmp_path):
    results = ResultsFile(tmp_path / "r.jsonl")
    results.append(record(0, best=1.5))
    full = results.path.read_text()
    results.path.write_text(full + full[: len(full) // 2])  # a write killed half-way
    assert [r["seed"] for r in results.read()] == [0]
    results.append(record(1, best=2.5))
    lines = results.path.read_text().splitlines()
    assert [json.loads(line)["seed"] for line in lines] == [0, 1]  # nothing glued to the half line
    assert results.done() == {("s", "t", "m", 0, 5), ("s", "t", "m", 1, 5)}


def test_a_malformed_line_before_the_last_is_an_error_naming_it(tmp_path):
    results = ResultsFile(tmp_path / "r.jsonl")
    results.append(record(0))
    results.path.write_text("{not json\n" + results.path.read_text())
    with pytest.raises(ValueError, match=r"r.jsonl:1: not a results line"):
        results.read()


def test_lines_are_plain_json_with_nan_as_null_and_need_their_key(tmp_path):
    import numpy as np

    results = ResultsFile(tmp_path / "r.jsonl")
    written = results.append(record(np.int64(3), best=float("nan"), values=np.arange(3.0)))
    assert written["best"] is None and written["values"] == [0.0, 1.0, 2.0]
    assert key_of(results.read()[0]) == ("s", "t", "m", 3, 5)
    with pytest.raises(ValueError, match="needs budget"):
        results.append({"suite": "s", "task": "t", "method": "m", "seed": 0})
