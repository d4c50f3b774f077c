"""`python -m vae_opt` runs the `vae-opt` console command."""

import sys

from vae_opt.cli import main

sys.exit(main())
