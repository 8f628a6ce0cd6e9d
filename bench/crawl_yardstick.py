#!/usr/bin/env python3
"""xxgk's crawl beside the peer crawlers, measured by the shared yardstick (../shared/bench).

The yardstick's driver (bench.py) knows wget, wget2, httrack, Scrapy and Crawlee; this script
imports it from a copy (YARDSTICK_DIR, made by bench/run_crawl_bench.sh, so that its fixture, nginx
prefix and results land in the build directory), adds the tool "xxgk" (`xxgk crawl`, no delay,
robots.txt obeyed, same host only, like every peer), and runs the same measured crawls: timing,
CPU and peak RSS from /usr/bin/time, pages and coverage counted from nginx's access log.

  crawl_yardstick.py --xxgk BUILD/xxgk [--tools xxgk wget2] [--modes ip proxy] [--reps 3] [--port 80]

Writes YARDSTICK_DIR/results/raw/*.json and prints the yardstick's table (also to results/table.md).
"""

import argparse
import os
import subprocess
import sys
from argparse import Namespace

YARDSTICK = os.environ.get("YARDSTICK_DIR")
if not YARDSTICK or not os.path.exists(os.path.join(YARDSTICK, "bench.py")):
    sys.exit("crawl_yardstick.py: set YARDSTICK_DIR to a copy of ../shared/bench (run_crawl_bench.sh does)")
sys.path.insert(0, YARDSTICK)
import bench  # noqa: E402  (the yardstick's driver)

XXGK = None
CONFIG = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "config", "default.toml")
peer_tool_cmd = bench.tool_cmd
peer_tool_version = bench.tool_version


def tool_cmd(tool, mode, seedfile, out):
    if tool != "xxgk":
        return peer_tool_cmd(tool, mode, seedfile, out)
    # Loopback is a non-public network: the address guard needs it allowed. The JSON lines are
    # not named items.jsonl, which the driver would read for page titles.
    cmd = [XXGK, "crawl", "--seeds", seedfile, "--config", CONFIG, "--delay", "0",
           "--allow-cidr", "127.0.0.0/8", "--quiet", "-o", os.path.join(out, "pages.jsonl")]
    if mode == "proxy":
        cmd += ["--proxy", bench.proxy_url()]
    return cmd, {}, out


def tool_version(tool):
    if tool != "xxgk":
        return peer_tool_version(tool)
    return subprocess.run([XXGK, "--version"], capture_output=True, text=True).stdout.strip()


def main():
    global XXGK
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--xxgk", required=True, help="the xxgk executable")
    ap.add_argument("--tools", nargs="+", default=["xxgk", "wget2", "wget"])
    ap.add_argument("--modes", nargs="+", default=["ip"], choices=["ip", "proxy"])
    ap.add_argument("--reps", type=int, default=3)
    ap.add_argument("--port", type=int, default=80)
    a = ap.parse_args()
    XXGK = os.path.abspath(a.xxgk)
    bench.tool_cmd = tool_cmd
    bench.tool_version = tool_version

    if not os.path.exists(os.path.join(bench.FIXTURE, "manifest.json")):
        subprocess.run([sys.executable, os.path.join(YARDSTICK, "gen_portals.py"), "--out", bench.FIXTURE],
                       check=True, stdout=subprocess.DEVNULL)
    bench.serve(Namespace(action="start", port=a.port))
    try:
        # warm the page cache so that the first tool does not pay for cold disk reads
        for root, _, files in os.walk(bench.FIXTURE):
            for name in files:
                with open(os.path.join(root, name), "rb") as fh:
                    fh.read()
        # interleaved like run_all.sh: run 1 of every tool, then run 2, ...
        for rep in range(1, a.reps + 1):
            for mode in a.modes:
                for tool in a.tools:
                    bench.crawl(Namespace(tool=tool, mode=mode, rep=rep, timeout=1800, keep=False,
                                          settle=2.0, portals=0))
    finally:
        bench.serve(Namespace(action="stop", port=a.port))
    table = os.path.join(YARDSTICK, "results", "table.md")
    with open(table, "w") as fh:
        saved, sys.stdout = sys.stdout, fh
        try:
            bench.table(None)
        finally:
            sys.stdout = saved
    print(open(table).read())


if __name__ == "__main__":
    main()
