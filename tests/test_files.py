"""Outputs are checked before the work, written atomically, and never replace a file silently."""

import os
import threading

import pytest

from vae_opt.files import (OutputError, check_output, check_output_dir, write_atomic,
                           write_text_atomic)


def test_a_missing_folder_is_created_up_front(tmp_path):
    path = check_output(tmp_path / "new" / "deep" / "out.json")
    assert path.parent.is_dir()


def test_an_existing_file_needs_force(tmp_path):
    (tmp_path / "x.json").write_text("mine")
    with pytest.raises(OutputError, match="already exists; pass force=True"):
        check_output(tmp_path / "x.json")
    assert check_output(tmp_path / "x.json", force=True)


def test_a_folder_is_not_a_file_name(tmp_path):
    with pytest.raises(OutputError, match="is a folder"):
        check_output(tmp_path)


def test_a_file_in_the_way_of_a_folder(tmp_path):
    (tmp_path / "f").write_text("")
    with pytest.raises(OutputError, match="it is a file, not a folder"):
        check_output_dir(tmp_path / "f")
    with pytest.raises(OutputError, match="cannot write into"):
        check_output(tmp_path / "f" / "out.json")


def test_an_unwritable_place_is_refused_before_any_work():
    # /proc accepts no new files, even for root
    with pytest.raises(OutputError, match="cannot write into /proc"):
        check_output("/proc/vae-opt-result.json")


def test_atomic_write_leaves_nothing_behind_when_the_writer_fails(tmp_path):
    def failing(tmp):
        tmp.write_text("half")
        raise OSError("disk full")
    with pytest.raises(OSError, match="disk full"):
        write_atomic(tmp_path / "out.txt", failing)
    assert list(tmp_path.iterdir()) == []


def test_without_force_a_file_that_appeared_meanwhile_is_kept(tmp_path):
    target = tmp_path / "r.json"
    target.write_text("the other run")
    written = write_text_atomic(target, "this run")
    assert target.read_text() == "the other run"
    assert written == tmp_path / "r-2.json" and written.read_text() == "this run"


def test_concurrent_writers_of_one_name_lose_nothing(tmp_path):
    target, results = tmp_path / "r.json", []
    threads = [threading.Thread(target=lambda i=i: results.append(
        write_text_atomic(target, f"run {i}"))) for i in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    contents = sorted(p.read_text() for p in results)
    assert contents == sorted(f"run {i}" for i in range(8))
    assert len(set(results)) == 8
    assert not [p for p in os.listdir(tmp_path) if p.startswith(".")]


def test_written_files_get_the_usual_permissions(tmp_path):
    mask = os.umask(0o022)
    try:
        written = write_text_atomic(tmp_path / "r.json", "{}")
    finally:
        os.umask(mask)
    assert written.stat().st_mode & 0o777 == 0o644
