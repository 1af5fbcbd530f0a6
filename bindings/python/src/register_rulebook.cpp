// tuoyu._core.Rulebook: built-in and loaded rulebooks, their catalogue, parameters and clauses, and
// explain() for one rule and one subject.
#include "convert.hpp"
#include "register.hpp"

#include <pybind11/stl.h>

#include <tuoyu/check.hpp>
#include <tuoyu/rulebook.hpp>

namespace tuoyu::python {

namespace {

py::object optional_date(const std::optional<date>& d) {
  return d ? to_python(value(*d)) : py::object(py::none());
}

py::list strings(const std::vector<std::string>& v) {
  py::list out;
  for (const auto& s : v) out.append(s);
  return out;
}

py::dict rule_dict(const rule& r) {
  py::dict o;
  o["id"] = r.id;
  o["subject_kind"] = std::string(to_string(r.subject));
  o["severity"] = std::string(to_string(r.severity));
  o["clause"] = r.clause;
  o["responsible"] = strings(r.responsible);
  o["action"] = r.action.empty() ? py::object(py::none()) : py::object(py::str(r.action));
  o["clause_text"] = r.clause_text;
  o["when"] = r.when ? py::object(py::str(std::string(r.when->source()))) : py::object(py::none());
  o["require"] = std::string(r.require->source());
  o["parameters"] = strings(r.parameters);
  o["in_force_from"] = optional_date(r.in_force.from);
  o["in_force_until"] = optional_date(r.in_force.until);
  o["message_zh"] = r.message_zh.source;
  o["message_en"] = r.message_en.source;
  return o;
}

date as_date(const std::string& text) { return date::parse(text); }

}  // namespace

void register_rulebook(py::module_& m) {
  py::class_<rulebook>(m, "Rulebook", "A compiled, immutable rulebook; safe to share between threads.")
      .def_property_readonly("id", &rulebook::id)
      .def_property_readonly("version", &rulebook::version)
      .def_property_readonly("title_zh", [](const rulebook& b) { return b.title().zh; })
      .def_property_readonly("title_en", [](const rulebook& b) { return b.title().en; })
      .def_property_readonly("source", [](const rulebook& b) {
        const auto& s = b.source();
        py::dict o;
        o["title"] = s.title;
        o["number"] = s.number;
        o["issuer"] = s.issuer;
        o["issued"] = optional_date(s.issued);
        return o;
      })
      .def_property_readonly("in_force_from", [](const rulebook& b) { return optional_date(b.in_force().from); })
      .def("rules", [](const rulebook& b) {
        py::list out;
        for (const auto& r : b.rules()) out.append(rule_dict(r));
        return out;
      })
      .def("parameters", [](const rulebook& b) {
        py::list out;
        for (const auto& p : b.parameters()) {
          py::list values;
          for (const auto& e : p.values)
            values.append(py::dict(py::arg("from") = to_python(value(e.from)), py::arg("value") = to_python(e.value)));
          out.append(py::dict(py::arg("name") = p.name, py::arg("description_zh") = p.description.zh,
                              py::arg("description_en") = p.description.en, py::arg("values") = values));
        }
        return out;
      })
      .def("clauses", [](const rulebook& b) {
        py::list out;
        for (const auto& c : b.clauses())
          out.append(py::dict(py::arg("ref") = c.ref, py::arg("text") = c.text, py::arg("rules") = strings(c.rules),
                              py::arg("organisation") = strings(c.organisation),
                              py::arg("unchecked") = c.unchecked.empty() ? py::object(py::none())
                                                                         : py::object(py::str(c.unchecked))));
        return out;
      })
      .def("organisation", [](const rulebook& b) { return to_python(b.organisation()); })
      .def(
          "explain",
          [](const rulebook& b, const dataset& d, const std::string& as_of, const std::string& rule_id,
             const std::string& subject) {
            boost::json::value jv;
            {
              py::gil_scoped_release release;
              jv = to_json(explain(b, d, as_date(as_of), rule_id, subject));
            }
            return to_python(jv);
          },
          py::arg("dataset"), py::arg("as_of"), py::arg("rule"), py::arg("subject") = std::string());

  m.def(
      "builtin_rulebook", [](const std::string& id) { return builtin_rulebook(id); }, py::arg("id"));
  m.def(
      "load_rulebook",
      [](const std::string& path) {
        py::gil_scoped_release release;
        return load_rulebook(path);
      },
      py::arg("path"));
  m.def(
      "parse_rulebook",
      [](const std::string& text) {
        py::gil_scoped_release release;
        return parse_rulebook(text);
      },
      py::arg("text"));
  m.def("builtin_rulebook_ids", &builtin_rulebook_ids);
}

}  // namespace tuoyu::python
