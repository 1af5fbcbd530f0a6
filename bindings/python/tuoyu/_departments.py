"""tuoyu.departments(): the policy's departments with aliases, duties and joint-meeting roster."""
from __future__ import annotations

from typing import Any

import pandas as pd

DEPARTMENT_COLUMNS = ["id", "name", "name_en", "aliases", "member_unit", "duties", "roster", "clauses", "rules"]


def department_rows(organisation: dict[str, Any] | None, rules: pd.DataFrame | None = None) -> list[dict[str, Any]]:
    """One dict per department of the organisation data, gathered as `tuoyu departments` shows them."""
    if not organisation:
        return []
    joint = organisation.get("joint_meeting") or {}
    members = {m.get("department") for m in joint.get("member_units", []) if isinstance(m, dict)}
    rows = []
    for d in organisation.get("departments", []):
        did = d["id"]
        rows.append({
            "id": did,
            "name": d.get("name", ""),
            "name_en": d.get("name_en", ""),
            "aliases": list(d.get("aliases", [])),
            "member_unit": did in members,
            "duties": [x for x in organisation.get("duties", []) if x.get("department") == did],
            "roster": [x for x in organisation.get("roster", []) if x.get("department") == did],
            "clauses": [c["clause"] for c in organisation.get("clause_responsibilities", [])
                        if did in c.get("responsible", [])],
            "rules": [] if rules is None else [r for r, resp in zip(rules["id"], rules["responsible"]) if did in resp],
        })
    return rows


def departments(rulebook: Any = "zezhou-2022") -> pd.DataFrame:
    """The departments of a rulebook's organisation data: id, name, name_en, aliases, member_unit (of
    the joint meeting, 附件1 二), duties (附件1 五), roster (附件2), clauses and rules naming them."""
    from ._rulebook import _as_rulebook

    book = _as_rulebook(rulebook)
    return pd.DataFrame(department_rows(book.organisation, book.rules), columns=DEPARTMENT_COLUMNS)
