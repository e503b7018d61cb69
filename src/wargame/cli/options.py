"""Options and helpers that several `wargame` commands share."""

from __future__ import annotations

import argparse
import re
import sys
from collections.abc import Iterator
from contextlib import contextmanager

from wargame.errors import WargameError


def add_runner_options(parser: argparse.ArgumentParser) -> None:
    """--workers, --dask and --quiet: where a batch of games is played, and whether it shows."""
    parser.add_argument(
        "--workers", type=int, help="local worker processes (default: all cores; 1 = no pool)"
    )
    parser.add_argument(
        "--dask",
        metavar="ADDRESS",
        help="run on a Dask scheduler (tcp://host:8786) or 'local' for a LocalCluster",
    )
    parser.add_argument("--quiet", action="store_true", help="no progress bar")


def check_workers(args: argparse.Namespace) -> None:
    """Refuse a --workers below 1 and a --dask that is neither 'local' nor an address."""
    if args.workers is not None and args.workers < 1:
        raise WargameError(f"--workers: must be at least 1; got {args.workers}")
    dask = getattr(args, "dask", None)
    if dask is not None and dask != "local" and not _dask_address(dask):
        raise WargameError(
            f"--dask {dask!r}: expected 'local' or a scheduler address like tcp://host:8786"
        )


_DASK_ADDRESS = re.compile(r"(tcp|tls|ucx|ws|wss)://([A-Za-z0-9.-]+|\[[0-9A-Fa-f:]+\]):(\d{1,5})")


def _dask_address(text: str) -> bool:
    """Whether `text` looks like a Dask scheduler address: scheme://host:port, port 1-65535."""
    match = _DASK_ADDRESS.fullmatch(text)
    if match is None or not 1 <= int(match.group(3)) <= 65535:
        return False
    host = match.group(2)
    octets = host.split(".")
    if len(octets) == 4 and all(o.isdigit() for o in octets):
        return all(int(o) <= 255 for o in octets)
    return True


def comma_keys(text: str | None) -> tuple[str, ...]:
    """KEY,KEY,... as a tuple of keys (empty items dropped)."""
    return tuple(k.strip() for k in (text or "").split(",") if k.strip())


@contextmanager
def kept_on_interrupt(where: str, resume: str, what: str = "") -> Iterator[None]:
    """On Ctrl-C in a batch: say where its finished games are kept and how to go on, then stop."""
    try:
        yield
    except KeyboardInterrupt:
        print(
            f"wargame: {what}interrupted; finished games are kept in {where} - run the same "
            f"command {resume}",
            file=sys.stderr,
        )
        raise


def add_list_option(
    parser: argparse.ArgumentParser, flag: str, dest: str, metavar: str, help: str
) -> None:
    """A repeatable option collected into a list (empty when not given)."""
    parser.add_argument(flag, dest=dest, action="append", default=[], metavar=metavar, help=help)
