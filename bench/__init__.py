"""OpenEHCP benchmarks.

``python -m bench`` runs every ``bench/bench_<name>.py`` module and prints one JSON object,
``{"<name>": <what its run() returned>, ...}``; ``python -m bench <name> [<name> ...]`` runs only
those; ``python -m bench --list`` lists them. ``make bench`` runs them all.

A benchmark module defines ``run() -> dict`` (JSON-serialisable; dates and other values are
printed with ``str``). It sets up whatever it needs itself: a module that uses Django calls
``django.setup()`` (and chooses its database) inside ``run()``, so that the others stay fast and
framework-free. A module that raises is reported as ``{"error": "..."}`` and the runner exits 1
after printing the rest.
"""
