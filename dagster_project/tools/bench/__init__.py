"""`make bench`: the full refresh timed stage by stage on generated demo accounts, against two baselines.

See docs/performance.md for what each figure means and the targets it is held to.
"""
