// Out-of-line part of report.hpp: the JSON form of contract section 3.
#pragma once

#include <tuoyu/report.hpp>
#include <tuoyu/version.hpp>

#include <boost/json/array.hpp>

namespace tuoyu {
inline namespace v1 {

TUOYU_DECL boost::json::value to_json(const finding& f) {
  boost::json::object out;
  out["rule"] = f.rule;
  out["severity"] = to_string(f.severity);
  boost::json::object subject;
  auto kind = f.subject.kind == subject_kind::year ? subject_kind::jurisdiction : f.subject.kind;
  subject["kind"] = to_string(kind);
  subject["id"] = f.subject.id;
  if (f.subject.year) subject["year"] = *f.subject.year;
  out["subject"] = std::move(subject);
  out["clause"] = f.clause;
  boost::json::array responsible;
  for (const auto& d : f.responsible) responsible.emplace_back(d);
  out["responsible"] = std::move(responsible);
  if (!f.action.empty()) out["action"] = f.action;
  out["message"] = boost::json::object{{"zh", f.message.zh}, {"en", f.message.en}};
  out["evidence"] = f.evidence;
  return out;
}

TUOYU_DECL boost::json::value to_json(const metrics& m) {
  boost::json::object out;
  out["population"] = m.population;
  out["counted_capacity"] = m.counted_capacity;
  out["capacity_per_1000"] = m.capacity_per_1000;
  if (m.target)
    out["capacity_target"] = boost::json::object{{"value", m.target->value}, {"from", m.target->from.to_string()}};
  boost::json::array townships;
  for (const auto& t : m.townships)
    townships.emplace_back(boost::json::object{
        {"id", t.id}, {"counted_capacity", t.counted_capacity}, {"counted_facilities", t.counted_facilities}});
  out["townships"] = std::move(townships);
  return out;
}

TUOYU_DECL boost::json::value to_json(const report& r) {
  boost::json::object out;
  out["tuoyu_version"] = version_string;
  out["rulebook"] = boost::json::object{{"id", r.rulebook_id}, {"version", r.rulebook_version}};
  out["as_of"] = r.as_of.to_string();
  out["summary"] = boost::json::object{{"error", r.count(severity::error)},
                                       {"warning", r.count(severity::warning)},
                                       {"info", r.count(severity::info)}};
  out["metrics"] = to_json(r.metrics);
  boost::json::array findings;
  findings.reserve(r.findings.size());
  for (const auto& f : r.findings) findings.push_back(to_json(f));
  out["findings"] = std::move(findings);
  return out;
}

}  // namespace v1
}  // namespace tuoyu
