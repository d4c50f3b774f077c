from pathlib import Path

from setuptools import find_packages, setup

HERE = Path(__file__).parent


def shared(folder: str, pattern: str) -> tuple[str, list[str]]:
    """Files installed under <prefix>/share/vae-opt/<folder>, where vae_opt.paths finds them
    when the package is installed without its checkout (pip install ., not editable)."""
    source = "models/vae-opt" if folder == "models" else folder
    return f"share/vae-opt/{folder}", sorted(str(p.relative_to(HERE)) for p in (HERE / source).glob(pattern))


setup(
    name="vae-opt",
    version="0.2.0",
    description="Conditional generation by Bayesian optimization in the latent space of a VAE",
    packages=find_packages(include=["vae_opt", "vae_opt.*"]),
    python_requires=">=3.10",
    install_requires=[
        "tensorflow-cpu==2.21.0",
        "keras==3.15.1",
        "numpy>=2,<3",
        "GPy==1.15.0",
        "GPyOpt==1.2.6",
        "setuptools<82",  # GPyOpt 1.2.6 imports pkg_resources, removed in setuptools 82
        "matplotlib>=3.8",  # GPyOpt imports pylab at import time
        "h5py>=3.10",
        "threadpoolctl>=3.1",
        # molecules (vae_opt.molecules); their data: pip install --no-deps molsets==0.3.1
        "rdkit>=2024.3",
        "selfies>=2.1",
        "networkx>=3",
        "bokeh>=3.9,<4",  # `vae-opt campaign dashboard`: its server and BokehJS, in the wheel
    ],
    extras_require={
        # `make lab` opens JupyterLab; the notebook package adds `jupyter notebook` (Notebook 7).
        "notebooks": ["nbclient>=0.10", "nbformat>=5.10", "ipykernel>=6.29",
                      "jupyterlab==4.6.6", "notebook==7.6.5"],
        "test": ["pytest>=8", "hypothesis>=6.100", "selenium>=4.20",
                 "pgserver>=0.1.4"],  # pgserver: a real PostgreSQL server for the tests
        # Campaigns in PostgreSQL (postgresql:// URLs) and on Dask workers (run --workers N).
        "team": ["sqlalchemy>=2.0", "psycopg[binary]>=3.1", "distributed>=2024.1"],
        # TensorFlow with the CUDA 12 libraries (Linux, NVIDIA GPU). It ships the same `tensorflow`
        # module as tensorflow-cpu above, so uninstall tensorflow-cpu first and then install this:
        # `make setup GPU=1` does it in that order (docs/devices.md).
        "gpu": ["tensorflow[and-cuda]==2.21.0"],
        # Other libraries' BO for `vae-opt bench mnist --method skopt botorch` (docs/bo-settings.md).
        # torch is pinned to the release that needs no newer setuptools than GPyOpt allows.
        "peers": ["scikit-optimize==0.10.2", "botorch==0.18.1", "torch==2.12.1"],
    },
    data_files=[shared("models", "*.h5"), shared("models", "*.json"),
                shared("notebooks", "*.ipynb")],
    entry_points={"console_scripts": ["vae-opt=vae_opt.cli:main"]},
)
