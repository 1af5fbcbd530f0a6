"""Why was a finding reported? explain() shows each sub-condition and the dated parameters; evaluate()
tries out expressions of the rule language."""
import datetime as dt
import pathlib

import tuoyu

SAMPLE = pathlib.Path(__file__).resolve().parents[1] / "data" / "zezhou-sample.json"

ds = tuoyu.Dataset.from_json(SAMPLE)
book = tuoyu.rulebook("zezhou-2022")
print(book)
print(book.rules[["id", "subject_kind", "severity", "clause"]].to_string(index=False))

explanation = book.explain("ZZ-CAPACITY", ds, as_of="2025-12-31")
print()
print(explanation)
assert explanation.parameters[0]["from"] == dt.date(2025, 12, 31)

findings = tuoyu.check(ds, as_of="2025-12-31").findings
first = findings[findings["subject_kind"] == "facility"].iloc[0]
print()
print(book.explain(first["rule"], ds, first["subject_id"], as_of="2025-12-31"))

print()
print(tuoyu.evaluate("days_between(date('2022-12-31'), as_of) / 365", {"as_of": dt.date(2025, 12, 31)}))
try:
    tuoyu.evaluate("1 / 0")
except tuoyu.EvaluationError as e:
    print("evaluation error:", e)
