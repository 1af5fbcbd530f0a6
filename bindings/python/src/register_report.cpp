// tuoyu._core.check and tuoyu._core.Report: evaluation with the GIL released, and the report as
// columns (for a DataFrame), as a dict (metrics) and as the JSON of contract section 3.
#include "convert.hpp"
#include "register.hpp"

#include <pybind11/stl.h>

#include <tuoyu/check.hpp>
#include <tuoyu/prepared_dataset.hpp>
#include <tuoyu/report.hpp>

#include <boost/json/serialize.hpp>

#include <memory>

namespace tuoyu::python {

namespace {

// Findings column by column: one Python list per column, ready for pandas.DataFrame(dict).
py::dict finding_columns(const report& r) {
  const auto n = r.findings.size();
  py::list rule(n), sev(n), kind(n), id(n), clause(n), responsible(n), action(n), zh(n), en(n), evidence(n),
      year(n);
  for (std::size_t i = 0; i < n; ++i) {
    const auto& f = r.findings[i];
    rule[i] = f.rule;
    sev[i] = std::string(to_string(f.severity));
    auto k = f.subject.kind == subject_kind::year ? subject_kind::jurisdiction : f.subject.kind;
    kind[i] = std::string(to_string(k));
    id[i] = f.subject.id;
    clause[i] = f.clause;
    py::list departments;
    for (const auto& d : f.responsible) departments.append(d);
    responsible[i] = departments;
    action[i] = f.action.empty() ? py::object(py::none()) : py::object(py::str(f.action));
    zh[i] = f.message.zh;
    en[i] = f.message.en;
    evidence[i] = to_python(boost::json::value(f.evidence));
    year[i] = f.subject.year ? py::object(py::int_(*f.subject.year)) : py::object(py::none());
  }
  py::dict out;
  out["rule"] = rule;
  out["severity"] = sev;
  out["subject_kind"] = kind;
  out["subject_id"] = id;
  out["clause"] = clause;
  out["responsible"] = responsible;
  out["action"] = action;
  out["message_zh"] = zh;
  out["message_en"] = en;
  out["evidence"] = evidence;
  out["year"] = year;
  return out;
}

}  // namespace

// batch = false: the per-record reference path (tests compare the two).
template <class Data>
std::shared_ptr<report> check_in_core(const rulebook& rules, const Data& data, const std::string& as_of,
                                      unsigned threads, bool batch) {
  auto day = date::parse(as_of);
  check_options options;
  options.threads = threads;
  options.batch = batch;
  py::gil_scoped_release release;
  return std::make_shared<report>(check(rules, data, day, options));
}

void register_report(py::module_& m) {
  py::class_<report, std::shared_ptr<report>>(m, "Report", "The findings and metrics of one check.")
      .def_property_readonly("rulebook_id", [](const report& r) { return r.rulebook_id; })
      .def_property_readonly("rulebook_version", [](const report& r) { return r.rulebook_version; })
      .def_property_readonly("as_of", [](const report& r) { return r.as_of.to_string(); })
      .def("summary", [](const report& r) {
        return py::dict(py::arg("error") = r.count(severity::error), py::arg("warning") = r.count(severity::warning),
                        py::arg("info") = r.count(severity::info));
      })
      .def("metrics", [](const report& r) { return to_python(to_json(r.metrics)); })
      .def("finding_columns", &finding_columns)
      .def("to_json", [](const report& r) { return boost::json::serialize(to_json(r)); })
      .def("__len__", [](const report& r) { return r.findings.size(); })
      .def("__eq__", [](const report& a, const report& b) { return a == b; });

  // A prepared dataset (PreparedDataset) is checked on its columns and values, built once for all
  // its checks (other dates, other parameters); a plain one is prepared for this check only.
  m.def("check", &check_in_core<prepared_dataset>, py::arg("rulebook"), py::arg("dataset"), py::arg("as_of"),
        py::arg("threads") = 1, py::arg("batch") = true);
  m.def("check", &check_in_core<dataset>, py::arg("rulebook"), py::arg("dataset"), py::arg("as_of"),
        py::arg("threads") = 1, py::arg("batch") = true);
  m.def(
      "lint",
      [](const rulebook& rules, const std::string& as_of) {
        auto day = date::parse(as_of);
        py::gil_scoped_release release;
        return std::make_shared<report>(lint(rules, day));
      },
      py::arg("rulebook"), py::arg("as_of"));
  m.def(
      "compute_metrics",
      [](const dataset& data, const std::string& as_of) {
        auto day = date::parse(as_of);
        metrics result;
        {
          py::gil_scoped_release release;
          result = compute_metrics(data, day);
        }
        return to_python(to_json(result));
      },
      py::arg("dataset"), py::arg("as_of"));
}

}  // namespace tuoyu::python
