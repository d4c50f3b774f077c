"""Tests of vae_opt.benchmark (a package, so that basenames may repeat across test folders)."""
