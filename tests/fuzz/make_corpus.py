#!/usr/bin/env python3
"""Regenerates the seed corpora in tests/fuzz/corpus/<target>/ from the tests' own inputs: the dataset
fixtures, the inline datasets of tests/rules/*.cases.json, the built-in rulebook and its expressions.
Run from the repository root; the output is committed, so the fuzz run needs no Python."""
import hashlib
import json
import pathlib
import re

root = pathlib.Path(__file__).resolve().parents[2]
out = root / "tests" / "fuzz" / "corpus"


def put(target, text):
    data = text.encode() if isinstance(text, str) else text
    folder = out / target
    folder.mkdir(parents=True, exist_ok=True)
    (folder / hashlib.sha1(data).hexdigest()[:16]).write_bytes(data)


datasets = [p.read_bytes() for p in sorted((root / "tests" / "data" / "dataset").glob("*.json"))]
datasets.append((root / "examples" / "data" / "zezhou-sample.json").read_bytes())
for cases in sorted((root / "tests" / "rules").glob("*.cases.json")):
    for case in json.loads(cases.read_text())["cases"]:
        if "dataset" in case:
            datasets.append(json.dumps(case["dataset"], ensure_ascii=False, indent=1).encode())
for d in datasets:
    put("dataset", d)
    put("check", d)

book_text = (root / "rules" / "zezhou-2022.json").read_text()
put("rulebook", book_text)
book = json.loads(book_text)
# Small rulebooks: the built-in one cut down to each single rule, so mutations stay cheap.
for rule in book["rules"]:
    small = {k: v for k, v in book.items() if k not in ("rules", "clauses")}
    small["rules"] = [rule]
    put("rulebook", json.dumps(small, ensure_ascii=False))

expressions = []
for rule in book["rules"]:
    for key in ("when", "require", "years_from", "years_to"):
        if isinstance(rule.get(key), str):
            expressions.append(rule[key])
    for lang in ("zh", "en"):
        msg = rule.get("message", {})
        if isinstance(msg, dict):
            expressions += re.findall(r"\{([^{}]+)\}", msg.get(lang, ""))
for d in book.get("definitions", {}).values():
    expressions.append(d["expr"] if isinstance(d, dict) else d)
# Examples of the language reference.
language = (root / "docs" / "language.md").read_text()
for block in re.findall(r"```cel\n(.*?)```", language, re.S):
    expressions += [line.split("  //")[0].strip() for line in block.splitlines() if line.strip()]
expressions += ["[1, 2, 3].map(x, x * 2).filter(y, y > 2).size() == 2", "{'a': 1}.a + 1",
                "date('2024-02-29') < as_of", "dataset.facilities.exists(f, f.capacity > 10)",
                "1 / 0", "9223372036854775807 + 1", "'\\u00e9' + \"x\"", "b\"bytes\"", "x.a[1] + x.b.c",
                "'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa!'.matches('(a+)+b')", "'泽州县'.matches('^\\\\p{Han}{2,3}县$')",
                "dataset.facilities.all(f, f.name.matches('[^\\\\s]+'))"]
for e in expressions:
    put("expression", e)
