// tuoyu test: runs declarative rule test cases (contract section 8, docs/testing.md), reports rule
// coverage, and generates boundary cases for a rulebook.
#include "commands.hpp"
#include "output.hpp"

#include <tuoyu/testing.hpp>

#include <boost/json/serialize.hpp>

#include <algorithm>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <sstream>

namespace tuoyu::cli {

namespace {

std::string subject_text(const finding& f) {
  return f.subject.id + (f.subject.year ? " " + std::to_string(*f.subject.year) : std::string());
}

void print_failure(std::ostream& out, const test_case& c, const case_result& r, const std::string& lang) {
  out << "  expected" << (c.exact ? " (exactly these)" : "") << ":";
  if (c.expect.empty()) out << " nothing";
  out << "\n";
  for (const auto& e : c.expect) out << "    " << e.to_string() << "\n";
  if (!c.absent.empty()) {
    out << "  must be absent:\n";
    for (const auto& e : c.absent) out << "    " << e.to_string() << "\n";
  }
  out << "  reported at " << c.as_of.to_string() << ":";
  if (r.report.findings.empty()) out << " nothing";
  out << "\n";
  for (const auto& f : r.report.findings)
    out << "    " << f.rule << " " << subject_text(f) << " (" << to_string(f.severity) << ")\n";
  out << describe_difference(r, lang);
}

void print_coverage(std::ostream& out, const coverage& c) {
  out << "coverage of " << c.rulebook_id << " (organisation rules are left out: tuoyu lint evaluates them)\n";
  std::size_t width = 4;
  for (const auto& r : c.rules) width = std::max(width, r.rule.size());
  auto pad = [](std::string s, std::size_t n) {
    s.resize(std::max(n, s.size()), ' ');
    return s;
  };
  out << "  " << pad("rule", width) << "  " << pad("subject", 12) << "  fired  applied-without-firing  covered\n";
  for (const auto& r : c.rules) {
    char counts[64];
    std::snprintf(counts, sizeof counts, "%5zu  %22zu", r.fired, r.held);
    out << "  " << pad(r.rule, width) << "  " << pad(std::string(to_string(r.subject)), 12) << "  " << counts << "  "
        << (r.covered() ? "yes" : r.fired ? "no (never held)" : r.held ? "no (never fired)" : "no (never applied)")
        << "\n";
  }
  char share[32];
  std::snprintf(share, sizeof share, "%.1f%%", c.percent());
  out << "  " << c.covered() << " of " << c.rules.size() << " rules covered both ways: " << share << "\n";
}

double percent_argument(const arguments& a) {
  auto text = a.get("min-coverage");
  std::istringstream in(text);
  double p = -1;
  in >> p;
  if (text.empty() || !in.eof() || in.fail() || !std::isfinite(p) || p < 0 || p > 100)
    throw usage_error("--min-coverage: expected a percentage from 0 to 100, not \"" + text + "\"");
  return p;
}

// Indented JSON, so generated cases can be read and reviewed; arrays of scalars stay on one line.
void write_indented(std::string& out, const boost::json::value& v, int depth) {
  auto newline = [&](int d) { out += "\n" + std::string(static_cast<std::size_t>(d) * 2, ' '); };
  if (v.is_object() && !v.get_object().empty()) {
    out += '{';
    bool first = true;
    for (const auto& [key, item] : v.get_object()) {
      out += first ? "" : ",";
      first = false;
      newline(depth + 1);
      out += boost::json::serialize(boost::json::value(key)) + ": ";
      write_indented(out, item, depth + 1);
    }
    newline(depth);
    out += '}';
    return;
  }
  if (v.is_array() && !v.get_array().empty()) {
    const auto& array = v.get_array();
    bool flat = std::none_of(array.begin(), array.end(), [](const auto& x) { return x.is_structured(); });
    if (flat) {
      out += boost::json::serialize(v);
      return;
    }
    out += '[';
    for (std::size_t i = 0; i < array.size(); ++i) {
      out += i ? "," : "";
      newline(depth + 1);
      write_indented(out, array[i], depth + 1);
    }
    newline(depth);
    out += ']';
    return;
  }
  out += boost::json::serialize(v);
}

int run_boundaries(const arguments& a) {
  if (!a.positional().empty()) throw usage_error("--boundaries takes no CASES");
  auto name = a.get("boundaries");
  auto ids = builtin_rulebook_ids();
  bool builtin = std::find(ids.begin(), ids.end(), name) != ids.end();
  auto rules = builtin ? builtin_rulebook(name) : load_rulebook(name);
  // A path is written relative to where the case file goes, so the file runs from there.
  std::string written = name;
  if (!builtin) {
    namespace fs = std::filesystem;
    auto out_dir = a.has("output") ? fs::absolute(a.get("output")).parent_path() : fs::current_path();
    written = fs::relative(fs::absolute(name), out_dir).generic_string();
  }
  auto doc = boundary_cases(rules, written);
  std::string text;
  write_indented(text, doc, 0);
  emit(a.get("output"), text + "\n");
  return 0;
}

}  // namespace

int run_test(const std::vector<std::string>& args) {
  arguments a(args, {"rulebook", "min-coverage", "boundaries", "output", "lang"}, {"coverage"});
  auto lang = a.choice("lang", "zh", {"zh", "en"});
  if (a.has("boundaries")) {
    if (a.has("rulebook") || a.has("coverage") || a.has("min-coverage"))
      throw usage_error("--boundaries RULEBOOK cannot be combined with --rulebook, --coverage or --min-coverage");
    return run_boundaries(a);
  }
  if (a.has("output")) throw usage_error("--output is only for --boundaries");
  if (a.positional().empty()) throw usage_error("missing CASES (case files or folders of *.cases.json)");
  std::optional<double> min_coverage;
  if (a.has("min-coverage")) min_coverage = percent_argument(a);

  // Everything is read before anything is printed: a malformed case file means exit 2 and no output.
  case_file_options options;
  if (a.has("rulebook")) options.rulebook_override = load_rulebooks(a).front();
  std::vector<std::filesystem::path> paths(a.positional().begin(), a.positional().end());
  std::vector<case_file> files;
  for (const auto& path : find_case_files(paths)) files.push_back(load_case_file(path, options));

  auto run = run_case_files(files);
  std::ostringstream out;
  for (std::size_t i = 0; i < files.size(); ++i)
    for (std::size_t j = 0; j < files[i].cases.size(); ++j) {
      const auto& r = run.files[i].cases[j];
      out << (r.passed ? "PASS " : "FAIL ") << r.file << ": " << r.name << "\n";
      if (!r.passed) print_failure(out, files[i].cases[j], r, lang);
    }
  bool coverage_short = false;
  for (const auto& c : run.coverages) {
    if (a.has("coverage")) print_coverage(out, c);
    if (min_coverage && c.percent() + 1e-9 < *min_coverage) {
      coverage_short = true;
      char line[160];
      std::snprintf(line, sizeof line, "coverage of %s is %.1f%%, below --min-coverage %g\n", c.rulebook_id.c_str(),
                    c.percent(), *min_coverage);
      out << line;
    }
  }
  out << run.passed() << " passed, " << run.failed() << " failed\n";
  emit("", out.str());
  return run.failed() > 0 || coverage_short ? 1 : 0;
}

}  // namespace tuoyu::cli
