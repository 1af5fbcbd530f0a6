"""Check the sample county at two dates and show what changed, by rule and by department."""
import pathlib

import tuoyu

SAMPLE = pathlib.Path(__file__).resolve().parents[1] / "data" / "zezhou-sample.json"

ds = tuoyu.Dataset.from_json(SAMPLE)
print(ds)

before = tuoyu.check(ds, as_of="2025-06-30")
after = tuoyu.check(ds, as_of="2025-12-31")  # the 4.5 places per 1,000 target and township coverage apply
for report in (before, after):
    m = report.metrics
    print(report)
    print(f"  target in force: {m['capacity_target']['value']} per 1,000 since {m['capacity_target']['from']}")

new = set(zip(after.findings["rule"], after.findings["subject_id"])) - set(
    zip(before.findings["rule"], before.findings["subject_id"]))
print(f"\n{len(new)} findings appear on 2025-12-31:")
for rule, subject in sorted(new):
    print(f"  {rule:24} {subject}")

print("\nBy department (2025-12-31):")
print(after.by_department()[["id", "name", "error", "warning", "info"]].to_string(index=False))
assert "ZZ-CAPACITY" in {r for r, _ in new}
