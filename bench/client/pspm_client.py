#!/usr/bin/env python3
"""Load and verification client for PSPM (Python 3.11, standard library only).

Subcommands (each prints one JSON summary line on stdout; details on stderr):

  discover  --db URL                       the open public consultation, its plan and nodes,
                                           and a public plan, read straight from the database
  prepare   --base URL --db URL --users N  sign N users in (creating bench users through the
            [--scale small|national]       admin API on the small demo; p<N>@national.pspm.example
            --out setup.json               on the national one) and write their session cookies
  load      --setup setup.json --threads T --duration S --record acks.tsv
                                           signed-in users read, comment, propose and support in
                                           the consultation through the JSON API; every write the
                                           server acknowledged is appended to the record file
  verify    --db URL --record acks.tsv     every acknowledged write is in the database
  integrity --db URL                       SQLite integrity/foreign-key check; PostgreSQL row checks
  probe     --base URL --path P ... --duration S --out samples.jsonl
                                           samples each path every --interval seconds
  outage-check --samples F --events F ...  judges probe samples around a database outage

The database URL is the server's DATABASE_URL (sqlite://path or postgres://...);
PostgreSQL is read with the `psql` command line client.
"""

from __future__ import annotations

import argparse
import collections
import datetime as dt
import http.client
import json
import os
import random
import socket
import sqlite3
import subprocess
import sys
import threading
import time
import urllib.parse

BENCH_PASSWORD = "bench-password-2026"
NATIONAL_PASSWORD = "national-demo-2026"
ADMIN = ("admin@pspm.example", "demo-admin-2026")
# Strings that must never reach a client: panics, backtraces, raw driver errors.
LEAKS = ("panicked", "stack backtrace", "RUST_BACKTRACE", "src/", ".rs:", "diesel", "r2d2",
         "libpq", "server closed the connection", "Connection refused")


def log(*a):
    print(*a, file=sys.stderr, flush=True)


# --------------------------------------------------------------------------- database


class Db:
    """Read-only access to the server's database: sqlite3 module or psql."""

    def __init__(self, url: str):
        self.url = url
        if url.startswith(("postgres://", "postgresql://")):
            self.kind = "postgres"
        else:
            self.kind = "sqlite"
            path = url
            for p in ("sqlite://", "sqlite:"):
                if path.startswith(p):
                    path = path[len(p):]
                    break
            self.path = path

    def query(self, sql: str) -> list[tuple]:
        if self.kind == "sqlite":
            con = sqlite3.connect(f"file:{self.path}?mode=ro", uri=True, timeout=30)
            try:
                return [tuple(r) for r in con.execute(sql).fetchall()]
            finally:
                con.close()
        out = subprocess.run(
            ["psql", self.url, "-X", "-q", "-A", "-t", "-F", "\x1f", "-v", "ON_ERROR_STOP=1", "-c", sql],
            check=True, capture_output=True, text=True,
        ).stdout
        rows = []
        for line in out.splitlines():
            if line == "":
                continue
            rows.append(tuple(None if v == "" else v for v in line.split("\x1f")))
        return rows


def parse_ts(v) -> dt.datetime:
    s = str(v).replace("T", " ")
    if "." in s:
        head, frac = s.split(".", 1)
        s = head + "." + (frac + "000000")[:6]
    return dt.datetime.fromisoformat(s)


def truthy(v) -> bool:
    return str(v).lower() in ("1", "t", "true")


def discover(db: Db) -> dict:
    now = dt.datetime.now(dt.timezone.utc).replace(tzinfo=None)
    # The open public consultation with comments and proposals that has the most
    # contributions (on the national dataset, the busiest one).
    rows = db.query(
        "SELECT c.id, c.plan_id, c.audience, c.opens_at, c.closes_at, c.comments_enabled, "
        "c.proposals_enabled, c.supports_per_person, (SELECT COUNT(*) FROM contributions x WHERE x.consultation_id = c.id) "
        "FROM consultations c JOIN plans p ON p.id = c.plan_id WHERE p.status = 'consultation' ORDER BY c.id"
    )
    consultation = None
    for r in rows:
        if r[2] != "public" or not (truthy(r[5]) and truthy(r[6])):
            continue
        if parse_ts(r[3]) <= now < parse_ts(r[4]) and (consultation is None or int(r[8]) > consultation["contributions"]):
            consultation = {"id": int(r[0]), "plan_id": int(r[1]), "supports_per_person": int(r[7]),
                            "contributions": int(r[8])}
    if consultation is None:
        raise SystemExit("no open public consultation with comments and proposals in the database")
    nodes = db.query(f"SELECT id, kind FROM plan_nodes WHERE plan_id = {consultation['plan_id']} ORDER BY id")
    consultation["node_ids"] = [int(n[0]) for n in nodes]
    consultation["objective_ids"] = [int(n[0]) for n in nodes if n[1] == "operational_objective"]
    if not consultation["objective_ids"]:
        raise SystemExit("the consultation's plan has no operational objective to propose under")
    # The public (non-draft) plan with the largest tree.
    plans = db.query(
        "SELECT p.id FROM plans p LEFT JOIN plan_nodes n ON n.plan_id = p.id WHERE p.status <> 'draft' "
        "GROUP BY p.id ORDER BY COUNT(n.id) DESC, p.id LIMIT 1"
    )
    public_plan = int(plans[0][0]) if plans else consultation["plan_id"]
    top = db.query("SELECT MAX(id) FROM contributions")
    props = db.query(
        f"SELECT id FROM contributions WHERE consultation_id = {consultation['id']} AND kind = 'proposal' "
        "AND hidden_at IS NULL ORDER BY id LIMIT 100"
    )
    consultation["proposal_ids"] = [int(r[0]) for r in props]
    return {
        "consultation": consultation,
        "public_plan_id": public_plan,
        "max_contribution_id": int(top[0][0] or 0) if top else 0,
    }


# --------------------------------------------------------------------------- HTTP


class Net(Exception):
    """A request that got no HTTP answer: refused, reset or timed out."""

    def __init__(self, kind: str, detail: str):
        super().__init__(f"{kind}: {detail}")
        self.kind = kind


class Http:
    """One keep-alive connection (one per thread)."""

    def __init__(self, base: str, timeout: float):
        u = urllib.parse.urlsplit(base)
        self.host = u.hostname or "127.0.0.1"
        self.port = u.port or 80
        self.timeout = timeout
        self.conn: http.client.HTTPConnection | None = None

    def close(self):
        if self.conn is not None:
            try:
                self.conn.close()
            except Exception:
                pass
            self.conn = None

    def request(self, method: str, path: str, body=None, headers=None):
        h = {"Accept": "application/json"}
        if headers:
            h.update(headers)
        data = None
        if body is not None:
            data = json.dumps(body).encode()
            h["Content-Type"] = "application/json"
        if self.conn is None:
            self.conn = http.client.HTTPConnection(self.host, self.port, timeout=self.timeout)
        try:
            self.conn.request(method, path, body=data, headers=h)
            r = self.conn.getresponse()
            payload = r.read()
            hdrs = {k.lower(): v for k, v in r.getheaders()}
            cookies = r.headers.get_all("Set-Cookie") or []
            if r.will_close:
                self.close()
            return r.status, hdrs, payload, cookies
        except ConnectionRefusedError as e:
            self.close()
            raise Net("refused", str(e)) from None
        except (TimeoutError, socket.timeout) as e:
            self.close()
            raise Net("timeout", str(e) or "timed out") from None
        except (ConnectionError, http.client.HTTPException, OSError) as e:
            self.close()
            raise Net("reset", f"{type(e).__name__}: {e}") from None


def sign_in(http: Http, email: str, password: str) -> tuple[str, int]:
    for attempt in range(20):
        try:
            status, _, body, cookies = http.request("POST", "/api/v1/session", {"email": email, "password": password})
        except Net as e:
            log(f"sign-in {email}: {e}; retrying")
            time.sleep(0.5)
            continue
        if status == 200:
            for c in cookies:
                pair = c.split(";", 1)[0]
                if pair.startswith("pspm_session="):
                    return pair, int(json.loads(body)["user"]["id"])
            raise SystemExit(f"sign-in {email}: no session cookie in {cookies}")
        if status in (429, 503):
            time.sleep(1)
            continue
        raise SystemExit(f"sign-in {email} failed: HTTP {status} {body[:300]!r}")
    raise SystemExit(f"sign-in {email} failed repeatedly")


def prepare(args) -> dict:
    db = Db(args.db)
    found = discover(db)
    http = Http(args.base, 60)
    users = []
    if args.scale == "national":
        creds = [(f"p{n}@national.pspm.example", NATIONAL_PASSWORD) for n in range(args.first, args.first + args.users)]
    else:
        admin_cookie, _ = sign_in(http, *ADMIN)
        status, _, body, _ = http.request("GET", "/api/v1/organisations?per_page=100", headers={"Cookie": admin_cookie})
        if status != 200:
            raise SystemExit(f"listing organisations failed: HTTP {status} {body[:300]!r}")
        doc = json.loads(body)
        orgs = [o["id"] for o in doc.get("organisations", doc if isinstance(doc, list) else [])]
        if not orgs:
            raise SystemExit("no organisations to put bench users in")
        creds = []
        for i in range(args.first, args.first + args.users):
            email = f"bench-{args.tag}-{i}@bench.pspm.example"
            status, _, body, _ = http.request(
                "POST", "/api/v1/users",
                {"email": email, "display_name": f"Bench user {args.tag} {i}", "organisation_id": orgs[i % len(orgs)],
                 "role": "member", "password": BENCH_PASSWORD},
                headers={"Cookie": admin_cookie},
            )
            if status not in (200, 201, 409):
                raise SystemExit(f"creating {email} failed: HTTP {status} {body[:300]!r}")
            creds.append((email, BENCH_PASSWORD))
    lock = threading.Lock()
    results: dict[int, dict] = {}

    def worker(idx_creds):
        h = Http(args.base, 60)
        for idx, (email, pw) in idx_creds:
            cookie, uid = sign_in(h, email, pw)
            with lock:
                results[idx] = {"email": email, "id": uid, "cookie": cookie}

    chunks = [list(enumerate(creds))[k::4] for k in range(4)]
    ts = [threading.Thread(target=worker, args=(c,)) for c in chunks]
    for t in ts:
        t.start()
    for t in ts:
        t.join()
    if len(results) != len(creds):
        raise SystemExit("some users could not sign in")
    users = [results[i] for i in range(len(creds))]
    setup = {"base": args.base, "db": args.db, **found, "users": users}
    with open(args.out, "w") as f:
        json.dump(setup, f)
    if args.cookies_out:
        with open(args.cookies_out, "w") as f:
            for u in users:
                f.write(f"{u['cookie']}\t{u['id']}\n")
    return {"users": len(users), "consultation": found["consultation"]["id"], "public_plan_id": found["public_plan_id"]}


# --------------------------------------------------------------------------- load


class Stats:
    def __init__(self):
        self.lock = threading.Lock()
        self.counts = collections.Counter()
        self.lat = collections.defaultdict(list)
        self.samples = collections.defaultdict(list)
        self.max_latency = 0.0
        self.max_by_class = collections.Counter()

    def add(self, op: str, cls: str, latency: float, detail: str = ""):
        with self.lock:
            self.counts[(op, cls)] += 1
            if latency > self.max_latency:
                self.max_latency = latency
            if latency > self.max_by_class[cls]:
                self.max_by_class[cls] = latency
            if cls in ("ok", "conflict", "unavailable"):
                self.lat[op].append(latency)
            if detail and len(self.samples[cls]) < 5:
                self.samples[cls].append(f"{op}: {detail}")


def classify(status: int) -> str:
    if 200 <= status < 300:
        return "ok"
    if status == 409:
        return "conflict"
    if status == 503:
        return "unavailable"
    if status >= 500:
        return "server_error"
    return "client_error"


def pct(values, p):
    if not values:
        return None
    v = sorted(values)
    k = min(len(v) - 1, max(0, int(round(p / 100 * (len(v) - 1)))))
    return round(v[k] * 1000, 1)


def load(args) -> tuple[dict, bool]:
    with open(args.setup) as f:
        setup = json.load(f)
    base = args.base or setup["base"]
    cons = setup["consultation"]
    cid = cons["id"]
    users = setup["users"]
    limit = cons["supports_per_person"]
    mix = dict(read=50, comment=35, proposal=5, support=10)
    for part in args.mix.split(","):
        if part:
            k, v = part.split("=")
            mix[k.strip()] = float(v)
    ops = list(mix.keys())
    weights = [mix[k] for k in ops]
    tolerate = set(t for t in args.tolerate.split(",") if t)
    record = open(args.record, "a", buffering=1)
    rec_lock = threading.Lock()
    proposals: list[tuple[int, int]] = []  # (contribution id, author id), shared
    recent: collections.deque = collections.deque(maxlen=256)
    shared_lock = threading.Lock()
    stats = Stats()
    stop_at = time.monotonic() + args.duration
    started = time.time()
    support_states: list[dict] = []
    read_paths = [p.replace("{plan}", str(setup["public_plan_id"])).replace("{consultation}", str(cid))
                  for p in args.read_paths.split(",") if p]

    def rec(line: str):
        with rec_lock:
            record.write(line + "\n")

    def worker(n: int):
        rnd = random.Random(args.seed * 100003 + n)
        user = users[n % len(users)]
        owner = n < len(users)  # only one thread per user supports, so its expectations are exact
        h = Http(base, args.timeout)
        hdr = {"Cookie": user["cookie"]}
        expect: dict[int, bool] = {}  # contribution id -> supported (acknowledged by the server)
        uncertain: set[int] = set()
        seq = 0
        while time.monotonic() < stop_at and not (args.stop_file and os.path.exists(args.stop_file)):
            op = rnd.choices(ops, weights)[0]
            if op == "support" and not owner:
                op = "read"
            seq += 1
            t0 = time.monotonic()
            target = None
            try:
                if op == "read":
                    with shared_lock:
                        rid = rnd.choice(recent) if recent and rnd.random() < 0.3 else None
                    path = f"/api/v1/contributions/{rid}" if rid else rnd.choice(read_paths)
                    status, _, body, _ = h.request("GET", path, headers=hdr)
                elif op in ("comment", "proposal"):
                    if op == "comment":
                        payload = {"kind": "comment", "node_id": rnd.choice(cons["node_ids"]),
                                   "body": f"Bench comment {n}-{seq}: more funding for broadband in rural areas."}
                    else:
                        payload = {"kind": "proposal", "node_id": rnd.choice(cons["objective_ids"]),
                                   "title": f"Bench proposal {n}-{seq}",
                                   "body": f"Bench proposal {n}-{seq}: open data on public procurement."}
                    status, _, body, _ = h.request("POST", f"/api/v1/consultations/{cid}/contributions", payload, hdr)
                    if status == 201:
                        new_id = int(json.loads(body)["contribution"]["id"])
                        rec(f"C\t{new_id}\t{user['id']}\t{op}")
                        with shared_lock:
                            recent.append(new_id)
                            if op == "proposal":
                                proposals.append((new_id, user["id"]))
                else:  # support or withdraw
                    mine = [c for c, s in expect.items() if s]
                    withdraw = len(mine) >= limit or (mine and rnd.random() < 0.4)
                    if withdraw:
                        target = rnd.choice(mine) if mine else None
                    else:
                        with shared_lock:
                            cands = [p for p, a in proposals[-200:] if a != user["id"] and not expect.get(p)]
                        target = rnd.choice(cands) if cands else None
                    if target is None:
                        op = "read"
                        status, _, body, _ = h.request("GET", rnd.choice(read_paths), headers=hdr)
                    else:
                        method = "DELETE" if withdraw else "POST"
                        op = "withdraw" if withdraw else "support"
                        # A same-site script names its type; a bare cookie write is refused (CSRF).
                        status, _, body, _ = h.request(method, f"/api/v1/contributions/{target}/supports",
                                                       headers={**hdr, "Content-Type": "application/json"})
                        code = ""
                        if status == 409:
                            try:
                                code = json.loads(body)["errors"][0]["code"]
                            except Exception:
                                code = "?"
                        if status == 204:
                            expect[target] = not withdraw
                            uncertain.discard(target)
                        elif code == "already_supported":
                            expect[target] = True
                            uncertain.discard(target)
                        elif code == "not_supported":
                            expect[target] = False
                            uncertain.discard(target)
                        elif code == "support_limit_reached":
                            pass  # nothing changed
                        else:
                            uncertain.add(target)
                cls = classify(status)
                if cls == "unavailable" and op != "read" and b"service_unavailable" not in body:
                    cls = "unclear_503"
                lat = time.monotonic() - t0
                detail = ""
                if cls not in ("ok", "conflict"):
                    detail = f"HTTP {status} {body[:200]!r}"
                if any(s in body.decode("utf-8", "replace") for s in LEAKS) and status >= 500:
                    stats.add(op, "leak", lat, f"HTTP {status} {body[:300]!r}")
                stats.add(op, cls, lat, detail)
                if cls not in ("ok", "conflict") and status >= 500:
                    time.sleep(0.05)
            except Net as e:
                lat = time.monotonic() - t0
                stats.add(op, e.kind, lat, str(e))
                if target is not None:
                    uncertain.add(target)
                time.sleep(0.1 if e.kind == "refused" else 0.02)
            if args.pause:
                time.sleep(args.pause)
        if owner:
            with rec_lock:
                for c, s in expect.items():
                    if c not in uncertain:
                        record.write(f"S\t{c}\t{user['id']}\t{1 if s else 0}\n")

    threads = [threading.Thread(target=worker, args=(n,), daemon=True) for n in range(args.threads)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(args.duration + args.timeout + 30)
    record.close()
    elapsed = time.time() - started
    by_class = collections.Counter()
    by_op = collections.Counter()
    for (op, cls), k in stats.counts.items():
        by_class[cls] += k
        by_op[op] += k
    total = sum(by_class.values())
    bad = {c: k for c, k in by_class.items() if c not in ("ok", "conflict") and c not in tolerate}
    summary = {
        "requests": total,
        "seconds": round(elapsed, 1),
        "rps": round(total / elapsed, 1) if elapsed else 0,
        "by_class": dict(by_class),
        "by_op": dict(by_op),
        "acked_writes": stats.counts[("comment", "ok")] + stats.counts[("proposal", "ok")]
        + stats.counts[("support", "ok")] + stats.counts[("withdraw", "ok")],
        "latency_ms": {op: {"p50": pct(v, 50), "p99": pct(v, 99), "max": pct(v, 100)} for op, v in stats.lat.items()},
        "max_latency_ms": round(stats.max_latency * 1000, 1),
        "max_latency_ms_by_class": {c: round(v * 1000, 1) for c, v in stats.max_by_class.items()},
        "errors": bad,
        "error_samples": {k: v for k, v in stats.samples.items()},
    }
    ok = not bad and total > 0
    if args.min_acked and summary["acked_writes"] < args.min_acked:
        ok = False
        summary["errors"]["too_few_acked_writes"] = summary["acked_writes"]
    if args.max_latency and stats.max_latency > args.max_latency:
        ok = False
        summary["errors"]["latency_over_limit_s"] = round(stats.max_latency, 2)
    return summary, ok


# --------------------------------------------------------------------------- verify


def read_record(path: str):
    contributions: dict[int, int] = {}
    supports: dict[tuple[int, int], bool] = {}
    with open(path) as f:
        for line in f:
            parts = line.rstrip("\n").split("\t")
            if not line.endswith("\n"):
                continue  # a torn last line: never acknowledged completely
            if parts[0] == "C":
                contributions[int(parts[1])] = int(parts[2])
            elif parts[0] == "S":
                supports[(int(parts[1]), int(parts[2]))] = parts[3] == "1"
    return contributions, supports


def verify(args) -> tuple[dict, bool]:
    db = Db(args.db)
    contributions, supports = read_record(args.record)
    missing, wrong_author = [], []
    if contributions:
        lo, hi = min(contributions), max(contributions)
        rows = db.query(f"SELECT id, author_id FROM contributions WHERE id BETWEEN {lo} AND {hi}")
        stored = {int(r[0]): int(r[1]) for r in rows}
        for cid, uid in contributions.items():
            if cid not in stored:
                missing.append(cid)
            elif stored[cid] != uid:
                wrong_author.append(cid)
        unacked = [i for i in stored if i not in contributions]
    else:
        unacked = []
    support_bad = []
    if supports:
        cids = sorted({c for c, _ in supports})
        rows = []
        for k in range(0, len(cids), 500):
            chunk = ",".join(str(c) for c in cids[k:k + 500])
            rows += db.query(f"SELECT contribution_id, user_id, COUNT(*) FROM supports WHERE contribution_id IN ({chunk}) GROUP BY contribution_id, user_id")
        have = {(int(r[0]), int(r[1])): int(r[2]) for r in rows}
        for (c, u), want in supports.items():
            n = have.get((c, u), 0)
            if n != (1 if want else 0):
                support_bad.append({"contribution": c, "user": u, "expected": int(want), "found": n})
    summary = {
        "acked_contributions": len(contributions),
        "missing": len(missing),
        "missing_ids": missing[:20],
        "wrong_author": len(wrong_author),
        "support_pairs_checked": len(supports),
        "support_mismatches": len(support_bad),
        "support_mismatch_samples": support_bad[:10],
        "stored_but_unacknowledged_in_range": len(unacked),
    }
    ok = not missing and not wrong_author and not support_bad
    return summary, ok


def integrity(args) -> tuple[dict, bool]:
    db = Db(args.db)
    out: dict = {"backend": db.kind}
    ok = True
    tables = ("contributions", "supports", "audit_events", "users", "sessions")
    if db.kind == "sqlite":
        con = sqlite3.connect(db.path, timeout=30)  # read-write: replays a WAL left by a crash
        try:
            res = [r[0] for r in con.execute("PRAGMA integrity_check").fetchall()]
            fks = con.execute("PRAGMA foreign_key_check").fetchall()
            out["integrity_check"] = res[0] if res == ["ok"] else res[:10]
            out["foreign_key_violations"] = len(fks)
            ok = res == ["ok"] and not fks
        finally:
            con.close()
    else:
        # PostgreSQL enforces its constraints; check they hold and every index is readable.
        checks = {
            "supports_without_contribution": "SELECT COUNT(*) FROM supports s LEFT JOIN contributions c ON c.id = s.contribution_id WHERE c.id IS NULL",
            "contributions_without_consultation": "SELECT COUNT(*) FROM contributions c LEFT JOIN consultations k ON k.id = c.consultation_id WHERE k.id IS NULL",
        }
        for name, sql in checks.items():
            n = int(db.query(sql)[0][0])
            out[name] = n
            ok = ok and n == 0
        db.query("SET enable_seqscan = off; SELECT COUNT(*) FROM (SELECT id FROM contributions ORDER BY id) s")
    # Both: no duplicate support, and every contribution written since --since-id has the
    # audit event written in the same transaction (atomicity).
    n = int(db.query("SELECT COUNT(*) FROM (SELECT contribution_id, user_id FROM supports GROUP BY contribution_id, user_id HAVING COUNT(*) > 1) d")[0][0])
    out["duplicate_supports"] = n
    ok = ok and n == 0
    if args.since_id is not None:
        n = int(db.query(
            f"SELECT COUNT(*) FROM contributions c WHERE c.id > {args.since_id} AND NOT EXISTS "
            "(SELECT 1 FROM audit_events a WHERE a.entity = 'contribution' AND a.entity_id = c.id AND a.action = 'contribution.create')"
        )[0][0])
        out["new_contributions_without_audit_event"] = n
        ok = ok and n == 0
    out["counts"] = {t: int(db.query(f"SELECT COUNT(*) FROM {t}")[0][0]) for t in tables}
    return out, ok


# --------------------------------------------------------------------------- probe


def probe(args) -> tuple[dict, bool]:
    stop_at = time.monotonic() + args.duration
    out = open(args.out, "a", buffering=1)
    lock = threading.Lock()
    headers = {}
    if args.cookie:
        headers["Cookie"] = args.cookie

    def worker(path: str):
        h = Http(args.base, args.timeout)
        accept = "text/html" if not (path.startswith("/api/") or path == "/health") else "application/json"
        while time.monotonic() < stop_at:
            t_wall = time.time()
            t0 = time.monotonic()
            rec = {"t": round(t_wall, 3), "path": path}
            try:
                status, _, body, _ = h.request("GET", path, headers={**headers, "Accept": accept})
                rec.update(status=status, body=body.decode("utf-8", "replace")[:4000])
            except Net as e:
                rec.update(status=0, error=e.kind, body=str(e))
            rec["latency"] = round(time.monotonic() - t0, 3)
            with lock:
                out.write(json.dumps(rec) + "\n")
            h.close()  # a fresh connection each time, like a new visitor
            time.sleep(max(0.0, args.interval - (time.monotonic() - t0)))

    ts = [threading.Thread(target=worker, args=(p,), daemon=True) for p in args.path]
    for t in ts:
        t.start()
    for t in ts:
        t.join()
    out.close()
    return {"paths": args.path}, True


def outage_check(args) -> tuple[dict, bool]:
    events = {}
    with open(args.events) as f:
        for line in f:
            k, v = line.split()
            events[k] = float(v)
    down, up = events["down"], events["up"]
    samples = [json.loads(line) for line in open(args.samples)]
    limit = args.timeout + args.margin
    problems = []
    during, after = [], []
    for s in samples:
        if s["t"] >= down + args.settle and s["t"] + s["latency"] <= up:
            during.append(s)
        elif up <= s["t"] < up + args.window:
            after.append(s)
    if not during:
        problems.append("no samples during the outage")
    by_path = collections.defaultdict(collections.Counter)
    max_lat = 0.0
    for s in during:
        by_path[s["path"]][s["status"]] += 1
        max_lat = max(max_lat, s["latency"])
        body = s.get("body", "")
        where = f"{s['path']} at +{s['t'] - down:.1f}s"
        if s["status"] == 0:
            problems.append(f"{where}: no answer ({s.get('error')}) after {s['latency']}s")
            continue
        if s["status"] != 503:
            problems.append(f"{where}: HTTP {s['status']} instead of 503: {body[:300]!r}")
        if s["latency"] > limit:
            problems.append(f"{where}: answered after {s['latency']}s (> timeout {args.timeout}s + {args.margin}s)")
        for leak in LEAKS:
            if leak in body:
                problems.append(f"{where}: body leaks {leak!r}: {body[:300]!r}")
                break
        if s["path"] == "/health":
            if '"unreachable"' not in body:
                problems.append(f"{where}: /health body does not say the database is unreachable: {body[:200]!r}")
        elif s["path"].startswith("/api/"):
            if "service_unavailable" not in body:
                problems.append(f"{where}: API body lacks code service_unavailable: {body[:200]!r}")
        elif args.page_text and args.page_text.lower() not in body.lower():
            problems.append(f"{where}: page does not explain the outage ({args.page_text!r} missing)")
    # Recovery: from some moment after `up`, every path answers 2xx until the end.
    recovered_at = None
    paths = sorted({s["path"] for s in samples})
    for p in paths:
        ps = sorted((s for s in after if s["path"] == p), key=lambda s: s["t"])
        if not ps or not (200 <= ps[-1]["status"] < 300):
            problems.append(f"{p}: not answering 2xx at the end of the window ({ps[-1]['status'] if ps else 'no samples'})")
            continue
        first_ok = None
        for s in reversed(ps):
            if 200 <= s["status"] < 300:
                first_ok = s["t"]
            else:
                break
        t = first_ok - up
        recovered_at = t if recovered_at is None else max(recovered_at, t)
    if recovered_at is not None and recovered_at > args.recover_within:
        problems.append(f"recovery took {recovered_at:.1f}s after the database came back (> {args.recover_within}s)")
    # Dedupe the same message per path/status to keep the report short.
    short = list(dict.fromkeys(p.split(" at +")[0] + ": " + p.split(": ", 1)[1] if " at +" in p else p for p in problems))
    summary = {
        "samples_during_outage": len(during),
        "statuses_during_outage": {p: dict(c) for p, c in by_path.items()},
        "max_latency_during_outage_s": max_lat,
        "recovered_after_s": None if recovered_at is None else round(recovered_at, 2),
        "problems": len(problems),
        "problem_samples": short[:12],
    }
    return summary, not problems


# --------------------------------------------------------------------------- main


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = ap.add_subparsers(dest="cmd", required=True)
    p = sub.add_parser("discover")
    p.add_argument("--db", required=True)
    p = sub.add_parser("prepare")
    p.add_argument("--base", required=True)
    p.add_argument("--db", required=True)
    p.add_argument("--users", type=int, default=16)
    p.add_argument("--first", type=int, default=1)
    p.add_argument("--scale", choices=["small", "national"], default="small")
    p.add_argument("--tag", default=str(os.getpid()))
    p.add_argument("--out", required=True)
    p.add_argument("--cookies-out")
    p = sub.add_parser("load")
    p.add_argument("--setup", required=True)
    p.add_argument("--base")
    p.add_argument("--threads", type=int, default=16)
    p.add_argument("--duration", type=float, default=10)
    p.add_argument("--record", required=True)
    p.add_argument("--mix", default="", help="e.g. read=50,comment=35,proposal=5,support=10")
    p.add_argument("--read-paths", default="/plans/{plan},/api/v1/plans/{plan},/health")
    p.add_argument("--timeout", type=float, default=30, help="per-request client timeout (s)")
    p.add_argument("--tolerate", default="", help="error classes that do not fail the run: refused,reset,timeout,unavailable")
    p.add_argument("--min-acked", type=int, default=1)
    p.add_argument("--max-latency", type=float, default=0, help="fail when any request took longer (s)")
    p.add_argument("--pause", type=float, default=0)
    p.add_argument("--stop-file", help="stop early once this file exists")
    p.add_argument("--seed", type=int, default=1)
    p = sub.add_parser("verify")
    p.add_argument("--db", required=True)
    p.add_argument("--record", required=True)
    p = sub.add_parser("integrity")
    p.add_argument("--db", required=True)
    p.add_argument("--since-id", type=int)
    p = sub.add_parser("probe")
    p.add_argument("--base", required=True)
    p.add_argument("--path", action="append", required=True)
    p.add_argument("--duration", type=float, required=True)
    p.add_argument("--interval", type=float, default=0.25)
    p.add_argument("--timeout", type=float, default=30)
    p.add_argument("--cookie")
    p.add_argument("--out", required=True)
    p = sub.add_parser("outage-check")
    p.add_argument("--samples", required=True)
    p.add_argument("--events", required=True)
    p.add_argument("--timeout", type=float, required=True)
    p.add_argument("--margin", type=float, default=1.5)
    p.add_argument("--settle", type=float, default=0.5, help="ignore samples started this soon after the stop")
    p.add_argument("--recover-within", type=float, default=10)
    p.add_argument("--window", type=float, default=1e9, help="judge recovery on the samples this many seconds after the restart")
    p.add_argument("--page-text", default="")
    args = ap.parse_args()

    if args.cmd == "discover":
        summary, ok = discover(Db(args.db)), True
    elif args.cmd == "prepare":
        summary, ok = prepare(args), True
    else:
        summary, ok = {"load": load, "verify": verify, "integrity": integrity, "probe": probe,
                       "outage-check": outage_check}[args.cmd](args)
    summary = {"cmd": args.cmd, "ok": ok, **summary}
    print(json.dumps(summary), flush=True)
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
