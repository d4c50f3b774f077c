"""Molecules as a second problem of the method: SMILES from MOSES as SELFIES, a VAE with a joint
property predictor, and Bayesian optimization of RDKit properties in its latent space.

The submodules import RDKit, SELFIES and (model, training) TensorFlow only when used, so that
``import vae_opt.molecules`` stays cheap.
"""
