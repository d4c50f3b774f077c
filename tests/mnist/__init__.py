"""Tests of vae_opt.mnist (a package, so that basenames may repeat across test folders)."""
