"""MNIST as the method's first domain: the data, the joint VAE and classifiers, their training and
evaluation, the objective -log p(target | t) + nll_prior(t), and the blog's reproduction.

The submodules import TensorFlow only when used, so that ``import vae_opt.mnist`` stays cheap.
"""
