// The bridge between the policy object model and the expression language: the object types rules
// are checked against, and the values a dataset becomes when rules read it.
#pragma once

#include <tuoyu/dataset.hpp>
#include <tuoyu/facility_table.hpp>
#include <tuoyu/expression/environment.hpp>
#include <tuoyu/expression/value.hpp>
#include <tuoyu/report.hpp>

#include <boost/json/value.hpp>

#include <cstdio>
#include <optional>
#include <string>
#include <vector>

namespace tuoyu {
inline namespace v1 {
namespace detail {

inline std::optional<type> parse_scalar_type(std::string_view name) {
  if (name == "int") return type::int_();
  if (name == "double") return type::double_();
  if (name == "string") return type::string();
  if (name == "bool") return type::bool_();
  if (name == "date") return type::date();
  return std::nullopt;
}

inline bool value_fits_type(const value& v, const type& t) {
  switch (t.kind()) {
    case type_kind::int_: return v.is_int();
    case type_kind::double_: return v.is_double() || v.is_int();
    case type_kind::string: return v.is_string();
    case type_kind::bool_: return v.is_bool();
    default: return true;
  }
}

// The object types of contract section 2, plus the extra fields a rulebook declares in "fields"
// (e.g. {"facility": {"staff_count": "int"}}), and the variables every rule sees.
inline environment dataset_environment(const boost::json::value& extra_fields) {
  using fields = environment::field_map;
  fields facility{{"id", type::string()},
                  {"name", type::string()},
                  {"township", type::string()},
                  {"kind", type::string()},
                  {"legal_form", type::string()},
                  {"status", type::string()},
                  {"opened", type::date()},
                  {"closed", type::date()},
                  {"capacity", type::int_()},
                  {"enrolled", type::int_()},
                  {"care_modes", type::list(type::string())},
                  {"demonstration", type::bool_()},
                  {"inclusive", type::bool_()},
                  {"employees_only", type::bool_()},
                  {"free_of_charge", type::bool_()},
                  {"utility_pricing", type::string()},
                  {"enrolled_age_months", type::object("age_range")},
                  {"registration", type::object("registration")},
                  {"filing", type::object("filing")}};
  fields registration{{"authority", type::string()}, {"date", type::date()}, {"scope_includes_childcare", type::bool_()}};
  fields filing{{"authority", type::string()}, {"date", type::date()}};
  fields age_range{{"min", type::int_()}, {"max", type::int_()}};
  fields township{{"id", type::string()}, {"name", type::string()}, {"population", type::int_()}};
  fields jurisdiction = township;
  fields meeting{{"date", type::date()}, {"kind", type::string()}};
  fields training{{"date", type::date()}, {"health_exam", type::bool_()}};
  fields data{{"jurisdiction", type::object("jurisdiction")},
              {"townships", type::list(type::object("township"))},
              {"facilities", type::list(type::object("facility"))},
              {"meetings", type::list(type::object("meeting"))},
              {"trainings", type::list(type::object("training"))}};
  std::map<std::string, fields*> objects{{"facility", &facility},   {"registration", &registration},
                                         {"filing", &filing},       {"age_range", &age_range},
                                         {"township", &township},   {"jurisdiction", &jurisdiction},
                                         {"meeting", &meeting},     {"training", &training},
                                         {"dataset", &data}};
  if (extra_fields.is_object())
    for (const auto& [object_name, declared] : extra_fields.as_object()) {
      auto it = objects.find(std::string(object_name));
      if (it == objects.end() || !declared.is_object())
        throw rulebook_error("tuoyu.rulebook.214",
                             "fields: unknown record type \"" + std::string(object_name) +
                                 "\" (expected facility, registration, filing, age_range, township, jurisdiction, "
                                 "meeting, training, dataset)",
                             location{"", "/fields/" + std::string(object_name), 0, 0});
      for (const auto& [field_name, type_name] : declared.as_object()) {
        std::optional<type> t;
        if (type_name.is_string()) t = type::parse(type_name.as_string());
        if (!t)
          throw rulebook_error("tuoyu.rulebook.214", "invalid field type (expected a type name such as int)",
                               location{"", "/fields/" + std::string(object_name) + "/" + std::string(field_name), 0, 0});
        (*it->second)[std::string(field_name)] = *t;
      }
    }
  environment env;
  for (const auto& [name, f] : objects) env.declare_object(name, *f);
  env.declare_variable("as_of", type::date());
  env.declare_variable("dataset", type::object("dataset"));
  env.declare_variable("jurisdiction", type::object("jurisdiction"));
  return env;
}

// The environment of one subject kind: the shared one plus the subject's variable.
inline environment subject_environment(environment env, subject_kind kind) {
  switch (kind) {
    case subject_kind::facility: env.declare_variable("facility", type::object("facility")); break;
    case subject_kind::township: env.declare_variable("township", type::object("township")); break;
    case subject_kind::year: env.declare_variable("year", type::int_()); break;
    case subject_kind::organisation:
      env.declare_variable("department", type::dyn());
      env.declare_variable("organisation", type::dyn());
      break;
    case subject_kind::jurisdiction: break;
  }
  return env;
}

using entries = std::vector<std::pair<value, value>>;

// Unknown fields are kept and offered to rules as they are (reading them needs a declaration).
inline void add_extra(entries& out, const boost::json::object& extra) {
  for (const auto& [k, v] : extra) out.emplace_back(value(std::string(k)), value::from_json(v));
}

inline value date_or_absent(entries& out, const char* name, const std::optional<date>& d) {
  if (d) out.emplace_back(value(name), value(*d));
  return value();
}

inline value registration_value(const registration& r) {
  entries e{{value("authority"), value(r.authority)}};
  // Unlike the four facility flags, an unstated scope is absent, not false (docs/rulebook-format.md):
  // ZZ-REG-SCOPE tests has() and fires only on a scope given as false.
  if (r.scope_includes_childcare || r.given_default.contains("scope_includes_childcare"))
    e.emplace_back(value("scope_includes_childcare"), value(r.scope_includes_childcare));
  date_or_absent(e, "date", r.date);
  add_extra(e, r.extra);
  return value::map(std::move(e));
}

inline value filing_value(const filing& f) {
  entries e{{value("authority"), value(f.authority)}};
  date_or_absent(e, "date", f.date);
  add_extra(e, f.extra);
  return value::map(std::move(e));
}

// A facility as rules see it: absent and null fields are left out (docs/decisions/0002).
inline value facility_value(const facility& f) {
  entries e;
  e.reserve(24);
  e.emplace_back(value("id"), value(f.id));
  e.emplace_back(value("name"), value(f.name));
  e.emplace_back(value("township"), value(f.township));
  e.emplace_back(value("kind"), value(std::string(to_string(f.kind))));
  e.emplace_back(value("legal_form"), value(std::string(to_string(f.legal_form))));
  e.emplace_back(value("status"), value(std::string(to_string(f.status))));
  date_or_absent(e, "opened", f.opened);
  date_or_absent(e, "closed", f.closed);
  e.emplace_back(value("capacity"), value(f.capacity));
  if (f.enrolled) e.emplace_back(value("enrolled"), value(*f.enrolled));
  value_list modes;
  for (auto m : f.care_modes) modes.emplace_back(std::string(to_string(m)));
  e.emplace_back(value("care_modes"), value::list(std::move(modes)));
  e.emplace_back(value("demonstration"), value(f.demonstration));
  e.emplace_back(value("inclusive"), value(f.inclusive));
  e.emplace_back(value("employees_only"), value(f.employees_only));
  e.emplace_back(value("free_of_charge"), value(f.free_of_charge));
  if (f.utility_pricing) e.emplace_back(value("utility_pricing"), value(std::string(to_string(*f.utility_pricing))));
  if (f.enrolled_age_months) {
    entries ages;
    if (f.enrolled_age_months->min) ages.emplace_back(value("min"), value(*f.enrolled_age_months->min));
    if (f.enrolled_age_months->max) ages.emplace_back(value("max"), value(*f.enrolled_age_months->max));
    add_extra(ages, f.enrolled_age_months->extra);
    e.emplace_back(value("enrolled_age_months"), value::map(std::move(ages)));
  }
  if (f.registration) e.emplace_back(value("registration"), registration_value(*f.registration));
  if (f.filing) e.emplace_back(value("filing"), filing_value(*f.filing));
  add_extra(e, f.extra);
  return value::map(std::move(e));
}

template <class Place>
value place_value(const Place& p) {
  entries e{{value("id"), value(p.id)}, {value("name"), value(p.name)}, {value("population"), value(p.population)}};
  add_extra(e, p.extra);
  return value::map(std::move(e));
}

inline value meeting_value(const meeting& m) {
  entries e{{value("date"), value(m.date)}, {value("kind"), value(std::string(to_string(m.kind)))}};
  add_extra(e, m.extra);
  return value::map(std::move(e));
}

inline value training_value(const training& t) {
  entries e{{value("date"), value(t.date)}, {value("health_exam"), value(t.health_exam)}};
  add_extra(e, t.extra);
  return value::map(std::move(e));
}

// A dataset converted once per check; rules then share these values.
struct dataset_value_set {
  value dataset;
  value jurisdiction;
  value_list facilities;
  value_list townships;
  value_list departments;  // organisation rules (lint) only
};

// With `table` (all the dataset's facilities as columns, whether or not `d` holds their records
// too: see prepared_dataset), the facilities are views of its rows: the table must outlive the values.
inline dataset_value_set dataset_values(const dataset& d, const facility_table* table = nullptr) {
  dataset_value_set out;
  out.jurisdiction = place_value(d.jurisdiction);
  if (table) {
    out.facilities = table->row_views();
  } else {
    out.facilities.reserve(d.facilities.size());
    for (const auto& f : d.facilities) out.facilities.push_back(facility_value(f));
  }
  for (const auto& t : d.townships) out.townships.push_back(place_value(t));
  value_list meetings, trainings;
  for (const auto& m : d.meetings) meetings.push_back(meeting_value(m));
  for (const auto& t : d.trainings) trainings.push_back(training_value(t));
  entries e{{value("jurisdiction"), out.jurisdiction},
            {value("townships"), value::list(out.townships)},
            {value("facilities"), value::list(out.facilities)},
            {value("meetings"), value::list(std::move(meetings))},
            {value("trainings"), value::list(std::move(trainings))}};
  add_extra(e, d.extra);
  out.dataset = value::map(std::move(e));
  return out;
}

// Contract section 3, "counted facility", from its parts: the records give them, and so do the
// table's columns (the batch path's metrics).
inline bool is_counted(bool operating, std::optional<date> opened, std::optional<date> closed, bool registered,
                       bool filed, date as_of) noexcept {
  return operating && (!opened || *opened <= as_of) && !(closed && *closed <= as_of) && registered && filed;
}

inline bool is_counted(const facility& f, date as_of) noexcept {
  return is_counted(f.status == facility_status::operating, f.opened, f.closed, f.registration.has_value(),
                    f.filing.has_value(), as_of);
}

// A value as a person reads it in a message: strings without quotes, numbers without noise.
inline std::string display(const value& v) {
  switch (v.kind()) {
    case value_kind::string: return std::string(v.as_string());
    case value_kind::date: return v.as_date().to_string();
    case value_kind::double_: {
      char buf[32];
      std::snprintf(buf, sizeof buf, "%.4g", v.as_double());
      return buf;
    }
    case value_kind::error: return "error: " + v.error_message();
    default: return v.to_string();
  }
}

}  // namespace detail
}  // namespace v1
}  // namespace tuoyu
