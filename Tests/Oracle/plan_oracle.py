#!/usr/bin/env python3
"""Independent oracle for allot's planner (SPEC 5, 7, 8, 12, 13 and 14), built on
the HiGHS LP solver (PyPI `highspy`).

Reads instances written by the planner's cross-check test (JSON on stdin or
in the file named by argv[1]): regions (with their parents), offers (with
their earmarks and material), requests (with their material), policy (with
its substitute lists), overrides and allot's result. Recomputes lots, reach,
earmarks, substitution and pins from the SPEC itself, solves the
lexicographic program of each substitution group as a sequence of LPs (tier
totals, leximin, least substitution, least transport), and writes, per
instance, the exact tier totals, the exact leximin values (share = maxmin),
the least rank sum and the least transport sum given it, each short
request's reach reason, and every problem found in allot's shipments and
pins.

Conversion (SPEC 14): production depends on which input lines the plan sends a
factory, and the input's plan has ties, so the oracle does not make production
from scratch. It checks the input material's plan like any other, recomputes
each pool's production lots in exact arithmetic from allot's own input lines
to the supplier, reports any difference from allot's `conversions`, and plans
the products with its own lots (capacity-like: one lot a day).
"""
import json
import math
import sys
from fractions import Fraction

import highspy

INF = highspy.kHighsInf
TOL = 1e-6
# A request counts as able to rise above the common level only by more than this.
RISE = 1e-4
# Instances that name no material are of one.
DEFAULT_MATERIAL = "SUIT"


def material_of(record):
    return record.get("material") or DEFAULT_MATERIAL


def rank(substitutes, lot_material, requested):
    """SPEC 13: 0 for the requested material, i for the i-th of the request's list, None when the lot
    may not serve it (only the request's own list counts: the relation is not transitive)."""
    if lot_material == requested:
        return 0
    listed = substitutes.get(requested, [])
    return listed.index(lot_material) + 1 if lot_material in listed else None


def groups(substitutes, materials):
    """SPEC 13: materials linked by any list, in either direction, form one group (sorted lists)."""
    parent = {m: m for m in set(materials) | set(substitutes) | {s for l in substitutes.values() for s in l}}

    def root(m):
        while parent[m] != m:
            m = parent[m]
        return m
    for requested, listed in substitutes.items():
        for s in listed:
            a, b = root(requested), root(s)
            if a != b:
                parent[max(a, b)] = min(a, b)
    out = {}
    for m in set(materials):
        out.setdefault(root(m), []).append(m)
    return sorted(sorted(g) for g in out.values())


def mismatched_overrides(inst):
    """Pins and forbids joining an offer and a request of the instance whose materials no list relates
    (SPEC 13: a reject, override_material_mismatch, whatever else holds of them)."""
    offers = {o["key"]: material_of(o) for o in inst["offers"]}
    requests = {r["key"]: material_of(r) for r in inst["requests"]}
    subs = inst.get("substitutes", {})
    return {idx for idx, o in enumerate(inst["overrides"])
            if o["action"] in ("pin", "forbid") and o.get("offer") in offers and o.get("request") in requests
            and rank(subs, offers[o["offer"]], requests[o["request"]]) is None}


def road_decikm(a, b, regions, factor):
    if a == b:
        return 0
    (lat1, lon1), (lat2, lon2) = regions[a], regions[b]
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    km = 2 * 6371.0088 * math.asin(min(1.0, math.sqrt(h))) * factor
    x = km * 10
    return int(math.floor(x + 0.5))


def transit_days(decikm, speed):
    return 0 if decikm == 0 else math.ceil(decikm / 10 / speed)


def failed_earmark(offer, request, parents):
    """The first earmark (SPEC 12) `request` does not meet, None when it qualifies under all of them.

    for_enterprise: its enterprise is the one named; for_categories: its category is one of those named;
    for_regions: its region is one named, or one of them is reached by following parent_code up the table.
    """
    if offer.get("for_enterprise") is not None and request["enterprise"] != offer["for_enterprise"]:
        return "for_enterprise"
    if offer.get("for_categories") and request["category"] not in offer["for_categories"]:
        return "for_categories"
    if offer.get("for_regions"):
        named = set(offer["for_regions"])
        region, seen = request["region"], set()
        while region is not None and region not in seen:
            if region in named:
                return None
            seen.add(region)
            region = parents.get(region)
        return "for_regions"
    return None


def earmarked(offer):
    return offer.get("for_enterprise") is not None or bool(offer.get("for_categories")) or bool(offer.get("for_regions"))


def lots_of(offer, horizon, produced=None):
    """SPEC 5's lots of `offer`; a conversion offer's are its production lots (SPEC 14) in `produced`."""
    if offer["kind"] == "conversion":
        return [(offer["key"], d, q) for d, q in (produced or {}).get(offer["key"], [])]
    last = horizon - 1
    start = max(offer["from"] if offer["from"] is not None else 0, 0)
    until = offer["until"]
    if until is not None and until < 0:
        return []
    if offer["kind"] == "capacity":
        end = min(until if until is not None else last, last)
        return [(offer["key"], d, offer["qty"]) for d in range(start, end + 1)]
    if start > last or (until is not None and until < start):
        return []
    return [(offer["key"], start, offer["qty"])]


def production(inst):
    """SPEC 14 from allot's own input lines: each conversion offer's production lots {offer: [(day, qty)]}, the
    problems found in allot's `conversions`, and counts of what the instance exercises.

    A conversion offer taking part (not excluded, with working days in the horizon, SPEC 5) belongs to the pool
    of its supplier and input material. A pool's input is its offers' stocks plus the quantity of every line of
    the input material (the lot's) to a request whose enterprise is the supplier, counted from the day after it
    arrives (arrive_by = lot day + transit days, from the oracle's own road distance). Each working day, the
    pool's offers in key order make min(quantity, floor((arrived - used) / per_unit)), exactly; 0 is no lot.
    """
    horizon, speed = inst["horizon"], inst["speed"]
    regions = {k: tuple(v) for k, v in inst["regions"].items()}
    excluded = {o.get("offer") for o in inst["overrides"] if o["action"] == "exclude"}
    offers = {o["key"]: o for o in inst["offers"]}
    requests = {r["key"]: r for r in inst["requests"]}
    pools = {}                # (supplier, input material) -> [(offer, working days)] in key order
    for key in sorted(offers):
        o = offers[key]
        if o["kind"] != "conversion" or key in excluded:
            continue
        days = [d for _, d, _ in lots_of(dict(o, kind="capacity"), horizon)]
        if days:
            pools.setdefault((o["supplier"], o["input"]["material"]), []).append((o, days))
    deliveries = {}           # (enterprise, material) -> [(arrive_by, qty, from a conversion offer)]
    for line in inst["result"]["lines"]:
        o, r = offers.get(line["offer"]), requests.get(line["request"])
        if o is None or r is None:
            continue
        d = road_decikm(o["region"], r["region"], regions, inst["road_factor"])
        deliveries.setdefault((r["enterprise"], material_of(o)), []).append(
            (line["day"] + transit_days(d, speed), line["qty"], o["kind"] == "conversion"))
    produced, used, received = {}, {}, {}
    stats = {"production_lots": 0, "lots_at_capacity": 0, "lots_short_of_input": 0, "shared_pools": 0,
             "chained_production": 0, "arrivals_on_working_days": 0}
    for (supplier, material), members in pools.items():
        arrivals = deliveries.get((supplier, material), [])
        working = sorted({d for _, days in members for d in days})
        stock = sum(o["input"]["stock"] for o, _ in members)
        taken = Fraction(0)
        for o, _ in members:
            produced[o["key"]], used[o["key"]] = [], Fraction(0)
            received[o["key"]] = sum(q for _, q, _ in arrivals)
        for t in working:
            arrived = stock + sum(q for a, q, _ in arrivals if a < t)
            for o, days in members:
                if t not in days:
                    continue
                per_unit = Fraction(o["input"]["per_unit"])
                lot = min(o["qty"], math.floor((arrived - taken) / per_unit))
                if lot > 0:
                    produced[o["key"]].append((t, lot))
                    taken += lot * per_unit
                    used[o["key"]] += lot * per_unit
                    stats["production_lots"] += 1
                    stats["lots_at_capacity" if lot == o["qty"] else "lots_short_of_input"] += 1
        makers = [o for o, _ in members if produced[o["key"]]]
        stats["shared_pools"] += int(len(makers) >= 2)
        if makers and any(chained for _, _, chained in arrivals):
            stats["chained_production"] += 1
        stats["arrivals_on_working_days"] += sum(1 for a, _, _ in arrivals if a in working)
    problems = []
    theirs = {c["offer"]: c for c in inst["result"].get("conversions", [])}
    for key in sorted(set(theirs) - set(produced)):
        problems.append(f"conversion {key}: allot reports it, the oracle has it take no part")
    for key in sorted(produced):
        c = theirs.get(key)
        if c is None:
            problems.append(f"conversion {key}: takes part, allot reports nothing")
            continue
        lots = [tuple(l) for l in c["lots"]]
        if lots != produced[key]:
            problems.append(f"conversion {key}: allot's lots {lots}, SPEC 14 gives {produced[key]}")
        if Fraction(c["input_used"]) != used[key]:
            problems.append(f"conversion {key}: allot's input_used {c['input_used']}, SPEC 14 gives {decimal_text(used[key])}")
        if c["input_received"] != received[key]:
            problems.append(f"conversion {key}: allot's input_received {c['input_received']}, the lines give {received[key]}")
        if c["input_material"] != offers[key]["input"]["material"]:
            problems.append(f"conversion {key}: allot's input_material {c['input_material']}")
    return produced, problems, stats


def decimal_text(f):
    """An exact decimal (a Fraction whose denominator divides a power of ten) as text: 21.1888."""
    scale = 0
    while (f * 10 ** scale).denominator != 1:
        scale += 1
    digits = str(abs(f.numerator * 10 ** scale // f.denominator)).rjust(scale + 1, "0")
    text = digits[:len(digits) - scale] + ("." + digits[len(digits) - scale:] if scale else "")
    return ("-" if f < 0 else "") + text


class Model:
    """x[pair] >= 0 for every reachable (lot, request); constraints as rows."""

    def __init__(self, inst, materials=None):
        """The lots, requests, caps and pins of `materials` (a group of SPEC 13), all of them when None."""
        self.inst = inst
        subs = inst.get("substitutes", {})
        within = (lambda record: True) if materials is None else (lambda record: material_of(record) in materials)
        regions = {k: tuple(v) for k, v in inst["regions"].items()}
        self.parents = inst.get("parents", {})
        horizon = inst["horizon"]
        excluded = {o.get("offer") for o in inst["overrides"] if o["action"] == "exclude"} | \
                   {o.get("request") for o in inst["overrides"] if o["action"] == "exclude"}
        forbidden = {(o["offer"], o["request"]) for o in inst["overrides"] if o["action"] == "forbid"}
        self.caps = {}           # (enterprise, requested material) -> the least cap
        for o in inst["overrides"]:
            if o["action"] == "cap" and within(o):
                key = (o["enterprise"], material_of(o))
                self.caps[key] = min(self.caps.get(key, float("inf")), o["quantity"])
        offers = {o["key"]: o for o in inst["offers"] if o["key"] not in excluded and within(o)}
        self.offers = offers
        self.requests = {r["key"]: r for r in inst["requests"] if r["key"] not in excluded and within(r)}
        mismatched = mismatched_overrides(inst)
        group_of = {m: tuple(g) for g in groups(subs, [material_of(x) for x in inst["offers"] + inst["requests"]])
                    for m in g}
        self.lots = [l for o in sorted(offers) for l in lots_of(offers[o], horizon, inst.get("produced"))]
        self.deadline = {}
        for k, r in self.requests.items():
            nb = r["needed_by"]
            self.deadline[k] = horizon - 1 if nb is None or nb < 0 else nb
        self.pairs = []          # (lot index, request key, decikm, rank)
        self.offer_region = {k: o["region"] for k, o in offers.items()}
        # SPEC 9's first reasons: a lot within the distance (after excludes, forbids and earmarks), one in time.
        in_distance, in_time = set(), set()
        self.stats = {"earmark_kept_out": 0, "admitted_inside": 0, "pins_breaking_earmark": 0,
                      "not_transitive_kept_out": 0, "pins_mismatched": 0, "pins_across_materials": 0}
        for li, (ok, day, qty) in enumerate(self.lots):
            for rk, r in sorted(self.requests.items()):
                rk_rank = rank(subs, material_of(offers[ok]), material_of(r))
                if rk_rank is None:
                    # In one group, yet the request's list does not name the lot's material.
                    if group_of[material_of(offers[ok])] == group_of[material_of(r)]:
                        self.stats["not_transitive_kept_out"] += 1
                    continue
                d = road_decikm(self.offer_region[ok], r["region"], regions, inst["road_factor"])
                if inst["max_distance"] > 0 and d / 10 > inst["max_distance"]:
                    continue
                if (ok, rk) in forbidden:
                    continue
                if failed_earmark(offers[ok], r, self.parents) is not None:
                    self.stats["earmark_kept_out"] += 1
                    continue
                if offers[ok].get("for_regions") and r["region"] not in offers[ok]["for_regions"]:
                    self.stats["admitted_inside"] += 1
                in_distance.add(rk)
                if day + transit_days(d, inst["speed"]) <= self.deadline[rk]:
                    in_time.add(rk)
                    self.pairs.append((li, rk, d, rk_rank))
        self.reach_reason = {rk: None if rk in in_time else "deadline_unreachable" if rk in in_distance
                             else "no_offer_in_reach" for rk in self.requests}
        self.rows = []           # (lo, hi, {var: coef})
        for li, (_, _, qty) in enumerate(self.lots):
            self.rows.append((-INF, qty, {i: 1 for i, p in enumerate(self.pairs) if p[0] == li}))
        for rk, r in self.requests.items():
            self.rows.append((-INF, r["qty"], self.delivered_row(rk)))
        for (e, cap_material), cap in self.caps.items():
            # SPEC 13: what the enterprise receives for requests of the cap's material, whatever serves them.
            row = {}
            for rk, r in self.requests.items():
                if r["enterprise"] == e and material_of(r) == cap_material:
                    row.update(self.delivered_row(rk))
            self.rows.append((-INF, cap, row))
        # Pins in file order; pins on one pair add up (each "ships at least" on top of the ones before).
        self.applied_pins = []
        self.earmark_pins = {}   # override index -> the earmark the pin breaks (SPEC 12: it cannot hold)
        pinned = {}              # (offer, request) -> (total, row index)
        for idx, o in enumerate(inst["overrides"]):
            if o["action"] != "pin" or o["offer"] in excluded or o["request"] in excluded:
                continue
            if o["offer"] not in offers or o["request"] not in self.requests:
                continue
            if idx in mismatched:
                self.stats["pins_mismatched"] += 1
                continue
            failed = failed_earmark(offers[o["offer"]], self.requests[o["request"]], self.parents)
            if failed is not None:
                self.earmark_pins[idx] = failed
                self.stats["pins_breaking_earmark"] += 1
                continue
            row = {i: 1 for i, p in enumerate(self.pairs) if self.lots[p[0]][0] == o["offer"] and p[1] == o["request"]}
            if not row:
                continue
            pair = (o["offer"], o["request"])
            total, at = pinned.get(pair, (0, None))
            candidate = (total + o["quantity"], INF, row)
            rows_before = list(self.rows)
            if at is not None:
                del self.rows[at]
            if self.solve({}, extra=[candidate]) is not None:
                if material_of(offers[o["offer"]]) != material_of(self.requests[o["request"]]):
                    self.stats["pins_across_materials"] += 1
                self.rows.append(candidate)
                pinned = {k: (t, i if at is None or i < at else i - 1) for k, (t, i) in pinned.items()}
                pinned[pair] = (total + o["quantity"], len(self.rows) - 1)
                self.applied_pins.append(idx)
            else:
                self.rows = rows_before

    def delivered_row(self, rk):
        return {i: 1 for i, p in enumerate(self.pairs) if p[1] == rk}

    def solve(self, objective, maximize=False, extra=()):
        """Optimal x for the objective {var: coef}, or None when infeasible."""
        n = len(self.pairs)
        if n == 0:
            rows = list(self.rows) + list(extra)
            return [] if all(lo <= 0 <= hi for lo, hi, _ in rows) else None
        h = highspy.Highs()
        h.setOptionValue("output_flag", False)
        for i in range(n):
            h.addVar(0, INF)
        if n:
            idx = list(objective.keys())
            if idx:
                h.changeColsCost(len(idx), idx, [float(objective[i]) for i in idx])
        for lo, hi, row in list(self.rows) + list(extra):
            items = sorted(row.items())
            h.addRow(float(lo), float(hi), len(items), [i for i, _ in items], [float(c) for _, c in items])
        h.changeObjectiveSense(highspy.ObjSense.kMaximize if maximize else highspy.ObjSense.kMinimize)
        h.run()
        if h.getModelStatus() != highspy.HighsModelStatus.kOptimal:
            return None
        return list(h.getSolution().col_value) if n else []

    def value(self, x, row):
        return sum(c * x[i] for i, c in row.items())


def oracle(inst):
    """Plans every substitution group (SPEC 13) on its own and adds up: the tier totals, the exact leximin
    values, the least rank sum and the least transport given it, and the combined model for the checks."""
    materials = [material_of(x) for x in inst["offers"] + inst["requests"]]
    found = groups(inst.get("substitutes", {}), materials)
    totals, exact, least_rank, least_transport = {}, {}, 0.0, 0.0
    binding = 0
    m = None
    for group in found:
        m = Model(inst, set(group))
        t, e = fill(m, inst)
        for k, v in t.items():
            totals[k] = totals.get(k, 0.0) + v
        exact.update(e)
        r, tr, transport_first = rank_then_transport(m, inst)
        least_rank += r
        least_transport += tr
        if transport_first is not None and transport_first > r + 0.5:
            binding += 1
    if len(found) != 1:
        m = Model(inst)
    m.stats["rank_step_binds"] = binding
    m.stats["positive_least_rank"] = int(least_rank > 0.5)
    m.stats["groups_of_several"] = sum(1 for g in found if len(g) > 1)
    return m, totals, exact, least_rank, least_transport


def fill(m, inst):
    """SPEC 8 steps 1 and 2 on one group: the exact tier totals and leximin values, held as rows of `m`."""
    tiers = sorted({r["tier"] for r in m.requests.values()})
    exact = {}
    totals = {}
    for t in tiers:
        members = sorted(k for k, r in m.requests.items() if r["tier"] == t)
        tier_row = {}
        for k in members:
            tier_row.update(m.delivered_row(k))
        x = m.solve(tier_row, maximize=True)
        if x is None:
            raise RuntimeError(f"instance {inst['id']}: the oracle's own LP is infeasible at tier {t}")
        total = m.value(x, tier_row)
        totals[t] = total
        m.rows.append((total - TOL, INF, tier_row))
        if inst["share"] != "maxmin":
            continue
        # Progressive filling: raise the common ratio, settle who cannot rise.
        active = [k for k in members if m.requests[k]["qty"] > 0]
        while active:
            # Extra variable-free formulation: bisection on lambda is not exact;
            # instead maximise lambda with an extra column.
            lam = max_common_ratio(m, active)
            settled = []
            for k in active:
                floors = [(lam * m.requests[j]["qty"], INF, m.delivered_row(j)) for j in active]
                y = m.solve(m.delivered_row(k), maximize=True, extra=floors)
                if y is None or m.value(y, m.delivered_row(k)) <= lam * m.requests[k]["qty"] + RISE:
                    settled.append(k)
            if not settled:
                raise RuntimeError(f"instance {inst['id']}: progressive filling settled nobody at level {lam}")
            for k in settled:
                v = lam * m.requests[k]["qty"]
                exact[k] = v
                m.rows.append((v - TOL, v + TOL, m.delivered_row(k)))
            active = [k for k in active if k not in settled]
    return totals, exact


def rank_then_transport(m, inst, probe=True):
    """SPEC 13's step between fairness and transport, then SPEC 8 step 3, over the plans `m`'s rows allow:
    the least Σ quantity × rank, the least Σ quantity × road_km given it, and (when some pair has a rank)
    the least rank sum among the plans of least transport when `probe`, to tell whether the rank step decides
    anything."""
    rank_cost = {i: p[3] for i, p in enumerate(m.pairs) if p[3] > 0}
    cost = {i: p[2] for i, p in enumerate(m.pairs)}
    x = m.solve(rank_cost)
    if x is None:
        raise RuntimeError(f"instance {inst['id']}: the oracle's own LP is infeasible at the rank step")
    least_rank = m.value(x, rank_cost)
    transport_first = None
    if rank_cost and probe:
        t0 = m.value(m.solve(cost), cost)
        y = m.solve(rank_cost, extra=[(-INF, t0 + TOL, cost)])
        transport_first = m.value(y, rank_cost) if y is not None else None
    y = m.solve(cost, extra=[(-INF, least_rank + TOL, rank_cost)])
    if y is None:
        raise RuntimeError(f"instance {inst['id']}: the oracle's own LP is infeasible at the transport step")
    return least_rank, m.value(y, cost), transport_first


def max_common_ratio(m, active):
    """max lambda s.t. delivered(k) >= lambda * qty(k) for active k (lambda <= 1)."""
    n = len(m.pairs)
    h = highspy.Highs()
    h.setOptionValue("output_flag", False)
    for i in range(n):
        h.addVar(0, INF)
    h.addVar(0, 1)  # lambda, index n
    h.changeColsCost(1, [n], [1.0])
    for lo, hi, row in m.rows:
        items = sorted(row.items())
        h.addRow(float(lo), float(hi), len(items), [i for i, _ in items], [float(c) for _, c in items])
    for k in active:
        items = sorted(m.delivered_row(k).items())
        idx = [i for i, _ in items] + [n]
        val = [1.0] * len(items) + [-float(m.requests[k]["qty"])]
        h.addRow(0.0, INF, len(idx), idx, val)
    h.changeObjectiveSense(highspy.ObjSense.kMaximize)
    h.run()
    return h.getSolution().col_value[n]


def check_lines(m, inst):
    """Feasibility of every shipment allot made."""
    problems = []
    reach = {(m.lots[p[0]][0], m.lots[p[0]][1], p[1]): p[2] for p in m.pairs}
    lot_qty = {(ok, d): q for ok, d, q in m.lots}
    shipped_lot, shipped_req, by_pair = {}, {}, {}
    subs = inst.get("substitutes", {})
    m.stats["substitute_lines"] = 0
    m.stats["second_substitute_lines"] = 0
    for line in inst["result"]["lines"]:
        key = (line["offer"], line["day"], line["request"])
        offer, request = m.offers.get(line["offer"]), m.requests.get(line["request"])
        failed = failed_earmark(offer, request, m.parents) if offer and request else None
        if offer and request:
            if line.get("material", DEFAULT_MATERIAL) != material_of(offer):
                problems.append(f"line {key} says material {line.get('material')}, the offer's is {material_of(offer)}")
            if line.get("requested_material", DEFAULT_MATERIAL) != material_of(request):
                problems.append(f"line {key} says requested material {line.get('requested_material')}, "
                                f"the request's is {material_of(request)}")
            r = rank(subs, material_of(offer), material_of(request))
            if r:
                m.stats["substitute_lines"] += 1
                m.stats["second_substitute_lines"] += int(r >= 2)
        if failed is not None:
            problems.append(f"line {key} ships an earmarked lot to a request that fails its {failed}")
        elif key not in reach:
            problems.append(f"line {key} is not a reachable pair (distance, deadline, forbid or exclude)")
        elif reach[key] != line["decikm"]:
            problems.append(f"line {key} has road {line['decikm']} decikm, the SPEC gives {reach[key]}")
        elif "arrive_by" in line and line["arrive_by"] != line["day"] + transit_days(reach[key], inst["speed"]):
            problems.append(f"line {key} arrives by day {line['arrive_by']}, the SPEC gives "
                            f"{line['day'] + transit_days(reach[key], inst['speed'])}")
        shipped_lot[(line["offer"], line["day"])] = shipped_lot.get((line["offer"], line["day"]), 0) + line["qty"]
        shipped_req[line["request"]] = shipped_req.get(line["request"], 0) + line["qty"]
        by_pair[(line["offer"], line["request"])] = by_pair.get((line["offer"], line["request"]), 0) + line["qty"]
    for lot, q in shipped_lot.items():
        if q > lot_qty.get(lot, 0):
            problems.append(f"lot {lot} ships {q} of {lot_qty.get(lot, 0)}")
    for rk, q in shipped_req.items():
        if rk not in m.requests or q > m.requests[rk]["qty"]:
            problems.append(f"request {rk} receives {q}")
        if q != inst["result"]["delivered"].get(rk, 0):
            problems.append(f"request {rk}: lines add to {q}, delivered says {inst['result']['delivered'].get(rk)}")
    for (e, cap_material), cap in m.caps.items():
        got = sum(q for rk, q in shipped_req.items() if m.requests.get(rk, {}).get("enterprise") == e
                  and material_of(m.requests[rk]) == cap_material)
        if got > cap:
            problems.append(f"enterprise {e} receives {got} of {cap_material} over its cap {cap}")
    pin_totals = {}
    for idx in m.applied_pins:
        o = inst["overrides"][idx]
        pin_totals[(o["offer"], o["request"])] = pin_totals.get((o["offer"], o["request"]), 0) + o["quantity"]
    for pair, q in pin_totals.items():
        if by_pair.get(pair, 0) < q:
            problems.append(f"pins on {pair} add to {q} but only {by_pair.get(pair, 0)} ships")
    rejected = set(inst["result"].get("rejected_overrides", []))
    for idx, failed in sorted(m.earmark_pins.items()):
        if idx not in rejected:
            o = inst["overrides"][idx]
            problems.append(f"pin #{idx} {o['offer']} -> {o['request']} breaks {failed} but allot does not reject it")
    codes = inst["result"].get("rejected_codes", {})
    for idx in sorted(mismatched_overrides(inst)):
        if codes.get(str(idx)) != "override_material_mismatch":
            o = inst["overrides"][idx]
            problems.append(f"{o['action']} #{idx} {o['offer']} -> {o['request']} joins materials no list relates, "
                            f"allot's reject code is {codes.get(str(idx))}")
    if sorted(m.applied_pins) != sorted(inst["result"]["applied_pins"]):
        problems.append(f"pins applied: oracle {m.applied_pins}, allot {inst['result']['applied_pins']}")
    m.stats["earmarked_lines"] = sum(1 for line in inst["result"]["lines"]
                                     if line["offer"] in m.offers and earmarked(m.offers[line["offer"]]))
    m.stats["conversion_lines"] = sum(1 for line in inst["result"]["lines"]
                                      if line["offer"] in m.offers and m.offers[line["offer"]]["kind"] == "conversion")
    return problems


def main():
    data = json.load(open(sys.argv[1]) if len(sys.argv) > 1 else sys.stdin)
    out = []
    for inst in data["instances"]:
        inst["produced"], production_problems, production_stats = production(inst)
        m, totals, exact, least_rank, least = oracle(inst)
        problems = production_problems + check_lines(m, inst)
        m.stats.update(production_stats)
        # The least rank, then the least transport, for allot's own delivered quantities (SPEC 8 with maxmin).
        m2 = Model(inst)
        for rk, r in m2.requests.items():
            d = inst["result"]["delivered"].get(rk, 0)
            m2.rows.append((d - TOL, d + TOL, m2.delivered_row(rk)))
        if m2.solve({}) is None:
            problems.append("allot's delivered quantities are infeasible for the oracle")
            rank_for_delivered = least_for_delivered = None
        else:
            rank_for_delivered, least_for_delivered, _ = rank_then_transport(m2, inst, probe=False)
        out.append({"id": inst["id"], "tier_totals": {str(k): v for k, v in totals.items()}, "exact": exact,
                    "least_rank": least_rank, "least_transport": least,
                    "least_rank_for_delivered": rank_for_delivered,
                    "least_transport_for_delivered": least_for_delivered,
                    "reach_reason": m.reach_reason, "stats": m.stats, "problems": problems})
    json.dump({"results": out}, sys.stdout)


if __name__ == "__main__":
    main()
