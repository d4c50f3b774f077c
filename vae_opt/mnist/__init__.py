"""The MNIST domain. Here so far: its benchmark suites (``suites``: BO and its peers, the latent
dimensions, campaign batches, the BO profile), their tasks and methods (``bench_methods``,
``bench_peers``, ``bench_campaign``, ``bo_profile``), the candidate BO settings (``candidates``),
reports (``bench_report``, ``dims_summary``, ``settings_table``, ``bench_plots``) and the prior
shell's pilot (``shell_pilot``)."""
