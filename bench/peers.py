"""Benchmark 5: the nine Zezhou facility rules in the rule engines people would pick instead.

Reads the dataset JSON written by `bench_facility --write N FILE`, flattens each facility into a
record (dates as day numbers, missing values as null), evaluates the nine rules with each peer, checks
the finding count against a plain-Python reference, and prints per-record throughput. Peers are
installed with pip for the benchmark only (`pip install zen-engine rule-engine
common-expression-language panzi-json-logic`); one that is missing is reported as such.
Usage: python3 peers.py FILE [records] [tuoyu_records_per_second] [tuoyu_records_per_second_2_threads]
"""
import datetime
import json
import sys
import time

AS_OF = (datetime.date(2025, 12, 31) - datetime.date(1970, 1, 1)).days


def days(s):
    return None if s is None else (datetime.date.fromisoformat(s) - datetime.date(1970, 1, 1)).days


def flatten(f):
    reg, fil, age = f.get("registration"), f.get("filing"), f.get("enrolled_age_months")
    return {
        "opened": days(f.get("opened")), "status": f["status"], "kind": f["kind"], "legal_form": f["legal_form"],
        "reg": reg is not None, "reg_authority": reg and reg["authority"], "reg_date": days(reg and reg.get("date")),
        "reg_scope": bool(reg and reg.get("scope_includes_childcare", False)),
        "fil": fil is not None, "fil_authority": fil and fil["authority"], "fil_date": days(fil and fil.get("date")),
        "employees_only": f.get("employees_only", False), "free_of_charge": f.get("free_of_charge", False),
        "age": age is not None, "age_min": age.get("min") if age else None, "age_max": age.get("max") if age else None,
        "pricing": f.get("utility_pricing"), "as_of": AS_OF,
    }


ACTIVE = "(opened == null || opened <= as_of) && (status == 'operating' || status == 'suspended')"
# The nine rules as "finding when" predicates, in a C-like syntax translated per engine below.
RULES = [
    "!reg",
    "reg && !fil",
    "reg && !reg_scope",
    "reg && !((legal_form == 'enterprise' && reg_authority == 'admin_approval') || "
    "(legal_form == 'social_org' && (reg_authority == 'admin_approval' || reg_authority == 'civil_affairs')) || "
    "(legal_form == 'public_institution' && reg_authority == 'staffing_office'))",
    "fil && fil_authority != 'health'",
    "reg && fil && reg_date != null && fil_date != null && fil_date < reg_date",
    "kind == 'employer' && employees_only && free_of_charge && legal_form == 'enterprise'",
    "kind == 'kindergarten_class' && age && ((age_min != null && age_min < 24) || (age_max != null && age_max > 36))",
    "pricing == 'commercial'",
]


def reference(r):
    active = (r["opened"] is None or r["opened"] <= AS_OF) and r["status"] in ("operating", "suspended")
    if not active:
        return 0
    ok_auth = {"enterprise": ("admin_approval",), "social_org": ("admin_approval", "civil_affairs"),
               "public_institution": ("staffing_office",)}[r["legal_form"]]
    return sum([
        not r["reg"], r["reg"] and not r["fil"], r["reg"] and not r["reg_scope"],
        r["reg"] and r["reg_authority"] not in ok_auth, r["fil"] and r["fil_authority"] != "health",
        bool(r["reg"] and r["fil"] and r["reg_date"] is not None and r["fil_date"] is not None and r["fil_date"] < r["reg_date"]),
        r["kind"] == "employer" and r["employees_only"] and r["free_of_charge"] and r["legal_form"] == "enterprise",
        bool(r["kind"] == "kindergarten_class" and r["age"] and ((r["age_min"] is not None and r["age_min"] < 24) or (r["age_max"] is not None and r["age_max"] > 36))),
        r["pricing"] == "commercial",
    ])


def words(e):
    return e.replace("&&", " and ").replace("||", " or ").replace("!=", "<>").replace("!", " not ").replace("<>", "!=")


def peer_cel():
    import cel
    progs = [cel.compile(f"({ACTIVE}) && ({r})") for r in RULES]
    return lambda rec: sum(bool(p.execute(rec)) for p in progs)


def peer_zen():
    import zen
    exprs = [zen.compile_expression(words(f"({ACTIVE}) && ({r})")) for r in RULES]
    return lambda rec: sum(bool(e.evaluate(rec)) for e in exprs)


def peer_rule_engine():
    import rule_engine
    rules = [rule_engine.Rule(words(f"({ACTIVE}) && ({r})")) for r in RULES]
    return lambda rec: sum(bool(r.matches(rec)) for r in rules)


def peer_json_logic():
    from json_logic import jsonLogic
    v = lambda n: {"var": n}
    eq = lambda a, b: {"==": [v(a), b]}
    null = lambda n: {"==": [v(n), None]}
    active = {"and": [{"or": [null("opened"), {"<=": [v("opened"), v("as_of")]}]},
                      {"or": [eq("status", "operating"), eq("status", "suspended")]}]}
    rules = [
        {"!": v("reg")},
        {"and": [v("reg"), {"!": v("fil")}]},
        {"and": [v("reg"), {"!": v("reg_scope")}]},
        {"and": [v("reg"), {"!": {"or": [{"and": [eq("legal_form", "enterprise"), eq("reg_authority", "admin_approval")]},
                                         {"and": [eq("legal_form", "social_org"), {"in": [v("reg_authority"), ["admin_approval", "civil_affairs"]]}]},
                                         {"and": [eq("legal_form", "public_institution"), eq("reg_authority", "staffing_office")]}]}}]},
        {"and": [v("fil"), {"!=": [v("fil_authority"), "health"]}]},
        {"and": [v("reg"), v("fil"), {"!": null("reg_date")}, {"!": null("fil_date")}, {"<": [v("fil_date"), v("reg_date")]}]},
        {"and": [eq("kind", "employer"), v("employees_only"), v("free_of_charge"), eq("legal_form", "enterprise")]},
        {"and": [eq("kind", "kindergarten_class"), v("age"),
                 {"or": [{"and": [{"!": null("age_min")}, {"<": [v("age_min"), 24]}]},
                         {"and": [{"!": null("age_max")}, {">": [v("age_max"), 36]}]}]}]},
        eq("pricing", "commercial"),
    ]
    full = [{"and": [active, r]} for r in rules]
    return lambda rec: sum(bool(jsonLogic(r, rec)) for r in full)


PEERS = [("zen-engine (GoRules)", peer_zen), ("common-expression-language (CEL)", peer_cel),
         ("rule-engine", peer_rule_engine), ("panzi-json-logic (JsonLogic)", peer_json_logic)]


def main():
    path = sys.argv[1]
    limit = int(sys.argv[2]) if len(sys.argv) > 2 else 20000
    tuoyu_rate = float(sys.argv[3]) if len(sys.argv) > 3 else None
    tuoyu_rate2 = float(sys.argv[4]) if len(sys.argv) > 4 else None
    with open(path) as fh:
        facilities = json.load(fh)["facilities"][:limit]
    records = [flatten(f) for f in facilities]
    expected = sum(reference(r) for r in records)
    print(f"{'peer':34} {'records':>8} {'findings':>9} {'records/s':>12} {'evals/s':>12} {'tuoyu 1t/peer':>14}"
          f" {'tuoyu 2t/peer':>14}")
    for name, make in PEERS:
        try:
            run = make()
        except Exception as e:  # not installed, or an API that changed
            print(f"{name:34} not available: {type(e).__name__}: {e}")
            continue
        t0 = time.perf_counter()
        try:
            got = sum(run(r) for r in records)
        except Exception as e:  # a rule this engine cannot express or evaluate
            print(f"{name:34} failed: {type(e).__name__}: {e}")
            continue
        s = time.perf_counter() - t0
        rate = len(records) / s
        ratio = f"{tuoyu_rate / rate:13.0f}x" if tuoyu_rate else "-"
        ratio2 = f"{tuoyu_rate2 / rate:13.0f}x" if tuoyu_rate2 else "-"
        flag = "" if got == expected else f"  (MISMATCH: expected {expected})"
        print(f"{name:34} {len(records):8d} {got:9d} {rate:12.0f} {9 * rate:12.0f} {ratio:>14} {ratio2:>14}{flag}")


if __name__ == "__main__":
    main()
