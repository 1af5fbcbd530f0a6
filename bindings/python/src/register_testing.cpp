// tuoyu._core: the rule-testing toolkit (<tuoyu/testing.hpp>): case files, running cases, coverage.
// Loading and running release the GIL; results cross into Python as plain dicts (to_json).
#include "convert.hpp"
#include "register.hpp"

#include <pybind11/stl.h>
#include <pybind11/stl/filesystem.h>

#include <tuoyu/testing.hpp>

#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace tuoyu::python {

namespace {

py::object result_object(const case_result& r, const test_case& c, const std::string& lang) {
  auto jv = to_json(r);
  auto& o = jv.as_object();
  o["pointer"] = c.pointer;
  o["as_of"] = c.as_of.to_string();
  o["exact"] = c.exact;
  o["review"] = c.review;
  o["difference"] = describe_difference(r, lang);
  auto list = [](const std::vector<expectation>& in) {
    boost::json::array out;
    for (const auto& e : in) {
      boost::json::object x{{"rule", e.rule}, {"subject", e.subject}};
      if (e.year) x["year"] = *e.year;
      out.push_back(std::move(x));
    }
    return out;
  };
  o["expect"] = list(c.expect);
  o["absent"] = list(c.absent);
  return to_python(jv);
}

case_file_options options_for(const std::optional<rulebook>& override_with) {
  case_file_options options;
  if (override_with) options.rulebook_override = *override_with;
  return options;
}

}  // namespace

void register_testing(py::module_& m) {
  py::class_<case_file, std::shared_ptr<case_file>>(m, "CaseFile", "A loaded *.cases.json file.")
      .def_property_readonly("file", [](const case_file& f) { return f.file; })
      .def_property_readonly("rulebook_name", [](const case_file& f) { return f.rulebook_name; })
      .def_property_readonly("rulebook", [](const case_file& f) { return f.rules; })
      .def_property_readonly("names",
                             [](const case_file& f) {
                               std::vector<std::string> out;
                               for (const auto& c : f.cases) out.push_back(c.name);
                               return out;
                             })
      .def(
          "run",
          [](const case_file& f, std::size_t index, const std::string& lang) {
            if (index >= f.cases.size()) throw py::index_error("no case " + std::to_string(index));
            case_result r;
            {
              py::gil_scoped_release release;
              r = run_case(f.rules, f.cases[index], f.file);
            }
            return result_object(r, f.cases[index], lang);
          },
          py::arg("index"), py::arg("lang") = "en", "Runs one case; a dict (see tuoyu.testing.CaseResult).");

  m.def(
      "load_case_file",
      [](const std::filesystem::path& path, std::optional<rulebook> rules) {
        auto options = options_for(rules);
        py::gil_scoped_release release;
        return std::make_shared<case_file>(load_case_file(path, options));
      },
      py::arg("path"), py::arg("rulebook") = py::none());

  m.def(
      "find_case_files",
      [](const std::vector<std::filesystem::path>& paths) {
        std::vector<std::string> out;
        for (const auto& p : find_case_files(paths)) out.push_back(p.string());
        return out;
      },
      py::arg("paths"));

  m.def(
      "run_case_files",
      [](const std::vector<std::filesystem::path>& paths, std::optional<rulebook> rules, const std::string& lang) {
        std::vector<case_file> files;
        test_run run;
        {
          auto options = options_for(rules);
          py::gil_scoped_release release;
          for (const auto& p : find_case_files(paths)) files.push_back(load_case_file(p, options));
          run = run_case_files(files);
        }
        py::list results;
        for (std::size_t i = 0; i < files.size(); ++i)
          for (std::size_t j = 0; j < files[i].cases.size(); ++j)
            results.append(result_object(run.files[i].cases[j], files[i].cases[j], lang));
        py::list coverage;
        for (const auto& c : run.coverages) coverage.append(to_python(to_json(c)));
        py::dict out;
        out["results"] = results;
        out["coverage"] = coverage;
        return out;
      },
      py::arg("paths"), py::arg("rulebook") = py::none(), py::arg("lang") = "en");
}

}  // namespace tuoyu::python
