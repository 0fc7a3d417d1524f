"""Tables, ratios and JSON for bench/api_load.py."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any, Protocol

from loadgen import Sample
from procstat import CpuUsage

TARGETS = {"GET": 25.0, "POST": 50.0}  # p99 ms under an open-loop load of ...
TARGET_RATES = {"GET": 200.0, "POST": 100.0}  # ... this many requests per second
OTHER_LOAD_LIMIT = 0.1  # cores used by processes outside the measurement before a warning


class PlanLike(Protocol):
    @property
    def rate_get(self) -> float: ...
    @property
    def rate_post(self) -> float: ...
    @property
    def duration_s(self) -> float: ...
    @property
    def closed_s(self) -> float: ...


@dataclass(frozen=True)
class Row:
    name: str
    load: str  # "200/s" (open loop) or "16 conns" (closed loop)
    sample: Sample
    cpu: CpuUsage  # over the phase, warm-up included

    @property
    def cpu_ms(self) -> dict[str, float | None]:
        """Per request: the server under test, PostgreSQL, Redis."""
        return self.cpu.per_request_ms(self.sample.sent)

    @property
    def ceiling_rps(self) -> float:
        """What one core could serve at this phase's server CPU per request."""
        server_ms = self.cpu_ms.get("server")
        return 1000 / server_ms if server_ms else math.nan

    @property
    def bare(self) -> bool:
        return self.name.startswith("bare")

    def figures(self) -> dict[str, Any]:
        s = self.sample
        return {
            "endpoint": self.name,
            "load": self.load,
            "throughput_rps": round(s.throughput, 1),
            "ok": s.ok,
            "errors": s.errors,
            "statuses": {str(k): v for k, v in sorted(s.statuses.items())},
            **{f"p{p}_ms": round(s.percentile_ms(p), 2) for p in (50, 90, 99)},
            "max_ms": round(s.percentile_ms(100), 2),
            "cpu_ms_per_request": {k: None if v is None else round(v, 3) for k, v in self.cpu_ms.items()},
            "client_cpu_share": round(s.client_cpu_share, 3),
            "other_processes_cpu_share": round(self.cpu.other_share, 3),
            "client_send_lag_p99_ms": round(s.percentile_ms(99, s.send_lag), 2) if s.send_lag else None,
            "connections_opened": s.connections,
            "one_core_ceiling_rps": round(self.ceiling_rps, 1),
        }


def _baseline(rows: list[Row], row: Row) -> Row | None:
    return next((other for other in rows if other.bare and other.load == row.load), None)


def ratios(rows: dict[str, list[Row]]) -> list[dict[str, Any]]:
    """Waymark ÷ bare at the same load: p99 (open and closed loop) and throughput (closed loop)."""
    found = []
    for kind, measured in rows.items():
        for row in (r for r in measured if not r.bare):
            base = _baseline(measured, row)
            if base is None:
                continue
            entry: dict[str, Any] = {"endpoint": row.name, "loop": kind, "load": row.load}
            entry["p99_ratio"] = _ratio(row.sample.percentile_ms(99), base.sample.percentile_ms(99))
            if kind == "closed":
                entry["throughput_ratio"] = _ratio(row.sample.throughput, base.sample.throughput)
            found.append(entry)
    return found


def _ratio(a: float, b: float) -> float:
    return round(a / b, 3) if b and not math.isnan(a) and not math.isnan(b) else math.nan


def targets(plan: PlanLike, rows: dict[str, list[Row]]) -> list[str]:
    lines = []
    for method, rate in (("GET", plan.rate_get), ("POST", plan.rate_post)):
        row = next(r for r in rows["open"] if r.name.startswith(f"Waymark {method}"))
        p99, goal = row.sample.percentile_ms(99), TARGETS[method]
        if rate < TARGET_RATES[method]:
            verdict = "no verdict: measured below the target's rate"
        else:
            verdict = "met" if p99 < goal and row.sample.errors == 0 else "MISSED"
        lines.append(
            f"{method} p99 {p99:.1f} ms at {rate:g} req/s, {row.sample.errors} errors: "
            f"target < {goal:g} ms at {TARGET_RATES[method]:g} req/s, {verdict}"
        )
    return lines


def render_json(plan: dict[str, Any], rows: dict[str, list[Row]]) -> dict[str, Any]:
    return {
        "plan": plan,
        **{kind: [row.figures() for row in measured] for kind, measured in rows.items()},
        "ratios_waymark_over_bare": ratios(rows),
    }


def _ms(value: float | None) -> str:
    return "-" if value is None or math.isnan(value) else f"{value:.2f}"


def _table(rows: list[Row]) -> list[str]:
    header = (
        f"{'endpoint':<32}{'load':>9}{'achieved':>11}{'p50':>8}{'p90':>8}{'p99':>8}{'max':>8}"
        f"{'errors':>8}{'others':>8}   CPU ms/req: server / postgres / redis"
    )
    lines = [header]
    for row in rows:
        s = row.sample
        cpu = " / ".join(_ms(row.cpu_ms.get(k)) for k in ("server", "postgres", "redis"))
        lines.append(
            f"{row.name:<32}{row.load:>9}{s.throughput:>9.1f}/s"
            + "".join(f"{s.percentile_ms(p):>8.1f}" for p in (50, 90, 99, 100))
            + f"{s.errors:>8}{row.cpu.other_share:>8.0%}   {cpu}"
        )
    return lines


def render_table(plan: PlanLike, rows: dict[str, list[Row]]) -> str:
    every = [row for measured in rows.values() for row in measured]
    lag = max(
        (row.sample.percentile_ms(99, row.sample.send_lag) for row in every if row.sample.send_lag),
        default=math.nan,
    )
    lines = [
        f"Open loop: fixed arrival rate, latency (ms) from the scheduled send time; "
        f"{plan.duration_s:g} s each after a 3 s warm-up",
        *_table(rows["open"]),
        "",
        f"Closed loop: maximum throughput, each connection sends when answered; {plan.closed_s:g} s each",
        *_table(rows["closed"]),
        "",
        "Waymark / bare at the same load:",
    ]
    for entry in ratios(rows):
        throughput = f", throughput {entry['throughput_ratio']:.3f}x" if "throughput_ratio" in entry else ""
        lines.append(
            f"  {entry['endpoint']:<32}{entry['loop']:>7} {entry['load']:>9}: "
            f"p99 {entry['p99_ratio']:.2f}x{throughput}"
        )
    ceilings = ", ".join(f"{row.name} {row.ceiling_rps:,.0f} req/s" for row in rows["closed"])
    lines += ["", f"One core's ceiling (1000 ms / server CPU ms per request, closed loop): {ceilings}"]
    lines += ["", "Targets:", *(f"  {line}" for line in targets(plan, rows)), ""]
    lines.append(
        f"Client: at most {max(row.sample.client_cpu_share for row in every):.0%} of a core; "
        f"open-loop send lag p99 {lag:.2f} ms (included in the latencies)"
    )
    other = max(row.cpu.other_share for row in every)
    warning = (
        " -- the figures are disturbed; run again on a quiet machine" if other > OTHER_LOAD_LIMIT else ""
    )
    lines.append(f"Other processes (the 'others' column, share of a core): at most {other:.0%}{warning}")
    return "\n".join(lines)
