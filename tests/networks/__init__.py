"""Tests of vae_opt.networks (a package, so that basenames may repeat across test folders)."""
