#!/usr/bin/env python3
"""Runs a command and reports its wall time, CPU time and peak memory, anonymous and file-backed apart.

An archive command's RSS counts the pages of data.mdb that LMDB's read-only memory map has touched
(file-backed: page cache the kernel can drop at any moment, shared with every reader) beside the
process's own memory (anonymous: heap, stacks, LMDB's dirty pages of a write transaction). Peak
RSS alone (VmHWM, /usr/bin/time's %M) adds the two, so it grows with the archive's size whatever
the heap does. This samples /proc/PID/status every 10 ms while the command runs and prints the
largest RssAnon and RssFile seen (each its own peak), and VmHWM (the kernel's exact peak of their
sum) as last read. Only the command's own process is sampled, not its children.

  bench/peak_memory.py [--json] -- CMD [ARG...]
Prints "wall_s cpu_s anon_peak_mib file_peak_mib hwm_mib" (or, with --json, one JSON object) as
the last line of standard output, after whatever the command itself printed there. Exit status:
the command's.
"""
import json
import os
import sys
import time


def read_status(pid):
    fields = {}
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                key, _, value = line.partition(":")
                if key in ("VmHWM", "RssAnon", "RssFile", "RssShmem"):
                    fields[key] = int(value.split()[0])  # kB
    except (FileNotFoundError, ProcessLookupError, ValueError):
        return None
    return fields


def main():
    args = sys.argv[1:]
    as_json = False
    if args and args[0] == "--json":
        as_json = True
        args = args[1:]
    if args and args[0] == "--":
        args = args[1:]
    if not args:
        sys.exit("usage: peak_memory.py [--json] -- CMD [ARG...]")
    start = time.monotonic()
    pid = os.fork()
    if pid == 0:
        try:
            os.execvp(args[0], args)
        finally:
            os._exit(127)
    peak = {"RssAnon": 0, "RssFile": 0, "VmHWM": 0}
    while True:
        done, status, usage = os.wait4(pid, os.WNOHANG)
        if done == pid:
            break
        fields = read_status(pid)
        if fields:
            for key in peak:
                peak[key] = max(peak[key], fields.get(key, 0))
        time.sleep(0.01)
    wall = time.monotonic() - start
    cpu = usage.ru_utime + usage.ru_stime
    # ru_maxrss (kB) is the kernel's exact peak, also past the last sample.
    peak["VmHWM"] = max(peak["VmHWM"], usage.ru_maxrss)
    result = {"wall_s": round(wall, 2), "cpu_s": round(cpu, 2),
              "anon_peak_mib": round(peak["RssAnon"] / 1024, 1),
              "file_peak_mib": round(peak["RssFile"] / 1024, 1),
              "hwm_mib": round(peak["VmHWM"] / 1024, 1)}
    if as_json:
        print(json.dumps(result))
    else:
        print(" ".join(str(result[k]) for k in result))
    sys.exit(os.waitstatus_to_exitcode(status))


if __name__ == "__main__":
    main()
