// Out-of-line part of testing.hpp: generated boundary cases (tuoyu test --boundaries).
//
// The generator perturbs one synthesised, valid dataset. Thresholds are discovered from the rules'
// compiled trees: a comparison between a number (a literal, or param() of an int or double parameter)
// and an expression reading the dataset, or between a dataset date and as_of (or another date). The
// dataset field the expression reads picks a "knob" (a capacity, a population, an age, the number of
// facilities, a date); a search over the knob finds where the rule's outcome flips, and cases are
// written one below, at and one above that point. Expectations are whatever the rulebook reports now.
#pragma once

#include <tuoyu/detail/dataset_values.hpp>
#include <tuoyu/detail/expr_ast.hpp>
#include <tuoyu/testing.hpp>

#include <boost/json/serialize.hpp>

#include <algorithm>
#include <map>
#include <set>
#include <tuple>

namespace tuoyu {
inline namespace v1 {
namespace detail {

enum class knob_kind : std::uint8_t {
  capacity, jurisdiction_population, township_population, enrolled, age_min, age_max, facility_count,
  date_field  // a facility date, set relative to as_of (or to the date it is compared with)
};

struct knob {
  knob_kind kind = knob_kind::capacity;
  std::string field;   // date_field: "opened", "closed", "registration.date", "filing.date"
  std::string anchor;  // date_field: "as_of", or the facility date field it is compared with
  friend bool operator<(const knob& a, const knob& b) {
    return std::tie(a.kind, a.field, a.anchor) < std::tie(b.kind, b.field, b.anchor);
  }
  friend bool operator==(const knob&, const knob&) = default;
};

struct threshold {
  std::size_t rule = 0;             // index into rulebook::rules()
  knob k;
  std::string parameter;            // the compared parameter, if any
  std::optional<double> literal;    // the compared literal, if any
  std::string comparison;           // the comparison's source text, for notes
};

inline std::string knob_name(const knob& k) {
  switch (k.kind) {
    case knob_kind::capacity: return "facilities[0].capacity";
    case knob_kind::jurisdiction_population: return "jurisdiction.population";
    case knob_kind::township_population: return "townships[0].population";
    case knob_kind::enrolled: return "facilities[0].enrolled";
    case knob_kind::age_min: return "facilities[0].enrolled_age_months.min";
    case knob_kind::age_max: return "facilities[0].enrolled_age_months.max";
    case knob_kind::facility_count: return "number of facilities";
    case knob_kind::date_field: return "facilities[0]." + k.field + " - " + k.anchor + " (days)";
  }
  return "";
}

inline bool ends_with(std::string_view s, std::string_view suffix) {
  return s.size() >= suffix.size() && s.substr(s.size() - suffix.size()) == suffix;
}

// The tree of a zero-argument definition that rules read as a variable (computed once per check).
inline const global_definition* global_of(const rulebook& rules, const node& n) {
  if (n.kind != node_kind::ident) return nullptr;
  for (const auto& g : rules.global_definitions())
    if (g.name == n.name) return &g;
  return nullptr;
}

inline void collect_paths(const rulebook& rules, const node& n, std::set<std::string>& paths, bool& uses_size,
                          std::set<std::string>& seen) {
  if (!n.path.empty()) paths.insert(n.path);
  if (n.kind == node_kind::call && n.fn == op::size) uses_size = true;
  if (auto* g = global_of(rules, n); g && seen.insert(g->name).second)
    collect_paths(rules, *g->expr.program().root, paths, uses_size, seen);
  for (const auto& a : n.args) collect_paths(rules, *a, paths, uses_size, seen);
}

inline std::string node_text(const program& p, const node& n) {
  if (n.origin >= p.sources.size()) return {};
  const auto& text = p.sources[n.origin]->text;
  if (n.begin >= n.end || n.end > text.size()) return {};
  return text.substr(n.begin, n.end - n.begin);
}

// A numeric constant side of a comparison: a literal or param() of a numeric parameter (maybe converted).
inline bool numeric_constant(const rulebook& rules, const node& n, std::string& parameter, std::optional<double>& literal) {
  if (n.kind == node_kind::literal && (n.literal.is_int() || n.literal.is_double())) {
    literal = n.literal.as_double();
    return true;
  }
  if (n.kind == node_kind::call && n.fn == op::param && n.args.size() == 1 && n.args[0]->kind == node_kind::literal &&
      n.args[0]->literal.is_string()) {
    auto* p = rules.find_parameter(n.args[0]->literal.as_string());
    if (!p || (p->type.kind() != type_kind::int_ && p->type.kind() != type_kind::double_)) return false;
    parameter = p->name;
    return true;
  }
  if (n.kind == node_kind::call && (n.fn == op::to_double || n.fn == op::to_int) && n.args.size() == 1)
    return numeric_constant(rules, *n.args[0], parameter, literal);
  return false;
}

inline std::vector<knob> numeric_knobs(const std::set<std::string>& paths, bool uses_size) {
  std::vector<knob> out;
  auto add = [&](knob_kind k) {
    knob x{k, "", ""};
    if (std::find(out.begin(), out.end(), x) == out.end()) out.push_back(x);
  };
  for (const auto& p : paths) {
    if (ends_with(p, ".capacity")) add(knob_kind::capacity);
    if (p == "jurisdiction.population" || p == "dataset.jurisdiction.population") add(knob_kind::jurisdiction_population);
    if (p == "township.population" || p == "dataset.townships[].population") add(knob_kind::township_population);
    if (ends_with(p, ".enrolled")) add(knob_kind::enrolled);
    if (ends_with(p, ".enrolled_age_months.min")) add(knob_kind::age_min);
    if (ends_with(p, ".enrolled_age_months.max")) add(knob_kind::age_max);
    if (uses_size && p.rfind("dataset.facilities", 0) == 0) add(knob_kind::facility_count);
  }
  return out;
}

// "facility.registration.date" → "registration.date"; only the facility dates the base dataset has.
inline std::string facility_date_field(const node& n) {
  if (n.kind != node_kind::select || n.t.kind() != type_kind::date) return {};
  for (std::string_view field : {"registration.date", "filing.date", "opened", "closed"})
    if (ends_with(n.path, "." + std::string(field)) &&
        (n.path.rfind("facility.", 0) == 0 || n.path.rfind("dataset.facilities[].", 0) == 0))
      return std::string(field);
  return {};
}

inline void find_thresholds(const rulebook& rules, std::size_t rule_index, const program& p, const node& n,
                            std::vector<threshold>& out, std::set<std::string>& seen) {
  bool comparison = n.kind == node_kind::call && n.args.size() == 2 &&
                    (n.fn == op::lt || n.fn == op::le || n.fn == op::gt || n.fn == op::ge || n.fn == op::eq ||
                     n.fn == op::ne);
  if (comparison) {
    for (int side = 0; side < 2; ++side) {
      const node& c = *n.args[side];
      const node& q = *n.args[1 - side];
      threshold t;
      t.rule = rule_index;
      t.comparison = node_text(p, n);
      if (numeric_constant(rules, c, t.parameter, t.literal)) {
        std::set<std::string> paths, globals;
        bool uses_size = false;
        collect_paths(rules, q, paths, uses_size, globals);
        for (const auto& k : numeric_knobs(paths, uses_size)) {
          t.k = k;
          out.push_back(t);
        }
      }
      if (auto field = facility_date_field(q); !field.empty()) {
        std::string anchor = c.kind == node_kind::ident && c.name == "as_of" ? "as_of" : facility_date_field(c);
        if (!anchor.empty() && anchor != field) {
          t.k = knob{knob_kind::date_field, field, anchor};
          out.push_back(t);
        }
      }
    }
  }
  if (auto* g = global_of(rules, n); g && seen.insert(g->name).second)
    find_thresholds(rules, rule_index, g->expr.program(), *g->expr.program().root, out, seen);
  for (const auto& a : n.args) find_thresholds(rules, rule_index, p, *a, out, seen);
}

inline boost::json::object base_facility() {
  return boost::json::object{
      {"id", "F1"}, {"name", "边界托育中心"}, {"township", "T1"}, {"kind", "nursery"}, {"legal_form", "enterprise"},
      {"status", "operating"}, {"opened", "2000-01-01"}, {"capacity", 100}, {"enrolled", 50},
      {"care_modes", boost::json::array{"full_day"}}, {"demonstration", true}, {"inclusive", true},
      {"utility_pricing", "residential"},
      {"registration", boost::json::object{{"authority", "admin_approval"}, {"date", "2000-01-01"},
                                           {"scope_includes_childcare", true}}},
      {"filing", boost::json::object{{"authority", "health"}, {"date", "2000-01-02"}}}};
}

// Facility variants, so that rules whose `when` needs a particular kind apply to some dataset.
inline std::vector<boost::json::object> facility_variants() {
  std::vector<boost::json::object> out{base_facility()};
  auto kg = base_facility();
  kg["kind"] = "kindergarten_class";
  kg["enrolled_age_months"] = boost::json::object{{"min", 30}, {"max", 30}};
  out.push_back(kg);
  auto welfare = base_facility();
  welfare["kind"] = "employer";
  welfare["legal_form"] = "social_org";
  welfare["employees_only"] = true;
  welfare["free_of_charge"] = true;
  out.push_back(welfare);
  return out;
}

// A valid dataset in which, with the base facility, every built-in rule holds: one township, one
// registered and filed demonstration facility, a plenary meeting and a training every year.
inline boost::json::object base_dataset(const boost::json::object& facility, int first_year, int last_year,
                                        std::optional<int> skip_year = std::nullopt) {
  boost::json::array meetings, trainings;
  for (int y = first_year; y <= last_year; ++y) {
    if (skip_year && y == *skip_year) continue;
    auto day = std::to_string(y) + "-06-30";
    meetings.push_back(boost::json::object{{"date", day}, {"kind", "plenary"}});
    trainings.push_back(boost::json::object{{"date", day}, {"health_exam", true}});
  }
  return boost::json::object{
      {"jurisdiction", boost::json::object{{"id", "J"}, {"name", "边界县"}, {"population", 10000}}},
      {"townships", boost::json::array{boost::json::object{{"id", "T1"}, {"name", "甲镇"}, {"population", 10000}}}},
      {"facilities", boost::json::array{facility}},
      {"meetings", std::move(meetings)},
      {"trainings", std::move(trainings)}};
}

inline void set_facility_date(boost::json::object& f, const std::string& field, const std::string& text) {
  if (field == "registration.date") f["registration"].as_object()["date"] = text;
  else if (field == "filing.date") f["filing"].as_object()["date"] = text;
  else f[field] = text;
}

inline std::string facility_date(const boost::json::object& f, const std::string& field) {
  const boost::json::value* v = nullptr;
  if (field == "registration.date") v = f.at("registration").as_object().if_contains("date");
  else if (field == "filing.date") v = f.at("filing").as_object().if_contains("date");
  else v = f.if_contains(field);
  return v && v->is_string() ? std::string(v->get_string()) : std::string();
}

// The knob's range: values a valid dataset can take, wide enough to pass any sensible threshold.
inline std::pair<std::int64_t, std::int64_t> knob_range(const knob& k) {
  switch (k.kind) {
    case knob_kind::jurisdiction_population:
    case knob_kind::township_population: return {1, 100'000'000};
    case knob_kind::age_min:
    case knob_kind::age_max: return {0, 240};
    case knob_kind::facility_count: return {0, 64};
    case knob_kind::date_field: return {-800, 800};
    default: return {0, 10'000'000};
  }
}

// The base dataset with the knob set to `v`; nullopt if that cannot be done (e.g. a date out of range).
inline std::optional<boost::json::object> apply_knob(const boost::json::object& base, const knob& k, std::int64_t v,
                                                     date as_of) try {
  auto d = base;
  auto& facilities = d["facilities"].as_array();
  auto& f = facilities[0].as_object();
  switch (k.kind) {
    case knob_kind::capacity: f["capacity"] = v; break;
    case knob_kind::jurisdiction_population: d["jurisdiction"].as_object()["population"] = v; break;
    case knob_kind::township_population: d["townships"].as_array()[0].as_object()["population"] = v; break;
    case knob_kind::enrolled: f["enrolled"] = v; break;
    case knob_kind::age_min:
    case knob_kind::age_max: {
      auto& range = f["enrolled_age_months"];
      if (!range.is_object()) range = boost::json::object{{"min", 30}, {"max", 30}};
      range.as_object()[k.kind == knob_kind::age_min ? "min" : "max"] = v;
      break;
    }
    case knob_kind::facility_count: {
      auto model = f;
      facilities.clear();
      for (std::int64_t i = 1; i <= v; ++i) {
        auto copy = model;
        copy["id"] = "F" + std::to_string(i);
        facilities.push_back(std::move(copy));
      }
      break;
    }
    case knob_kind::date_field: {
      date anchor = as_of;
      if (k.anchor != "as_of") anchor = date::parse(facility_date(f, k.anchor));
      auto moved = anchor.add_days(static_cast<std::int32_t>(v));
      if (moved.year() < 1 || moved.year() > 9999) return std::nullopt;
      set_facility_date(f, k.field, moved.to_string());
      break;
    }
  }
  return d;
} catch (const std::exception&) {
  return std::nullopt;
}

class boundary_builder {
 public:
  boundary_builder(const rulebook& rules, int first_year, int last_year)
      : rules_(rules), first_year_(first_year), last_year_(last_year) {}

  // Whether `rule` reports a finding for the dataset at `as_of` (nullopt: the dataset is invalid).
  std::optional<bool> fires(const std::optional<boost::json::object>& data, date as_of, std::size_t rule) const {
    if (!data) return std::nullopt;
    try {
      auto d = dataset_from_json(*data);
      auto r = check(rules_, d, as_of);
      const auto& id = rules_.rules()[rule].id;
      return std::any_of(r.findings.begin(), r.findings.end(), [&](const finding& f) { return f.rule == id; });
    } catch (const std::exception&) {
      return std::nullopt;
    }
  }

  void add(std::string name, date as_of, const std::optional<boost::json::object>& data, std::string note) {
    if (!data) return;
    dataset d;
    try {
      d = dataset_from_json(*data);
    } catch (const std::exception&) {
      return;  // a perturbation that makes the dataset invalid (e.g. a date out of range) is no case
    }
    auto r = check(rules_, d, as_of);
    boost::json::array expect;
    for (const auto& f : r.findings) {
      boost::json::object e{{"rule", f.rule}, {"subject", f.subject.id}};
      if (f.subject.year) e["year"] = *f.subject.year;
      expect.push_back(std::move(e));
    }
    std::string unique = name;
    for (int n = 2; !names_.insert(unique).second; ++n) unique = name + " #" + std::to_string(n);
    cases_.push_back(boost::json::object{{"name", unique},
                                         {"as_of", as_of.to_string()},
                                         {"review", true},
                                         {"note", std::move(note)},
                                         {"dataset", *data},
                                         {"expect", std::move(expect)},
                                         {"exact", true}});
  }

  boost::json::object base(const boost::json::object& facility, std::optional<int> skip_year = std::nullopt) const {
    return base_dataset(facility, first_year_, last_year_, skip_year);
  }

  boost::json::array take() { return std::move(cases_); }

 private:
  const rulebook& rules_;
  int first_year_;
  int last_year_;
  boost::json::array cases_;
  std::set<std::string> names_;
};

// The first date on which both the rulebook and the rule are in force (nullopt: never from a known date).
inline std::optional<date> first_in_force(const rulebook& rules, const rule& r) {
  std::optional<date> d = rules.in_force().from;
  if (r.in_force.from && (!d || *r.in_force.from > *d)) d = r.in_force.from;
  if (!d) d = date::parse("2000-01-01");
  if (!rules.in_force().contains(*d) || !r.in_force.contains(*d)) return std::nullopt;
  return d;
}

}  // namespace detail

TUOYU_DECL boost::json::value boundary_cases(const rulebook& rules, const std::string& rulebook_name) {
  using namespace detail;
  // Every date the rulebook turns on: in force periods and parameter dates.
  std::map<date, std::string> dates;
  auto add_date = [&](const std::optional<date>& d, const std::string& what) {
    if (!d) return;
    auto& text = dates[*d];
    text += (text.empty() ? "" : "; ") + what;
  };
  add_date(rules.in_force().from, "the rulebook comes into force");
  add_date(rules.in_force().until, "the rulebook ends");
  for (const auto& r : rules.rules()) {
    if (r.subject == subject_kind::organisation) continue;
    add_date(r.in_force.from, r.id + " comes into force");
    add_date(r.in_force.until, r.id + " ends");
  }
  for (const auto& p : rules.parameters())
    for (const auto& e : p.values) add_date(e.from, "parameter " + p.name + " becomes " + display(e.value));
  // Meetings and trainings every year around the rulebook's dates (each rule's first checked year is
  // within them: years before the first date are never checked).
  int first_year = 2000, last_year = 2001;
  if (!dates.empty()) {
    first_year = std::max(1, dates.begin()->first.year() - 1);
    last_year = std::min(9999, dates.rbegin()->first.year() + 1);
  }
  boundary_builder out(rules, first_year, last_year);
  const auto variants = facility_variants();
  const auto base = out.base(variants[0]);

  // Dates: the day before, on and after, with the base dataset and with no facilities at all (so rules
  // about capacity, demonstration facilities and coverage fire and their start is visible).
  auto empty = base;
  empty["facilities"].as_array().clear();
  for (const auto& [d, what] : dates)
    for (int delta : {-1, 0, 1}) {
      auto as_of = d.add_days(delta);
      std::string where = delta < 0 ? "the day before " : delta == 0 ? "on " : "the day after ";
      out.add("date " + d.to_string() + ": " + where.substr(0, where.size() - 1) + ", base dataset", as_of, base,
              where + d.to_string() + " (" + what + "), with a dataset where every rule holds");
      out.add("date " + d.to_string() + ": " + where.substr(0, where.size() - 1) + ", no facilities", as_of, empty,
              where + d.to_string() + " (" + what + "), with no facilities");
    }

  // Numeric and date thresholds, found in the rules' trees.
  std::vector<threshold> found;
  for (std::size_t i = 0; i < rules.rules().size(); ++i) {
    const auto& r = rules.rules()[i];
    if (r.subject == subject_kind::organisation) continue;
    std::set<std::string> seen;
    for (const auto* e : {r.when ? &*r.when : nullptr, r.require ? &*r.require : nullptr})
      if (e) find_thresholds(rules, i, e->program(), *e->program().root, found, seen);
  }
  std::set<std::tuple<std::size_t, knob, std::string>> done;
  for (const auto& t : found) {
    const auto& r = rules.rules()[t.rule];
    if (!done.insert({t.rule, t.k, t.parameter}).second) continue;
    auto start = first_in_force(rules, r);
    if (!start) continue;
    // The dates to probe: each date the compared parameter takes a value (while the rule is in force),
    // else the first day the rule is in force.
    std::vector<date> at;
    if (const auto* p = t.parameter.empty() ? nullptr : rules.find_parameter(t.parameter)) {
      for (const auto& e : p->values)
        if (rules.in_force().contains(std::max(e.from, *start)) && r.in_force.contains(std::max(e.from, *start)))
          at.push_back(std::max(e.from, *start));
      at.erase(std::unique(at.begin(), at.end()), at.end());
    }
    if (at.empty()) at.push_back(*start);
    auto [lo, hi] = knob_range(t.k);
    for (auto d : at) {
      // The first facility variant for which the outcome flips somewhere in the knob's range.
      for (const auto& facility : variants) {
        auto data = out.base(facility);
        auto probe = [&](std::int64_t v) { return out.fires(apply_knob(data, t.k, v, d), d, t.rule); };
        auto low = probe(lo), high = probe(hi);
        if (!low || !high || *low == *high) continue;
        // Binary search for the smallest value whose outcome differs from the low end's (monotone).
        std::int64_t a = lo, b = hi;
        while (b - a > 1) {
          auto mid = a + (b - a) / 2;
          auto m = probe(mid);
          if (!m) break;
          (*m == *low ? a : b) = mid;
        }
        std::string what = r.id + ": " + t.comparison;
        if (!t.parameter.empty())
          if (auto* p = rules.find_parameter(t.parameter); p && p->at(d))
            what += " with " + t.parameter + " = " + display(p->at(d)->value);
        std::string flip = *low ? "holds from " : "fires from ";
        for (auto v : {b - 1, b, b + 1}) {
          std::string rel = v < b ? "just below the flip" : v == b ? "at the flip" : "just above the flip";
          out.add(r.id + " " + knob_name(t.k) + " = " + std::to_string(v) + " at " + d.to_string(), d,
                  apply_knob(data, t.k, v, d),
                  what + "; " + knob_name(t.k) + " = " + std::to_string(v) + ", " + rel + " (the rule " + flip +
                      knob_name(t.k) + " = " + std::to_string(b) + ")");
        }
        // The same datasets the day before the date, when another value (or none) was in force.
        if (!t.parameter.empty())
          for (auto v : {b - 1, b})
            out.add(r.id + " " + knob_name(t.k) + " = " + std::to_string(v) + " at " + d.add_days(-1).to_string(),
                    d.add_days(-1), apply_knob(data, t.k, v, d),
                    what + "; the day before " + d.to_string() + ", " + knob_name(t.k) + " = " + std::to_string(v));
        break;
      }
    }
  }

  // Per-year rules: the first checked year enters the range on 1 January of the next year.
  for (const auto& r : rules.rules()) {
    if (r.subject != subject_kind::year || !r.years_from) continue;
    auto start = first_in_force(rules, r);
    if (!start) continue;
    auto d0 = dataset_from_json(base);
    auto first = evaluate_in(rules, d0, *start, *r.years_from);
    if (!first.is_int() || first.as_int() < 2 || first.as_int() > 9998) continue;
    int y = static_cast<int>(first.as_int());
    auto jan1 = date::from_ymd(y + 1, 1, 1);
    for (int skip : {y, y - 1})
      for (int delta : {-1, 0, 1}) {
        auto as_of = jan1->add_days(delta);
        out.add(r.id + ": nothing in " + std::to_string(skip) + ", as of " + as_of.to_string(), as_of,
                out.base(variants[0], skip),
                r.id + " checks whole years from " + std::to_string(y) + ": no records dated " + std::to_string(skip) +
                    ", as of " + as_of.to_string());
      }
  }

  return boost::json::object{
      {"rulebook", rulebook_name},
      {"note", "Generated by tuoyu test --boundaries: boundary cases whose expectations are what the rulebook "
               "reported when they were generated. Review each case (then drop \"review\") before trusting it."},
      {"cases", out.take()}};
}

}  // namespace v1
}  // namespace tuoyu
