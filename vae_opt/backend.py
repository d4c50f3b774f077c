"""The one place that imports TensorFlow and Keras: quietly, and once.

TensorFlow 2.21 prints start-up lines (oneDNN, CPU features, absl) on file descriptor 2 during
import, whatever TF_CPP_MIN_LOG_LEVEL says. They reach terminals and notebook outputs as if they
were errors, so the import runs with descriptor 2 captured; any other line is passed on.
"""

from __future__ import annotations

import os
import sys
import tempfile

_NOISE = ("absl::InitializeLog", "oneDNN custom operations", "cpu_feature_guard",
          "This TensorFlow binary is optimized", "To enable the following instructions",
          "Unable to register cu", "computation placer already registered")


def _import_quietly() -> None:
    if "tensorflow" in sys.modules:
        return
    os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
    sys.stderr.flush()
    saved = os.dup(2)
    with tempfile.TemporaryFile(mode="w+b") as captured:
        os.dup2(captured.fileno(), 2)
        try:
            import tensorflow  # noqa: F401
        finally:
            os.dup2(saved, 2)
            os.close(saved)
            captured.seek(0)
            lines = captured.read().decode(errors="replace").splitlines()
            kept = [line for line in lines if line.strip() and not any(n in line for n in _NOISE)]
            if kept:
                print("\n".join(kept), file=sys.stderr)


_import_quietly()

import keras  # noqa: E402
import tensorflow as tf  # noqa: E402

__all__ = ["keras", "tf"]
