from setuptools import find_packages, setup

setup(
    name="vae-opt",
    version="0.1.0",
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
    ],
    extras_require={"notebooks": ["nbclient>=0.10", "nbformat>=5.10", "ipykernel>=6.29"],
                    "test": ["pytest>=8"]},
    entry_points={"console_scripts": ["vae-opt=vae_opt.cli:main"]},
)
