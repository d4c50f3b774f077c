"""`vae-opt campaign`: the shell walk-through, negative numbers, and every bad input refused in one
line with exit status 2 and the file unchanged."""

import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
import pytest

from vae_opt.campaign import Campaign
from vae_opt.campaign.store import integrity
from vae_opt.cli import main
from vae_opt.optimization.settings import BOSettings
from vae_opt.paths import model_path

VAE_OPT = [sys.executable, "-m", "vae_opt"]


def cli(capsys, *argv):
    """Run `vae-opt ARGV` in this process: (exit status, stdout, stderr)."""
    status = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return status, out, err


def refused(capsys, *argv, match: str) -> None:
    """`vae-opt ARGV` exits with 2 and says one line matching `match`."""
    status, out, err = cli(capsys, *argv)
    assert status == 2, (out, err)
    lines = err.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("vae-opt: error: "), err
    assert match in lines[0], lines[0]


def snapshot(path):
    with Campaign.open(path) as campaign:
        return campaign.points(), campaign.settings


@pytest.fixture
def campaign(tmp_path, capsys):
    """A campaign on the pretrained models, target 3, with two pending points (ids 1 and 2)."""
    path = tmp_path / "c.db"
    assert cli(capsys, "campaign", "new", path, "--target", 3, "--settings", "blog")[0] == 0
    assert cli(capsys, "campaign", "ask", path, "--n", 2, "--out", tmp_path / "s")[0] == 0
    return path


def test_the_shell_walk_through(tmp_path, capsys):
    path, samples = tmp_path / "c.db", tmp_path / "samples"
    status, out, _ = cli(capsys, "campaign", "new", path, "--target", 3, "--low", -2,
                         "--high", 2.5, "--seed", 4, "--settings", "blog")
    assert status == 0 and "created" in out
    settings = snapshot(path)[1]
    assert settings.bounds == (-2.0, 2.5) and settings.dim == 2 and settings.seed == 4
    assert settings.domain == "mnist" and settings.nll_values
    vae, classifier = settings.attributes["vae"], settings.attributes["classifier"]
    assert vae["path"] == str(model_path("softmax").resolve())
    assert len(vae["sha256"]) == len(classifier["sha256"]) == 64
    assert (settings.attributes["target"], settings.attributes["objective"]) == (
        3, "decode-classify")

    status, out, _ = cli(capsys, "campaign", "ask", path, "--n", 3, "--out", samples)
    records = [json.loads(line) for line in out.splitlines()]
    assert status == 0 and [r["id"] for r in records] == [1, 2, 3]
    for record in records:
        assert record["image"] == str(samples / f"{record['id']}.png")
        assert Path(record["image"]).read_bytes()[:4] == b"\x89PNG"
        array = np.load(record["array"])
        assert array.shape == (28, 28) and array.dtype == np.float64
        assert 0.0 <= array.min() and array.max() <= 1.0
        assert all(-2.0 <= x <= 2.5 for x in record["t"])
    assert not list(samples.glob(".*"))  # no temporary files left behind

    assert cli(capsys, "campaign", "tell", path, 1, -3.5)[0] == 0  # a negative value
    assert cli(capsys, "campaign", "tell", path, 2, "-1e-3")[0] == 0  # and in exponent form
    assert cli(capsys, "campaign", "tell", path, 3, "--failed")[0] == 0
    assert [(p.status, p.value) for p in snapshot(path)[0]] == [
        ("told", -3.5), ("told", -0.001), ("failed", None)]

    status, out, _ = cli(capsys, "campaign", "show", path)
    assert status == 0 and "2 told, 0 pending, 1 failed; best: point" in out
    status, out, _ = cli(capsys, "campaign", "show", path, "--json", "--plot", tmp_path / "c.png")
    shown = json.loads(out)
    assert {"n_told", "n_pending", "n_failed", "best", "points"} <= set(shown)
    assert (shown["n_told"], shown["n_pending"], shown["n_failed"]) == (2, 0, 1)
    assert set(shown["best"]) == {"id", "t", "value", "objective"}
    assert (tmp_path / "c.png").read_bytes()[:4] == b"\x89PNG"

    status, out, _ = cli(capsys, "campaign", "export", path)
    header = "id,batch,status,value,objective,t1,t2,created,told"
    assert status == 0 and out.splitlines()[0] == header
    assert len(out.splitlines()) == 4
    assert cli(capsys, "campaign", "export", path, "--csv", tmp_path / "all.csv")[0] == 0
    assert (tmp_path / "all.csv").read_text() == out


def test_results_csv_and_overwrite(campaign, tmp_path, capsys):
    results = tmp_path / "results.csv"
    results.write_text("value,id,operator\n-2.5,1,ann\nfailed,2,bob\n")
    assert cli(capsys, "campaign", "tell", campaign, "--csv", results)[0] == 0
    assert [(p.status, p.value) for p in snapshot(campaign)[0]] == [
        ("told", -2.5), ("failed", None)]
    refused(capsys, "campaign", "tell", campaign, 1, 4.0, match="already told")
    assert cli(capsys, "campaign", "tell", campaign, 1, 4.0, "--overwrite")[0] == 0
    assert snapshot(campaign)[0][0].value == 4.0


@pytest.mark.parametrize("argv, match", [
    (("tell", "{c}", 99, 1.0), "no point with id 99"),
    (("tell", "{c}", 1, "nan"), "finite number"),
    (("tell", "{c}", 1, "-inf"), "finite number"),
    (("tell", "{c}", 1, "1,5"), "must be a number or 'failed'"),
    (("tell", "{c}", 1), "give the VALUE"),
    (("tell", "{c}", 1, 2.0, "--failed"), "not both"),
    (("tell", "{c}", "--csv", "{csv_columns}"), "missing: value"),
    (("tell", "{c}", "--csv", "{csv_bad_row}"), "line 3"),
    (("tell", "{c}", "--csv", "{csv_unknown_id}"), "no point with id 7"),
    (("tell", "{c}", "--csv", "{csv_empty}"), "no result rows"),
    (("ask", "{c}", "--n", 0), "positive integer"),
    (("run", "{c}", "--budget", 4), "bare box"),
    (("new", "{c}", "--target", 3), "already exists; pass --force"),
    (("new", "{other}", "--low", 2, "--high", 2), "low < high"),
    (("new", "{other}", "--low", 3, "--high", "-3"), "low < high"),
    (("show", "{not_campaign}"), "not a vae-opt campaign file"),
])
def test_bad_input_changes_nothing_and_says_one_line(tmp_path, capsys, argv, match):
    path = tmp_path / "c.db"
    Campaign.create(path, dim=2, settings=BOSettings("fast-test", initial_points=100)).ask(2)
    files = {"c": path, "other": tmp_path / "other.db", "not_campaign": tmp_path / "notes.txt",
             **{name: tmp_path / f"{name}.csv" for name in (
                 "csv_columns", "csv_bad_row", "csv_unknown_id", "csv_empty")}}
    files["not_campaign"].write_text("id,value\n1,0.5\n")
    files["csv_columns"].write_text("id,val\n1,0.5\n")
    files["csv_bad_row"].write_text("id,value\n1,0.5\n2,lots\n")
    files["csv_unknown_id"].write_text("id,value\n1,0.5\n7,0.5\n")
    files["csv_empty"].write_text("id,value\n")
    before = snapshot(path)
    refused(capsys, "campaign", *[str(a).format(**files) for a in argv], match=match)
    assert snapshot(path) == before
    assert not files["other"].exists()


def test_a_changed_model_file_is_refused(tmp_path, capsys):
    vae = tmp_path / "vae.h5"
    shutil.copy(model_path("softmax"), vae)
    path = tmp_path / "c.db"
    assert cli(capsys, "campaign", "new", path, "--vae", vae, "--target", 1)[0] == 0
    with open(vae, "ab") as f:
        f.write(b"\0")
    refused(capsys, "campaign", "ask", path, match="changed since the campaign was created")
    refused(capsys, "campaign", "run", path, "--budget", 3, match="changed since")
    assert snapshot(path)[0] == []


def test_run_without_a_target_digit_and_options_of_another_domain_are_refused(tmp_path, capsys):
    path = tmp_path / "c.db"
    assert cli(capsys, "campaign", "new", path)[0] == 0  # mnist, but no target
    refused(capsys, "campaign", "run", path, "--budget", 3, match="no target digit")
    refused(capsys, "campaign", "new", tmp_path / "m.db", "--domain", "molecules", "--target", 3,
            match="a molecules campaign takes no --target")
    refused(capsys, "campaign", "new", tmp_path / "m.db", "--domain", "molecules",
            "--objective", "predictor", match="belongs to the mnist domain")
    assert snapshot(path)[0] == [] and not (tmp_path / "m.db").exists()


def test_a_newer_schema_and_a_corrupt_file_are_refused(campaign, tmp_path, capsys):
    newer = tmp_path / "newer.db"
    shutil.copy(campaign, newer)
    connection = sqlite3.connect(newer)
    connection.execute("UPDATE meta SET value = '9' WHERE key = 'schema_version'")
    connection.commit()
    connection.close()
    refused(capsys, "campaign", "show", newer, match="newer vae-opt (campaign schema 9")
    corrupt = tmp_path / "corrupt.db"
    corrupt.write_bytes(b"SQLite format 3\0" + b"\x07" * 8000)
    refused(capsys, "campaign", "tell", corrupt, 1, 1.0, match="campaign file")


def test_show_plots_only_the_curve_beyond_two_dimensions(tmp_path, capsys):
    path = tmp_path / "c3.db"
    with Campaign.create(path, dim=3, settings=BOSettings("fast-test", initial_points=100)) as c:
        c.run(lambda t: np.sum(t**2, axis=1), budget=4, progress=False)
    status, out, _ = cli(capsys, "campaign", "show", path, "--plot", tmp_path / "c3.png")
    assert status == 0 and (tmp_path / "c3.png").is_file()
    from vae_opt.plotting import plot_campaign

    with Campaign.open(path) as c:
        fig = plot_campaign(c)
    assert len(fig.axes) == 1 and "drawn for d = 2 only" in fig.texts[0].get_text()
    refused(capsys, "campaign", "show", path, "--plot", tmp_path / "c3.png", match="--force")


def _has_open(pid: int, path: Path) -> bool:
    try:
        return any(os.path.realpath(f"/proc/{pid}/fd/{fd}") == str(path.resolve())
                   for fd in os.listdir(f"/proc/{pid}/fd"))
    except OSError:
        return False


@pytest.mark.slow
@pytest.mark.skipif(not Path("/proc/self/fd").is_dir(), reason="watches /proc/PID/fd")
def test_two_tells_at_the_same_moment_both_land(campaign):
    """Both processes wait for a writer that holds the file (here: this test) and then land."""
    blocker = sqlite3.connect(campaign, isolation_level=None)
    blocker.execute("BEGIN IMMEDIATE")  # the write lock, held until both tells are waiting
    tells = [subprocess.Popen(VAE_OPT + ["campaign", "tell", str(campaign), str(i), str(-i)],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
             for i in (1, 2)]
    deadline = time.time() + 120
    while not all(_has_open(p.pid, campaign) for p in tells) and time.time() < deadline:
        assert all(p.poll() is None for p in tells), [p.communicate() for p in tells]
        time.sleep(0.05)
    time.sleep(1.0)  # both are inside tell now, waiting on the lock
    blocker.execute("COMMIT")
    blocker.close()
    for process in tells:
        out, err = process.communicate(timeout=120)
        assert process.returncode == 0, err
    assert [(p.status, p.value) for p in snapshot(campaign)[0]] == [("told", -1.0), ("told", -2.0)]
    assert integrity(campaign) == "ok"


@pytest.mark.slow
def test_run_killed_with_sigkill_and_started_again_finishes_the_campaign(campaign, n_told):
    budget = 40  # long enough to be killed midway: a proposal takes a GP fit
    command = VAE_OPT + ["campaign", "run", str(campaign), "--budget", str(budget), "--batch", "2"]
    killed = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.time() + 300
    while n_told(campaign) < 6 and time.time() < deadline and killed.poll() is None:
        time.sleep(0.01)
    killed.send_signal(signal.SIGKILL)
    killed.wait()
    assert integrity(campaign) == "ok"
    told = {p.id: p for p in snapshot(campaign)[0] if p.status == "told"}
    assert 6 <= len(told) < budget

    done = subprocess.run(command, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stderr
    progress = [line for line in done.stderr.splitlines() if "evaluation" in line]
    assert len(progress) == budget - len(told)  # no told point measured again
    assert all("best loss" in line for line in progress)
    points = snapshot(campaign)[0]
    assert [p.status for p in points].count("told") == budget
    assert all(points[i - 1] == point for i, point in told.items())  # kept as they were
    assert integrity(campaign) == "ok"


def test_the_example_lab_on_the_ask_files_measures_what_run_measures(campaign, tmp_path):
    """The notebook's lab reads samples/ID.npy and agrees with run's built-in lab there."""
    from vae_opt.campaign.lab import measure_arrays
    with Campaign.open(campaign) as opened:
        models, points = opened.model(), opened.points()
    records = [{"id": p.id, "array": tmp_path / "s" / f"{p.id}.npy"} for p in points]
    measured = measure_arrays(models.classifier, records, 3)
    assert [i for i, _ in measured] == [1, 2]
    built_in = models.objective(3).nll_target(np.array([p.t for p in points]))
    np.testing.assert_allclose([v for _, v in measured], built_in, rtol=1e-4, atol=1e-4)
