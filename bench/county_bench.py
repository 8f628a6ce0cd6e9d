#!/usr/bin/env python3
"""Whole simulated counties fetched by `xxgk fetch` and by `wget2 --recursive`, in the same run.

For every family of the portal simulator (tests/simulator: TRS, Hanweb, gkmlpt, VSB, Shaanxi) and
every repetition, each tool crawls the county from scratch with no delay, through a fresh
portal_sim (the tools reach it as their HTTP proxy, so the county's real-looking host names
resolve to it). Tools alternate within each repetition (interleaved, so machine noise hits both).

Measured per run: wall time, CPU seconds (user+sys) and peak RSS from /usr/bin/time; requests,
reports reached and forbidden targets requested from the simulator's own request log
(requests.jsonl). A report counts as reached when every copy of it (the report page, each
attachment) was requested; forbidden targets are the ground truth's (news, search, calendars,
other portals, the spam mirror, robots.txt-disallowed paths). Prints a Markdown table of
medians per family and tool, and the totals with ratios xxgk/wget2.

Usage: bench/county_bench.py --xxgk build/xxgk --sim build/tests/portal_sim [--reps 3]
                             [--families trs hanweb ...] [--work DIR]
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
import time


def start_sim(sim, out_dir):
    os.makedirs(out_dir, exist_ok=True)
    proc = subprocess.Popen([sim, out_dir], stdout=subprocess.PIPE, text=True)
    port = None
    for line in proc.stdout:
        if line.startswith("port "):
            port = int(line.split()[1])
            break
    if port is None:
        proc.kill()
        sys.exit("portal_sim did not start")
    return proc, port


def stop_sim(proc, out_dir):
    proc.send_signal(signal.SIGTERM)
    proc.wait(timeout=30)
    with open(os.path.join(out_dir, "requests.jsonl"), encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def timed(cmd, cwd):
    """Runs cmd under /usr/bin/time; returns (exit code, wall s, cpu s, peak RSS MiB, stdout)."""
    fmt = "%e %U %S %M"
    tfile = os.path.join(cwd, "time.txt")
    with open(os.path.join(cwd, "stdout.txt"), "w") as out, open(os.path.join(cwd, "stderr.txt"), "w") as err:
        code = subprocess.call(["/usr/bin/time", "-f", fmt, "-o", tfile] + cmd, cwd=cwd,
                               stdout=out, stderr=err)
    wall, user, sys_s, rss = open(tfile).read().split()[-4:]
    return code, float(wall), float(user) + float(sys_s), int(rss) / 1024.0, open(os.path.join(cwd, "stdout.txt")).read()


def url_key(url):
    rest = url.split("://", 1)[1]
    host, _, path = rest.partition("/")
    return host.split(":")[0], "/" + path


def judge(portal, requests):
    asked = {(r["host"], r["target"]) for r in requests}
    reached = sum(all(url_key(c["url"]) in asked for c in rep["copies"]) for rep in portal["reports"])
    forbidden = 0
    for r in requests:
        for f in portal["forbidden"]:
            if r["host"] == f["host"] and r["target"].startswith(f.get("path_prefix", "")):
                forbidden += 1
                break
    return len(requests), reached, forbidden


def run_xxgk(args, portal, port, seeds, work):
    archive = os.path.join(work, "archive")
    shutil.rmtree(archive, ignore_errors=True)
    cmd = [args.xxgk, "fetch", portal["name"], "--seeds", seeds, "--archive", archive,
           "--proxy", f"http://127.0.0.1:{port}", "--delay", "0", "--quiet", "--json"]
    code, wall, cpu, rss, out = timed(cmd, work)
    archived = json.loads(out)["new_documents"] if code == 0 else 0
    return code, wall, cpu, rss, archived


def run_wget2(args, portal, port, seeds, work):
    target = os.path.join(work, "mirror")
    shutil.rmtree(target, ignore_errors=True)
    env_proxy = f"http://127.0.0.1:{port}"
    cmd = ["wget2", "--no-config", "-q", "--recursive", "--level=inf", "--wait=0",
           "--no-hsts", "--no-hpkp", "--no-host-directories", "-P", target,
           "--http-proxy=" + env_proxy, "--max-threads=5", portal["portal_url"]]
    code, wall, cpu, rss, _ = timed(cmd, work)
    return code, wall, cpu, rss, None  # wget2 archives nothing: it mirrors files


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--xxgk", required=True)
    ap.add_argument("--sim", required=True)
    ap.add_argument("--reps", type=int, default=3)
    ap.add_argument("--families", nargs="*")
    ap.add_argument("--work")
    args = ap.parse_args()
    args.xxgk, args.sim = os.path.abspath(args.xxgk), os.path.abspath(args.sim)
    work = args.work or tempfile.mkdtemp(prefix="xxgk-county-bench-")
    tools = {"xxgk fetch": run_xxgk, "wget2 -r": run_wget2}
    rows = {}  # (family, tool) -> list of dicts
    truth_reports = {}
    for rep in range(args.reps):
        order = list(tools) if rep % 2 == 0 else list(reversed(tools))
        sim_dir = os.path.join(work, "sim")
        # One simulator per run: its log holds exactly that run's requests.
        probe, _ = start_sim(args.sim, sim_dir)
        stop_sim(probe, sim_dir)
        truth = json.load(open(os.path.join(sim_dir, "ground_truth.json"), encoding="utf-8"))
        seeds = os.path.join(work, "seeds.tsv")
        shutil.copy(os.path.join(sim_dir, "seeds.tsv"), seeds)
        for portal in truth["portals"]:
            if args.families and portal["family"] not in args.families:
                continue
            truth_reports[portal["family"]] = len(portal["reports"])
            for tool in order:
                run_dir = os.path.join(work, "run")
                shutil.rmtree(run_dir, ignore_errors=True)
                os.makedirs(run_dir)
                proc, port = start_sim(args.sim, sim_dir)
                code, wall, cpu, rss, archived = tools[tool](args, portal, port, seeds, run_dir)
                requests, reached, forbidden = judge(portal, stop_sim(proc, sim_dir))
                rows.setdefault((portal["family"], tool), []).append(dict(
                    code=code, wall=wall, cpu=cpu, rss=rss, requests=requests, reached=reached,
                    forbidden=forbidden, archived=archived))
    med = lambda xs: statistics.median(xs)
    print(f"{args.reps} interleaved repetitions; medians. Reports: reached / in the ground truth.\n")
    print("| family | tool | exit | wall s | CPU s | peak RSS MiB | requests | reports reached | archived | forbidden requests |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    totals = {}
    for (family, tool), runs in rows.items():
        m = {k: med([r[k] for r in runs]) for k in ("wall", "cpu", "rss", "requests", "reached", "forbidden")}
        archived = "-" if runs[0]["archived"] is None else str(int(med([r["archived"] for r in runs])))
        codes = ",".join(sorted({str(r["code"]) for r in runs}))
        print(f"| {family} | {tool} | {codes} | {m['wall']:.2f} | {m['cpu']:.2f} | {m['rss']:.1f} | "
              f"{int(m['requests'])} | {int(m['reached'])}/{truth_reports[family]} | {archived} | {int(m['forbidden'])} |")
        t = totals.setdefault(tool, dict(wall=0, cpu=0, requests=0, reached=0, forbidden=0, rss=0))
        for k in ("wall", "cpu", "requests", "reached", "forbidden"):
            t[k] += m[k]
        t["rss"] = max(t["rss"], m["rss"])
    print("\n| tool | wall s (sum) | CPU s (sum) | max peak RSS MiB | requests | reports reached | forbidden requests |")
    print("|---|---|---|---|---|---|---|")
    for tool, t in totals.items():
        print(f"| {tool} | {t['wall']:.2f} | {t['cpu']:.2f} | {t['rss']:.1f} | {int(t['requests'])} | "
              f"{int(t['reached'])}/{sum(truth_reports.values())} | {int(t['forbidden'])} |")
    if len(totals) == 2:
        a, b = totals["xxgk fetch"], totals["wget2 -r"]
        ratio = lambda x, y: f"{x / y:.2f}" if y else "-"
        print(f"\nxxgk/wget2: wall {ratio(a['wall'], b['wall'])}, CPU {ratio(a['cpu'], b['cpu'])}, "
              f"requests {ratio(a['requests'], b['requests'])}, peak RSS {ratio(a['rss'], b['rss'])}")


if __name__ == "__main__":
    main()
