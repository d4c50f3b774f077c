"""The MNIST networks: the joint VAE with its property predictor, the classifiers, the CVAE."""
