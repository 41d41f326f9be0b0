"""Serve the studio: ``python -m viz.serve [--host 127.0.0.1] [--port 8765]``.

Runs Solara's server in this process (offline: no telemetry, no version check, production mode)
and stops it cleanly: Ctrl-C and SIGTERM let the server finish its shutdown, then the model's
worker processes are stopped, and the process exits with 130 or 143 without a traceback. (The
workers also leave by themselves if this process dies any other way; see ``viz.runs``.)
"""

from __future__ import annotations

import argparse
import os
import signal
import sys

DEFAULT_PORT = 8765


class Stopped(BaseException):
    """SIGTERM, raised in the main thread once the server has finished its own shutdown."""


def _stopped(_signal: int, _frame: object) -> None:
    raise Stopped


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m viz.serve", description="Serve the Techniekpact studio.")
    parser.add_argument("--host", default="127.0.0.1", help="address to serve on; 0.0.0.0 opens it to the room")
    parser.add_argument("--port", type=int, default=DEFAULT_PORT, help=f"port (default {DEFAULT_PORT})")
    args = parser.parse_args(argv)
    os.environ.setdefault("SOLARA_TELEMETRY_MIXPANEL_ENABLE", "False")
    os.environ.setdefault("SOLARA_THEME_SHOW_BANNER", "False")
    from click.exceptions import Abort
    from solara.__main__ import cli  # imported here: it reads the environment set above

    from viz import runs

    # uvicorn takes both signals over while it serves and raises the one it got again when it is
    # done: these handlers then end the process without a traceback
    signal.signal(signal.SIGTERM, _stopped)
    runs.RUNNER.run_ahead()  # the workers start while the server does, not with the first page
    code = 0
    try:
        cli.main(["run", "viz.app", "--host", args.host, "--port", str(args.port), "--production", "--no-open",
                  "--no-check-version"], standalone_mode=False)
    except (KeyboardInterrupt, Abort):  # Ctrl-C (click reports it as Abort)
        code = 128 + signal.SIGINT
    except Stopped:
        code = 128 + signal.SIGTERM
    finally:
        runs.RUNNER.shutdown()
    return code


if __name__ == "__main__":
    sys.exit(main())
