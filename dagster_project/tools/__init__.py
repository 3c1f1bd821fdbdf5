"""Tools around the pipeline, not part of it: the `helpdesk-metrics` CLI, the demo-data generator, the
benchmark and the holidays seed writer."""
