// Out-of-line part of testing.hpp: reading case files, running cases, coverage.
#pragma once

#include <tuoyu/detail/json_read.hpp>
#include <tuoyu/detail/json_reader.hpp>
#include <tuoyu/testing.hpp>

#include <algorithm>
#include <map>
#include <set>

namespace tuoyu {
inline namespace v1 {
namespace detail {

using case_reader = json_reader<input_error>;

// Unknown keys are errors: a misspelt "absnet" or "exat" would otherwise make a test pass vacuously.
inline void reject_unknown_keys(const case_reader& r, std::initializer_list<std::string_view> known,
                                std::string_view what) {
  for (const auto& [key, v] : r.object()) {
    (void)v;
    if (std::find(known.begin(), known.end(), std::string_view(key)) != known.end()) continue;
    std::string list;
    for (auto k : known) list += (list.empty() ? "" : ", ") + std::string(k);
    throw input_error("tuoyu.input.130",
                      "unknown key " + json_quote(key) + " in " + std::string(what) + " (expected " + list + ")",
                      location{"", r.pointer() + pointer_token(key), 0, 0});
  }
}

inline case_reader required(const case_reader& r, std::string_view key) {
  if (!r.object().if_contains(key))
    throw input_error("tuoyu.input.111", "missing required field \"" + std::string(key) + "\"",
                      location{"", r.pointer() + pointer_token(key), 0, 0});
  return r.at(key);
}

inline std::vector<expectation> read_expectations(const case_reader& r, std::string_view key, const rulebook& rules) {
  std::vector<expectation> out;
  if (!r.object().if_contains(key)) return out;
  auto list = r.at(key);
  for (std::size_t i = 0; i < list.size(); ++i) {
    auto e = list.at(i);
    reject_unknown_keys(e, {"rule", "subject", "year"}, "an expectation");
    expectation x;
    auto rule_at = required(e, "rule");
    x.rule = rule_at.string();
    x.subject = required(e, "subject").string();
    const auto* r_ = rules.find_rule(x.rule);
    if (!r_)
      rule_at.fail("tuoyu.input.133", "no rule " + json_quote(x.rule) + " in rulebook " + rules.id());
    if (r_->subject == subject_kind::organisation)
      rule_at.fail("tuoyu.input.133", "rule " + x.rule + " is an organisation rule: tuoyu lint evaluates it, not tuoyu check");
    if (e.has("year")) {
      auto y = e.at("year");
      if (!y.value().is_int64())
        y.fail("tuoyu.input.103", "expected a year (a whole number), found " + std::string(json_kind_name(y.value())));
      if (y.value().get_int64() < 1 || y.value().get_int64() > 9999)
        y.fail("tuoyu.input.105", "expected a year from 1 to 9999, got " + std::to_string(y.value().get_int64()));
      if (r_->subject != subject_kind::year)
        y.fail("tuoyu.input.135", "rule " + x.rule + " is not a per-year rule, so its findings have no year");
      x.year = static_cast<int>(y.value().get_int64());
    }
    out.push_back(std::move(x));
  }
  return out;
}

inline rulebook resolve_rulebook(const case_reader& r, const std::string& name, const std::filesystem::path& base) {
  auto ids = builtin_rulebook_ids();
  if (std::find(ids.begin(), ids.end(), name) != ids.end()) return builtin_rulebook(name);
  auto path = base / name;
  std::error_code ec;
  if (name.empty() || !std::filesystem::is_regular_file(path, ec)) {
    std::string list;
    for (const auto& id : ids) list += (list.empty() ? "" : ", ") + id;
    r.fail("tuoyu.input.132", "unknown rulebook " + json_quote(name) + ": not a built-in id (" + list +
                                  ") nor a file relative to the case file (" + path.string() + ")");
  }
  return load_rulebook(path);
}

inline std::string why_missing(const rulebook& rules, const test_case& c, const expectation& e) {
  const rule* r = rules.find_rule(e.rule);
  if (!r) return "no such rule";
  bool whole = r->subject == subject_kind::jurisdiction || r->subject == subject_kind::year;
  if (whole && e.subject != c.dataset.jurisdiction.id)
    return "the jurisdiction of the dataset is \"" + c.dataset.jurisdiction.id + "\"";
  if (r->subject == subject_kind::year) {
    if (!e.year) return "no finding for any year";
    auto from = evaluate_in(rules, c.dataset, c.as_of, *r->years_from);
    auto to = evaluate_in(rules, c.dataset, c.as_of, *r->years_to);
    if (from.is_int() && to.is_int() && (*e.year < from.as_int() || *e.year > to.as_int()))
      return "the year " + std::to_string(*e.year) + " is not checked on " + c.as_of.to_string() + " (years " +
             std::to_string(from.as_int()) + " to " + std::to_string(to.as_int()) + ")";
  }
  try {
    auto x = explain(rules, c.dataset, c.as_of, e.rule, r->subject == subject_kind::year ? std::to_string(*e.year)
                                                        : whole ? std::string() : e.subject);
    if (!x.in_force) return "the rule is not in force on " + c.as_of.to_string();
    if (!x.applies) return "the rule does not apply (its `when` is false)";
    if (!x.finding) return "the rule holds (its `require` is true)";
    return "a finding was reported for another subject or year";
  } catch (const error&) {
    return "no " + std::string(to_string(r->subject)) + " \"" + e.subject + "\" in the dataset";
  }
}

}  // namespace detail

TUOYU_DECL case_file parse_case_file(std::string_view text, const std::filesystem::path& file,
                                     const case_file_options& options) {
  const std::string file_name = file.string();
  const auto base = file.parent_path();
  try {
    auto doc = parse_json(text, file_name, options.limits, json_syntax{true, true});
    detail::case_reader root(doc, "", file_name, "tuoyu.input.103");
    detail::reject_unknown_keys(root, {"rulebook", "cases", "description", "note"}, "a case file");
    std::string rulebook_name = "zezhou-2022";
    std::optional<rulebook> rules = options.rulebook_override;
    if (root.object().if_contains("rulebook")) {
      auto rb = root.at("rulebook");
      rulebook_name = rb.string();
      if (!rules) rules = detail::resolve_rulebook(rb, rulebook_name, base);
    }
    if (!rules) rules = builtin_rulebook(rulebook_name);

    case_file out{file_name, rulebook_name, *rules, {}};
    auto cases = detail::required(root, "cases");
    std::map<std::string, std::string, std::less<>> names;  // name → pointer of its first case
    std::map<std::filesystem::path, dataset> loaded;         // dataset_file → dataset, read once per file
    for (std::size_t i = 0; i < cases.size(); ++i) {
      auto c = cases.at(i);
      detail::reject_unknown_keys(
          c, {"name", "as_of", "dataset", "dataset_file", "expect", "absent", "exact", "review", "note"}, "a case");
      test_case t;
      t.pointer = c.pointer();
      auto name_at = detail::required(c, "name");
      t.name = name_at.string();
      if (auto [it, fresh] = names.emplace(t.name, t.pointer); !fresh)
        name_at.fail("tuoyu.input.134", "duplicate case name " + detail::json_quote(t.name) + " (first at " + it->second + ")");
      auto as_of_at = detail::required(c, "as_of");
      auto as_of = date::try_parse(as_of_at.string());
      if (!as_of)
        as_of_at.fail("tuoyu.input.110", "invalid date " + detail::json_quote(as_of_at.string()) +
                                             " (expected a real day as YYYY-MM-DD)");
      t.as_of = *as_of;
      bool inline_data = c.object().if_contains("dataset") != nullptr;
      bool file_data = c.object().if_contains("dataset_file") != nullptr;
      if (inline_data == file_data)
        throw input_error("tuoyu.input.131",
                          inline_data ? "a case gives both \"dataset\" and \"dataset_file\"; give one"
                                      : "a case needs a \"dataset\" or a \"dataset_file\"",
                          location{file_name, t.pointer, 0, 0});
      if (inline_data) {
        try {
          t.dataset = dataset_from_json(c.at("dataset").value(), department_directory::builtin(), options.limits);
        } catch (error& e) {
          e.prefix_pointer(t.pointer + "/dataset");
          throw;
        }
      } else {
        t.dataset_file = c.at("dataset_file").string();
        auto path = base / t.dataset_file;
        auto it = loaded.find(path);
        if (it == loaded.end()) it = loaded.emplace(path, load_dataset(path, options.limits)).first;
        t.dataset = it->second;
      }
      t.expect = detail::read_expectations(c, "expect", *rules);
      t.absent = detail::read_expectations(c, "absent", *rules);
      if (c.object().if_contains("exact")) t.exact = c.at("exact").boolean();
      if (c.object().if_contains("review")) t.review = c.at("review").boolean();
      if (c.object().if_contains("note")) t.note = c.at("note").string();
      out.cases.push_back(std::move(t));
    }
    return out;
  } catch (error& e) {
    // Content errors are found without knowing the file; errors from a dataset_file keep theirs.
    if (e.where().file.empty()) e.set_file(file_name);
    throw;
  }
}

TUOYU_DECL case_file load_case_file(const std::filesystem::path& path, const case_file_options& options) {
  return parse_case_file(read_input_file(path, options.limits), path, options);
}

TUOYU_DECL std::vector<std::filesystem::path> find_case_files(const std::vector<std::filesystem::path>& paths) {
  namespace fs = std::filesystem;
  std::vector<fs::path> out;
  for (const auto& p : paths) {
    std::error_code ec;
    auto status = fs::status(p, ec);
    if (!fs::exists(status))
      throw io_error("tuoyu.io.001", "cannot open: no such file or folder", location{p.string(), "", 0, 0});
    if (!fs::is_directory(status)) {
      out.push_back(p);
      continue;
    }
    std::vector<fs::path> found;
    for (auto it = fs::recursive_directory_iterator(p, fs::directory_options::skip_permission_denied, ec);
         !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
      auto name = it->path().filename().string();
      constexpr std::string_view suffix = ".cases.json";
      if (name.size() > suffix.size() && name.compare(name.size() - suffix.size(), suffix.size(), suffix) == 0 &&
          it->is_regular_file(ec))
        found.push_back(it->path());
    }
    if (ec) throw io_error("tuoyu.io.001", "cannot read folder: " + ec.message(), location{p.string(), "", 0, 0});
    std::sort(found.begin(), found.end());
    out.insert(out.end(), found.begin(), found.end());
  }
  return out;
}

TUOYU_DECL case_result run_case(const rulebook& rules, const test_case& c, const std::string& file,
                                rule_counters* counters) {
  case_result out;
  out.file = file;
  out.name = c.name;
  check_options options;
  options.counters = counters;
  out.report = check(rules, c.dataset, c.as_of, options);
  const auto& findings = out.report.findings;
  for (const auto& e : c.expect)
    if (std::none_of(findings.begin(), findings.end(), [&](const finding& f) { return e.matches(f); }))
      out.missing.push_back({e, detail::why_missing(rules, c, e)});
  for (const auto& f : findings) {
    auto hit = [&](const std::vector<expectation>& list) {
      return std::any_of(list.begin(), list.end(), [&](const expectation& e) { return e.matches(f); });
    };
    bool forbidden = hit(c.absent);
    if (forbidden || (c.exact && !hit(c.expect))) out.unexpected.push_back({f, forbidden});
  }
  out.passed = out.missing.empty() && out.unexpected.empty();
  return out;
}

TUOYU_DECL std::string describe_difference(const case_result& r, std::string_view lang) {
  std::string out;
  for (const auto& m : r.missing) out += "  - missing: " + m.expected.to_string() + ": " + m.reason + "\n";
  for (const auto& u : r.unexpected) {
    const auto& f = u.finding;
    out += "  + unexpected" + std::string(u.listed_absent ? " (listed in absent)" : "") + ": " + f.rule + " " +
           f.subject.id + (f.subject.year ? " " + std::to_string(*f.subject.year) : std::string()) + ": " +
           f.message.in(lang) + "\n";
  }
  return out;
}

TUOYU_DECL std::string findings_mismatch(const rulebook& rules, const dataset& data, date as_of,
                                         const std::vector<expectation>& expected, bool exact) {
  test_case c;
  c.name = "findings";
  c.as_of = as_of;
  c.dataset = data;
  c.expect = expected;
  c.exact = exact;
  auto r = run_case(rules, c);
  if (r.passed) return {};
  std::string reported;
  for (const auto& f : r.report.findings)
    reported += (reported.empty() ? "" : ", ") + f.rule + " " + f.subject.id +
                (f.subject.year ? " " + std::to_string(*f.subject.year) : std::string());
  return "findings at " + as_of.to_string() + " differ (reported: " + (reported.empty() ? "nothing" : reported) +
         ")\n" + describe_difference(r);
}

TUOYU_DECL std::string findings_mismatch(const rulebook& rules, const dataset& data, std::string_view as_of,
                                         const std::vector<expectation>& expected, bool exact) {
  return findings_mismatch(rules, data, date::parse(as_of), expected, exact);
}

TUOYU_DECL std::size_t test_run::passed() const noexcept {
  std::size_t n = 0;
  for (const auto& f : files)
    for (const auto& c : f.cases) n += c.passed;
  return n;
}

TUOYU_DECL std::size_t test_run::failed() const noexcept {
  std::size_t n = 0;
  for (const auto& f : files)
    for (const auto& c : f.cases) n += !c.passed;
  return n;
}

TUOYU_DECL test_run run_case_files(const std::vector<case_file>& files) {
  test_run out;
  for (const auto& file : files) {
    const auto& rules = file.rules.rules();
    auto cov = std::find_if(out.coverages.begin(), out.coverages.end(),
                            [&](const coverage& c) { return c.rulebook_id == file.rules.id(); });
    if (cov == out.coverages.end()) {
      coverage fresh;
      fresh.rulebook_id = file.rules.id();
      out.coverages.push_back(std::move(fresh));
      cov = out.coverages.end() - 1;
    }
    // Coverage is kept by rule id, so two files naming one rulebook add up.
    for (std::size_t i = 0; i < rules.size(); ++i) {
      if (rules[i].subject == subject_kind::organisation) continue;
      auto it = std::find_if(cov->rules.begin(), cov->rules.end(),
                             [&](const rule_coverage& r) { return r.rule == rules[i].id; });
      if (it == cov->rules.end()) cov->rules.push_back({rules[i].id, rules[i].subject, 0, 0});
    }
    case_file_result result;
    result.file = file.file;
    for (const auto& c : file.cases) {
      rule_counters counters(rules.size());
      result.cases.push_back(run_case(file.rules, c, file.file, &counters));
      for (std::size_t i = 0; i < rules.size(); ++i) {
        if (rules[i].subject == subject_kind::organisation) continue;
        for (auto& r : cov->rules)
          if (r.rule == rules[i].id) {
            r.fired += counters[i].fired.load() > 0;
            r.held += counters[i].held.load() > 0;
          }
      }
    }
    out.files.push_back(std::move(result));
  }
  return out;
}

namespace detail {
inline boost::json::value expectation_json(const expectation& e) {
  boost::json::object o{{"rule", e.rule}, {"subject", e.subject}};
  if (e.year) o["year"] = *e.year;
  return o;
}
}  // namespace detail

TUOYU_DECL boost::json::value to_json(const case_result& r) {
  boost::json::array missing, unexpected;
  for (const auto& m : r.missing) {
    auto o = detail::expectation_json(m.expected);
    o.as_object()["reason"] = m.reason;
    missing.push_back(std::move(o));
  }
  for (const auto& u : r.unexpected) {
    auto o = to_json(u.finding);
    o.as_object()["listed_absent"] = u.listed_absent;
    unexpected.push_back(std::move(o));
  }
  return boost::json::object{{"file", r.file},         {"name", r.name},
                             {"passed", r.passed},     {"missing", std::move(missing)},
                             {"unexpected", std::move(unexpected)}, {"report", to_json(r.report)}};
}

TUOYU_DECL boost::json::value to_json(const coverage& c) {
  boost::json::array rules;
  for (const auto& r : c.rules)
    rules.push_back(boost::json::object{{"rule", r.rule},
                                        {"subject", to_string(r.subject)},
                                        {"fired", r.fired},
                                        {"held", r.held},
                                        {"covered", r.covered()}});
  return boost::json::object{{"rulebook", c.rulebook_id},
                             {"rules", std::move(rules)},
                             {"covered", c.covered()},
                             {"percent", c.percent()}};
}

}  // namespace v1
}  // namespace tuoyu
