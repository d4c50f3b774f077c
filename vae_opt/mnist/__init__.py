"""MNIST as the method's first domain: the data, the joint VAE and classifiers, their training and
evaluation, the objective -log p(target | t) + nll_prior(t), the blog's reproduction, and its
benchmark suites (``suites``: BO and its peers, latent dimensions, campaign batches, the BO
profile) with their methods and reports.

The submodules import TensorFlow only when used, so that ``import vae_opt.mnist`` stays cheap.
"""
