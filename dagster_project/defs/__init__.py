"""What Dagster shows: the assets, checks, job, schedule, sensor and resources that `definitions.py` puts
into the one Definitions object."""
