#!/usr/bin/env python3
"""A national harvest in miniature: `xxgk harvest` over N simulated counties, then again with nothing
changed.

portal_sim (tests/simulator) serves N counties (N / 5 copies of each of its five families, with
ETag / Last-Modified on every page); `xxgk harvest --delay 0` reaches them as its HTTP proxy. Per
repetition, each a fresh simulator so that its request log holds exactly one run's requests:

  first, at once K   a harvest into a fresh archive with --counties-at-once K (each K given);
  again, lists       a second harvest of the first archive (the one of the last K) with nothing
                     changed and the default --revisit-days: lists are fetched again, known reports
                     are answered from the archive;
  again, revisit 0   a third with --revisit-days 0: every known report is asked for conditionally.

Measured per run: wall, CPU (user+sys) and peak RSS from /usr/bin/time; requests, conditional
requests, 304 answers and body bytes sent from the simulator's log (requests.jsonl); pages (also
those answered from the archive), reports and new documents from `--json`; the archive's size (du)
after the first harvest. The runs of one repetition are
interleaved with the next's (the order of the first harvests alternates). Prints Markdown tables
of medians.

Usage: bench/harvest_bench.py --xxgk build/xxgk --sim build/tests/portal_sim [--counties 500]
                              [--reps 3] [--at-once 1 4] [--work DIR]
"""
import argparse
import json
import os
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile


def start_sim(sim, out_dir, copies):
    os.makedirs(out_dir, exist_ok=True)
    proc = subprocess.Popen([sim, out_dir, "--copies", str(copies), "--validators"],
                            stdout=subprocess.PIPE, text=True)
    for line in proc.stdout:
        if line.startswith("port "):
            return proc, int(line.split()[1])
    proc.kill()
    sys.exit("portal_sim did not start")


def stop_sim(proc, out_dir):
    proc.send_signal(signal.SIGTERM)
    proc.wait(timeout=120)
    with open(os.path.join(out_dir, "requests.jsonl"), encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def du_bytes(path):
    return int(subprocess.check_output(["du", "-sb", path]).split()[0])


def harvest(args, sim_dir, archive, extra):
    """One harvest through a fresh simulator; returns the run's measurements."""
    proc, port = start_sim(args.sim, sim_dir, args.counties // 5)
    run_dir = os.path.join(args.work, "run")
    os.makedirs(run_dir, exist_ok=True)
    tfile = os.path.join(run_dir, "time.txt")
    cmd = ["/usr/bin/time", "-f", "%e %U %S %M", "-o", tfile, args.xxgk, "harvest",
           "--seeds", os.path.join(sim_dir, "seeds.tsv"), "--archive", archive,
           "--proxy", f"http://127.0.0.1:{port}", "--delay", "0", "--json"] + extra
    with open(os.path.join(run_dir, "stdout.json"), "w") as out, \
            open(os.path.join(run_dir, "stderr.txt"), "w") as err:
        code = subprocess.call(cmd, stdout=out, stderr=err)
    requests = stop_sim(proc, sim_dir)
    wall, user, sys_s, rss = open(tfile).read().split()[-4:]
    summary = json.load(open(os.path.join(run_dir, "stdout.json")))
    counties = summary["counties"]
    return dict(
        code=code, wall=float(wall), cpu=float(user) + float(sys_s), rss=int(rss) / 1024.0,
        requests=len(requests), conditional=sum(1 for r in requests if r.get("conditional")),
        not_modified=sum(1 for r in requests if r.get("status") == 304),
        bytes=sum(r.get("bytes", 0) for r in requests), pages=summary["pages"],
        new=summary["new_documents"], reports=summary["reports_found"],
        done=sum(1 for c in counties if c["state"] == "done"), counties=len(counties))


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--xxgk", required=True)
    ap.add_argument("--sim", required=True)
    ap.add_argument("--counties", type=int, default=500, help="a multiple of 5")
    ap.add_argument("--reps", type=int, default=3)
    ap.add_argument("--at-once", type=int, nargs="+", default=[1, 4])
    ap.add_argument("--work")
    args = ap.parse_args()
    if args.counties < 5 or args.counties % 5:
        sys.exit("--counties must be a multiple of 5 (five families)")
    args.xxgk, args.sim = os.path.abspath(args.xxgk), os.path.abspath(args.sim)
    args.work = args.work or tempfile.mkdtemp(prefix="xxgk-harvest-bench-")
    sim_dir = os.path.join(args.work, "sim")
    rows = {}  # run name -> list of measurements
    sizes = []
    for rep in range(args.reps):
        order = args.at_once if rep % 2 == 0 else list(reversed(args.at_once))
        archives = {}
        for k in order:
            archive = os.path.join(args.work, f"archive-{k}")
            shutil.rmtree(archive, ignore_errors=True)
            rows.setdefault(f"first, --counties-at-once {k}", []).append(
                harvest(args, sim_dir, archive, ["--counties-at-once", str(k)]))
            archives[k] = archive
        archive = archives[args.at_once[-1]]
        sizes.append(du_bytes(archive))
        rows.setdefault("again, nothing changed (lists only)", []).append(
            harvest(args, sim_dir, archive, []))
        rows.setdefault("again, --revisit-days 0 (conditional)", []).append(
            harvest(args, sim_dir, archive, ["--revisit-days", "0"]))
        print(f"rep {rep + 1}/{args.reps} done", file=sys.stderr, flush=True)

    n = args.counties
    med = lambda runs, k: statistics.median(r[k] for r in runs)
    print(f"{n} simulated counties, --delay 0; {args.reps} interleaved repetitions, medians. "
          f"Archive (du, after the first harvest): {statistics.median(sizes) / 2**20:.1f} MiB, "
          f"{statistics.median(sizes) / n / 1024:.0f} KiB per county.\n")
    print("| run | exit | counties done | wall s | CPU s | peak RSS MiB | requests | conditional | 304 | "
          "MiB sent | pages | reports | new documents |")
    print("|---|---|---|---|---|---|---|---|---|---|---|---|---|")
    for name, runs in rows.items():
        codes = ",".join(sorted({str(r["code"]) for r in runs}))
        print(f"| {name} | {codes} | {int(med(runs, 'done'))}/{runs[0]['counties']} | "
              f"{med(runs, 'wall'):.1f} | {med(runs, 'cpu'):.1f} | {med(runs, 'rss'):.0f} | "
              f"{int(med(runs, 'requests'))} | {int(med(runs, 'conditional'))} | "
              f"{int(med(runs, 'not_modified'))} | {med(runs, 'bytes') / 2**20:.1f} | "
              f"{int(med(runs, 'pages'))} | {int(med(runs, 'reports'))} | {int(med(runs, 'new'))} |")
    print("\nPer county (medians / counties):\n")
    print("| run | wall s | CPU s | requests | KiB sent |")
    print("|---|---|---|---|---|")
    for name, runs in rows.items():
        print(f"| {name} | {med(runs, 'wall') / n:.3f} | {med(runs, 'cpu') / n:.3f} | "
              f"{med(runs, 'requests') / n:.1f} | {med(runs, 'bytes') / n / 1024:.1f} |")
    print(f"\nRaw runs: {json.dumps(rows)}", file=sys.stderr)


if __name__ == "__main__":
    main()
