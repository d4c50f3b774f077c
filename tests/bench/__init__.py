"""Tests of vae_opt.bench (a package, so that basenames may repeat across test folders)."""
