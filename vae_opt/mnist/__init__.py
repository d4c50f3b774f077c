"""The MNIST domain. Here so far: its benchmark suites (``suites``: BO and its peers, the latent
dimensions, campaign batches), their tasks and methods (``bench_methods``, ``bench_peers``,
``bench_campaign``), the candidate BO settings (``candidates``) and reports (``bench_report``,
``bench_plots``)."""
