// Built by the packaging tests: a real program using the public API through the umbrella header.
// It checks a small dataset against the embedded rulebook, so it needs no files at run time.
#include <tuoyu/tuoyu.hpp>

#include <boost/json/serialize.hpp>

#include <iostream>

int main() {
  auto rules = tuoyu::builtin_rulebook("zezhou-2022");
  auto data = tuoyu::parse_dataset(R"({
    "jurisdiction": {"id": "J", "name": "测试县", "population": 10000},
    "townships": [{"id": "T1", "name": "甲镇", "population": 10000}],
    "facilities": [{"id": "F1", "name": "甲", "township": "T1", "kind": "nursery", "legal_form": "enterprise",
                    "status": "operating", "capacity": 10,
                    "registration": {"authority": "admin_approval", "date": "2021-01-01", "scope_includes_childcare": true},
                    "filing": null}]})");
  auto report = tuoyu::check(rules, data, tuoyu::date::parse("2025-12-31"));
  bool not_filed = false;
  for (const auto& f : report.findings) not_filed |= f.rule == "ZZ-REG-NOT-FILED" && f.subject.id == "F1";
  std::cout << "tuoyu " << tuoyu::version_string << ": " << report.findings.size() << " findings\n";
  return not_filed ? 0 : 1;
}
