"""``python -m bench [--list] [name ...]``: run the benchmarks, print one JSON object."""

import importlib
import json
import pkgutil
import sys
import time

import bench

PREFIX = "bench_"


def available() -> list[str]:
    """The benchmark names: ``bench/bench_<name>.py`` modules."""
    return sorted(
        info.name[len(PREFIX) :]
        for info in pkgutil.iter_modules(bench.__path__)
        if info.name.startswith(PREFIX)
    )


def main(argv: list[str]) -> int:
    names = available()
    if argv == ["--list"]:
        print("\n".join(names))
        return 0
    chosen = argv or names
    unknown = [name for name in chosen if name not in names]
    if unknown:
        print(
            f"python -m bench: error: unknown benchmark {', '.join(unknown)} "
            f"(available: {', '.join(names)})",
            file=sys.stderr,
        )
        return 2
    results: dict[str, object] = {}
    failed = False
    for name in chosen:
        started = time.perf_counter()
        try:
            module = importlib.import_module(f"bench.{PREFIX}{name}")
            results[name] = module.run()
        except Exception as error:  # noqa: BLE001 - report it and run the others
            results[name] = {"error": f"{type(error).__name__}: {error}"}
            failed = True
        print(f"bench {name}: {time.perf_counter() - started:.1f} s", file=sys.stderr)
    print(json.dumps(results, indent=2, default=str))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
