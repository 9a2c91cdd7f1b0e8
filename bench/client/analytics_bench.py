#!/usr/bin/env python3
"""Dashboards through HTTP after writes, for bench/analytics.sh (issue 28).

Python 3.11, standard library only. Talks to one running `pspm serve` (`--base`), reads
ids from its database (`--db`, read-only) and the server's memory from /proc/`--pid`.
For each dashboard (the JSON API's participation, quality, impact and practices of the
national plan, and the anonymous page /dashboards/participation):

  cold          the first view after the server started
  after write   --cycles times: one write through the API as a signed-in participant
                (a comment, or a support of a bench proposal, alternately), then the view
  new filter    --filters views, each with a filter combination never asked before
                (a new from= day, with a territory prefix, organisation kind or level)
  cached        --cached views of the same address, nothing written in between

Then plan pages and catalogue searches, fetched by --probes threads (one request every
--interval seconds each) for --window seconds while nothing else runs (quiet) and while a driver writes and opens dashboards back to
back (busy), and the server's VmRSS after start and its peak (VmRSS sampled every
0.2 s, and VmHWM). Prints one JSON object on stdout; progress on stderr.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import random
import sys
import threading
import time
import urllib.parse

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from pspm_client import NATIONAL_PASSWORD, Db, Http, Net, discover, log, sign_in  # noqa: E402

WORDS = ("servizi", "digitali", "cittadini", "comuni", "dati", "piattaforma", "scuole", "sanità",
         "energia", "mobilità", "bilancio", "partecipazione", "formazione", "comunità", "accesso",
         "processi", "risultati", "progetto", "uffici", "cooperazione", "innovazione",
         "monitoraggio", "strategia", "appalti", "trasparenza", "inclusione", "casa", "turismo")
LEVELS = ("local", "regional", "national", "eu")
AREAS = ("digital", "public_administration", "finance", "environment", "health")
KINDS = ("citizen", "municipality", "region", "nonprofit", "company", "university", "agency",
         "province", "citizen_group", "other_public", "ministry")
TERRITORIES = ("ITC", "ITF", "ITH", "ITI", "ITG", "ITC4", "ITF3", "ITI4", "ITH3", "ITG1", "ITC1",
               "ITF4", "ITH5", "ITI1", "ITC45", "ITF33", "ITI43")


def pct(values: list[float], p: float):
    """The p-th percentile (nearest rank) in ms, or None."""
    if not values:
        return None
    v = sorted(values)
    k = min(len(v) - 1, max(0, int(round(p / 100 * (len(v) - 1)))))
    return round(v[k] * 1000, 1)


def summary(values: list[float]) -> dict:
    return {"n": len(values), "p50": pct(values, 50), "p95": pct(values, 95), "p99": pct(values, 99),
            "max": pct(values, 100)}


def status_kb(pid: int, key: str) -> int:
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith(key + ":"):
                    return int(line.split()[1])
    except OSError:
        pass
    return 0


def ticks(pid: int) -> int:
    """User plus system CPU time of a process, in clock ticks (1/100 s)."""
    try:
        with open(f"/proc/{pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        return int(fields[11]) + int(fields[12])
    except (OSError, IndexError, ValueError):
        return 0


class Cpu:
    """CPU time the server spends, with its PostgreSQL backends: on a shared machine it
    varies less than the wall time. The backends are those connected to the server's
    database (the pool keeps them); pg_stat_activity names them."""

    def __init__(self, pid: int, db: Db):
        self.pid = pid
        self.db = db

    def backends(self) -> list[int]:
        if self.db.kind != "postgres":
            return []
        rows = self.db.query("SELECT pid FROM pg_stat_activity WHERE datname = current_database() "
                             "AND pid <> pg_backend_pid()")
        return [int(r[0]) for r in rows]

    def now(self) -> dict[int, int]:
        return {p: ticks(p) for p in [self.pid, *self.backends()]}

    @staticmethod
    def spent(before: dict[int, int], after: dict[int, int]) -> float:
        """Seconds of CPU between two readings (a backend that came or went counts from 0)."""
        return sum(max(0, t - before.get(p, 0)) for p, t in after.items()) / 100


class Sampler(threading.Thread):
    """The server's largest VmRSS, sampled every 0.2 s."""

    def __init__(self, pid: int):
        super().__init__(daemon=True)
        self.pid = pid
        self.max_kb = 0
        self.stop = threading.Event()

    def run(self):
        while not self.stop.is_set():
            self.max_kb = max(self.max_kb, status_kb(self.pid, "VmRSS"))
            self.stop.wait(0.2)


class Bench:
    def __init__(self, args):
        self.args = args
        self.db = Db(args.db)
        self.found = discover(self.db)
        cons = self.found["consultation"]
        self.cid = cons["id"]
        self.plan = args.plan or cons["plan_id"]
        self.node_ids = cons["node_ids"]
        self.objective_ids = cons["objective_ids"]
        self.limit = cons["supports_per_person"]
        self.http = Http(args.base, args.timeout)
        self.users: list[dict] = []  # {"email", "id", "cookie", "supported": set, "full": bool}
        self.next_user = args.first_user
        self.proposals: list[tuple[int, int]] = []  # bench proposals: (id, author id)
        self.turn = 0  # the participants take turns
        self.nwrites = 0
        self.write_lat: list[float] = []
        self.write_kinds = {"comment": 0, "support": 0, "proposal": 0}
        self.errors: list[str] = []
        self.filter_day = 0
        self.cpu = Cpu(args.pid, self.db)

    # ------------------------------------------------------------------ requests

    def timed(self, path: str) -> tuple[float, float]:
        """GETs path anonymously; returns (seconds, CPU seconds the server spent meanwhile)."""
        before = self.cpu.now()
        took, _ = self.get(path)
        return took, Cpu.spent(before, self.cpu.now())

    def get(self, path: str, http: Http | None = None) -> tuple[float, int]:
        """GETs path anonymously; returns (seconds, status)."""
        h = http or self.http
        accept = "application/json" if path.startswith("/api/") else "text/html"
        t0 = time.monotonic()
        try:
            status, _, body, _ = h.request("GET", path, headers={"Accept": accept})
        except Net as e:
            self.errors.append(f"GET {path}: {e}")
            return time.monotonic() - t0, 0
        took = time.monotonic() - t0
        if status != 200:
            self.errors.append(f"GET {path}: HTTP {status} {body[:200]!r}")
        elif accept == "application/json":
            json.loads(body)  # a body that is not JSON fails the run
        return took, status

    def user(self, k: int) -> dict:
        while len(self.users) <= k:
            email = f"p{self.next_user}@national.pspm.example"
            self.next_user += 1
            cookie, uid = sign_in(self.http, email, NATIONAL_PASSWORD)
            self.users.append({"email": email, "id": uid, "cookie": cookie, "supported": set(), "full": False})
        return self.users[k]

    def post(self, u: dict, method: str, path: str, body=None) -> tuple[int, bytes]:
        # Cookie-authenticated API writes name their JSON type (the CSRF rule).
        hdr = {"Cookie": u["cookie"], "Content-Type": "application/json"}
        t0 = time.monotonic()
        status, _, payload, _ = self.http.request(method, path, body, hdr)
        self.write_lat.append(time.monotonic() - t0)
        return status, payload

    def comment(self, u: dict):
        status, body = self.post(u, "POST", f"/api/v1/consultations/{self.cid}/contributions", {
            "kind": "comment", "node_id": random.choice(self.node_ids),
            "body": f"Bench comment {self.turn}: more funding for broadband in rural areas."})
        if status != 201:
            raise SystemExit(f"comment as {u['email']}: HTTP {status} {body[:300]!r}")
        self.write_kinds["comment"] += 1

    def proposal(self, u: dict) -> int:
        status, body = self.post(u, "POST", f"/api/v1/consultations/{self.cid}/contributions", {
            "kind": "proposal", "node_id": random.choice(self.objective_ids),
            "title": f"Bench proposal {self.turn}",
            "body": f"Bench proposal {self.turn}: open data on public procurement."})
        if status != 201:
            raise SystemExit(f"proposal as {u['email']}: HTTP {status} {body[:300]!r}")
        self.write_kinds["proposal"] += 1
        pid = int(json.loads(body)["contribution"]["id"])
        self.proposals.append((pid, u["id"]))
        return pid

    def support(self):
        """A support of a bench proposal by the next participant who may still give one
        (each gives at most `supports_per_person` in the consultation, own ones included)."""
        for _ in range(200):
            k = self.turn % self.args.users
            self.turn += 1
            u = self.user(k)
            if u["full"]:
                if all(x["full"] for x in self.users[: self.args.users]):
                    self.args.users += 1  # everyone has used their supports: one more participant
                continue
            target = next((p for p, a in self.proposals if a != u["id"] and p not in u["supported"]), None)
            if target is None:
                # A new bench proposal, by another participant (nobody supports their own).
                target = self.proposal(self.user((k + 1) % self.args.users))
            status, body = self.post(u, "POST", f"/api/v1/contributions/{target}/supports")
            if status == 204:
                u["supported"].add(target)
                self.write_kinds["support"] += 1
                return
            code = ""
            try:
                code = json.loads(body)["errors"][0]["code"]
            except Exception:
                pass
            if code == "already_supported":
                u["supported"].add(target)
            elif code == "support_limit_reached":
                u["full"] = True
            else:
                raise SystemExit(f"support of {target} as {u['email']}: HTTP {status} {body[:300]!r}")
        raise SystemExit("no participant could support a bench proposal")

    def write(self):
        """One write: a comment and a support in turn."""
        self.nwrites += 1
        if self.nwrites % 2 == 1:
            u = self.user(self.turn % self.args.users)
            self.turn += 1
            self.comment(u)
        else:
            self.support()

    # ------------------------------------------------------------------ dashboards

    def dashboards(self) -> list[tuple[str, str]]:
        p = self.plan
        return [
            ("participation (API)", f"/api/v1/analytics/participation?plan={p}"),
            ("quality (API)", f"/api/v1/analytics/quality?plan={p}"),
            ("impact (API)", f"/api/v1/analytics/impact?plan={p}"),
            ("reuse (API practices)", f"/api/v1/analytics/practices?plan={p}"),
            ("participation page", f"/dashboards/participation?plan={p}"),
        ]

    def new_filter(self, path: str) -> str:
        """path with a filter combination not asked before in this run: a new from= day,
        and in turn a territory prefix, an organisation kind, a level or all three."""
        self.filter_day += 1
        k = self.filter_day
        day = (dt.date.today() - dt.timedelta(days=3 * 365) + dt.timedelta(days=7 * k + self.args.seed % 7))
        q = {"from": day.isoformat()}
        extra = k % 4
        if extra in (1, 0):
            q["territory"] = TERRITORIES[k % len(TERRITORIES)]
        if extra in (2, 0):
            q["organisation_kind"] = KINDS[k % len(KINDS)]
        if extra in (3, 0):
            q["level"] = LEVELS[k % len(LEVELS)]
        return path + "&" + urllib.parse.urlencode(q)

    def run_dashboards(self) -> list[dict]:
        out = []
        boards = self.dashboards()
        # Cold: each dashboard once after start, nothing written yet.
        cold = {}
        for name, path in boards:
            took, cpu = self.timed(path)
            cold[name] = (took, cpu)
            log(f"  cold {name}: {took * 1000:.0f} ms, CPU {cpu:.2f} s")
        for name, path in boards:
            after, after_cpu = [], []
            for i in range(self.args.cycles):
                self.write()
                took, cpu = self.timed(path)
                after.append(took)
                after_cpu.append(cpu)
                log(f"  after write {name} {i + 1}/{self.args.cycles}: {took * 1000:.0f} ms, CPU {cpu:.2f} s")
                if self.args.pause:
                    time.sleep(self.args.pause)
            # Cached: the same address again, nothing written in between.
            cached = []
            for _ in range(self.args.cached):
                took, _ = self.get(path)
                cached.append(took)
            filt, filt_cpu = [], []
            for i in range(self.args.filters):
                fpath = self.new_filter(path)
                took, cpu = self.timed(fpath)
                filt.append(took)
                filt_cpu.append(cpu)
                log(f"  new filter {name} {fpath.split('?', 1)[1]}: {took * 1000:.0f} ms, CPU {cpu:.2f} s")
            log(f"  {name}: after write p50 {pct(after, 50)} p95 {pct(after, 95)} ms; "
                f"new filter p50 {pct(filt, 50)} ms; cached p50 {pct(cached, 50)} ms")
            out.append({"dashboard": name, "path": path, "cold_ms": round(cold[name][0] * 1000, 1),
                        "after_write": summary(after), "new_filter": summary(filt), "cached": summary(cached),
                        "after_write_cpu": summary(after_cpu), "new_filter_cpu": summary(filt_cpu)})
        return out

    # ------------------------------------------------------------------ other pages meanwhile

    def probe(self, window: float, busy: bool) -> dict:
        """Plan pages and catalogue searches for `window` seconds; when busy, a driver writes
        and opens dashboards back to back meanwhile (and the window lasts at least until its
        first view is back)."""
        lat = {"plan page": [], "catalogue search": []}
        lock = threading.Lock()
        stop = threading.Event()
        driver_done = threading.Event()
        views: list[float] = []
        errors: list[str] = []

        def prober(n: int):
            rnd = random.Random(self.args.seed * 7919 + n + (1000 if busy else 0))
            h = Http(self.args.base, self.args.timeout)
            kind = "plan page" if n % 2 == 0 else "catalogue search"
            while not stop.is_set():
                if kind == "plan page":
                    path = f"/plans/{self.plan}"
                else:
                    q = rnd.choice(WORDS) + ("" if rnd.random() < 0.5 else " " + rnd.choice(WORDS))
                    path = "/practices?" + urllib.parse.urlencode(
                        {"q": q, "level": rnd.choice(LEVELS), "policy_area": rnd.choice(AREAS),
                         "page": rnd.randint(1, 3)})
                t0 = time.monotonic()
                try:
                    status, _, body, _ = h.request("GET", path, headers={"Accept": "text/html"})
                except Net as e:
                    status, body = 0, str(e).encode()
                took = time.monotonic() - t0
                with lock:
                    lat[kind].append(took)
                    if status != 200 and len(errors) < 5:
                        errors.append(f"GET {path}: HTTP {status} {body[:200]!r}")
                # Paced like readers, not flat out: the probes must not be the load they measure.
                stop.wait(max(0.0, self.args.interval - took))

        def driver():
            boards = [b for b in self.dashboards() if "impact" not in b[0] and "reuse" not in b[0]]
            i = 0
            while not stop.is_set():
                self.write()
                took, _ = self.get(boards[i % len(boards)][1])
                views.append(took)
                driver_done.set()
                i += 1

        threads = [threading.Thread(target=prober, args=(n,), daemon=True) for n in range(self.args.probes)]
        if busy:
            threads.append(threading.Thread(target=driver, daemon=True))
        started = time.monotonic()
        for t in threads:
            t.start()
        time.sleep(window)
        if busy:
            driver_done.wait(self.args.timeout)
        stop.set()
        for t in threads:
            t.join(self.args.timeout)
        self.errors.extend(errors)
        return {"seconds": round(time.monotonic() - started, 1),
                "dashboard_views": len(views), "dashboard_view_p50": pct(views, 50),
                **{k: summary(v) for k, v in lat.items()}}


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--base", required=True)
    ap.add_argument("--db", required=True)
    ap.add_argument("--pid", type=int, required=True)
    ap.add_argument("--plan", type=int, default=0, help="plan id [the plan of the busiest open consultation]")
    ap.add_argument("--cycles", type=int, default=20)
    ap.add_argument("--filters", type=int, default=5)
    ap.add_argument("--cached", type=int, default=20)
    ap.add_argument("--window", type=float, default=20)
    ap.add_argument("--probes", type=int, default=4)
    ap.add_argument("--interval", type=float, default=0.05, help="seconds from one probe request to the next")
    ap.add_argument("--users", type=int, default=10, help="signed-in participants taking turns to write")
    ap.add_argument("--first-user", type=int, default=0, help="first participant p<N> [half the participants]")
    ap.add_argument("--pause", type=float, default=0, help="seconds between a view and the next write")
    ap.add_argument("--timeout", type=float, default=900)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--skip", default="", help="comma-separated: dashboards,probe")
    args = ap.parse_args()
    args.users = max(2, args.users)
    random.seed(args.seed)

    rss_start = status_kb(args.pid, "VmRSS")
    sampler = Sampler(args.pid)
    sampler.start()
    if not args.first_user:
        n = int(Db(args.db).query(
            "SELECT COUNT(*) FROM users WHERE email LIKE 'p%@national.pspm.example'")[0][0])
        args.first_user = max(1, n // 2)
    b = Bench(args)
    log(f"plan {b.plan}, consultation {b.cid}, writers from p{args.first_user}")
    skip = set(s for s in args.skip.split(",") if s)
    result = {"plan": b.plan, "consultation": b.cid, "rss_start_kb": rss_start}
    result["dashboards"] = [] if "dashboards" in skip else b.run_dashboards()
    if "probe" not in skip:
        log(f"  pages and searches, quiet, {args.window} s")
        result["quiet"] = b.probe(args.window, busy=False)
        log(f"  pages and searches while dashboards are computed, {args.window} s or more")
        result["busy"] = b.probe(args.window, busy=True)
    sampler.stop.set()
    sampler.join()
    result.update({
        "rss_end_kb": status_kb(args.pid, "VmRSS"),
        "rss_max_sampled_kb": sampler.max_kb,
        "hwm_kb": status_kb(args.pid, "VmHWM"),
        "writes": summary(b.write_lat),
        "write_kinds": b.write_kinds,
        "errors": b.errors[:20],
        "error_count": len(b.errors),
    })
    print(json.dumps(result), flush=True)
    sys.exit(1 if b.errors else 0)


if __name__ == "__main__":
    main()
