"""The shell pilot on a few prior draws of the 8-d model."""

import pytest

from vae_opt.mnist import shell_pilot
from vae_opt.paths import model_path


@pytest.mark.slow
@pytest.mark.skipif(not model_path("softmax-d8").is_file(), reason="no 8-d model")
def test_shell_pilot_on_a_few_draws():
    from vae_opt.mnist.pretrained import bundle

    shares, read_as = shell_pilot.shell_pilot(bundle(model_path("softmax-d8")), (0.0, 0.1), (0,),
                                              draws=400)
    assert list(shares) == [0.0, 0.1]
    assert read_as.shape == (10,) and read_as.sum() == pytest.approx(1.0)
    assert all(0.0 <= v <= 1.0 and (10 * v) == pytest.approx(round(10 * v)) for v in shares.values())
