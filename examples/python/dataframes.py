"""Build a dataset from pandas DataFrames (as json_normalize lays them out) and see how bad cells are
reported: the error names the table, the column and the row."""
import pandas as pd

import tuoyu

townships = pd.DataFrame({"id": ["T01", "T02"], "name": ["巴公镇", "北义城镇"], "population": [68000, 41000]})
facilities = pd.DataFrame({
    "id": ["F1", "F2", "F3"],
    "name": ["小太阳托育中心", "机关幼儿园托班", "社区托育点"],
    "township": ["T01", "T01", "T02"],
    "kind": ["nursery", "kindergarten_class", "community"],
    "legal_form": ["enterprise", "public_institution", "social_org"],
    "status": ["operating", "operating", "operating"],
    "opened": pd.to_datetime(["2021-09-01", "2019-09-01", None]),
    "capacity": [90, 40, 30],
    "enrolled": [72.0, float("nan"), 12.0],          # integers as floats, NaN for missing
    "care_modes": [["full_day"], ["full_day"], ["hourly", "temporary"]],
    "registration.authority": ["县行政审批服务管理局", "staffing_office", None],
    "registration.date": ["2021-06-01", "2019-05-01", None],
    "registration.scope_includes_childcare": [True, True, None],
    "filing.authority": ["health", "health", None],
    "filing.date": ["2021-08-15", "2019-07-01", None],
})
jurisdiction = {"id": "demo", "name": "示例县", "population": 109000}

ds = tuoyu.Dataset(jurisdiction=jurisdiction, townships=townships, facilities=facilities)
report = tuoyu.check(ds, as_of="2025-12-31")
print(report)
print(report.findings[["rule", "severity", "subject_id", "clause", "message_en"]].to_string(index=False))
assert ("ZZ-REG-UNREGISTERED", "F3") in set(zip(report.findings["rule"], report.findings["subject_id"]))

bad = facilities.copy()
bad.loc[2, "legal_form"] = "llc"
try:
    tuoyu.Dataset(jurisdiction=jurisdiction, townships=townships, facilities=bad)
except tuoyu.InputError as e:  # also a ValueError
    print("\nrejected:", e)
    assert (e.id, e.column_name, e.row) == ("tuoyu.input.104", "legal_form", 2)
