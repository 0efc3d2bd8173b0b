"""Made-up data for the demo and the benchmarks, kept out of production.

``seed_demo`` builds the fictional 北疆市 cluster (sites, articles, accounts and
every module's cases); ``seed_scale`` builds synthetic clusters for the benchmarks.
The app sits above ``sites``, ``disclosure``, ``interaction`` and ``search`` as the
project does and calls their services directly; none of them imports it. The dev
and test settings install it; the production settings leave it out, so there the
commands do not exist (and each also refuses a production settings module).

``sites/``, ``disclosure/``, ``interaction/`` and ``search.py`` hold each module's
demo builders; the prose of the demo articles is data under ``content/``.
"""
