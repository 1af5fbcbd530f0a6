// Declarative rule tests (contract section 8): case files of {name, as_of, dataset, expect, absent,
// exact}, run against the engine, with per-case differences, rule coverage and generated boundary cases.
#pragma once

#include <tuoyu/check.hpp>
#include <tuoyu/dataset.hpp>
#include <tuoyu/date.hpp>
#include <tuoyu/detail/config.hpp>
#include <tuoyu/report.hpp>
#include <tuoyu/rulebook.hpp>

#include <boost/json/value.hpp>

#include <cstddef>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace tuoyu {
inline namespace v1 {

// One expected (or forbidden) finding: the rule id and the subject id; `year` pins one year of a
// per-year rule (without it any year matches).
struct expectation {
  std::string rule;
  std::string subject;
  std::optional<int> year;

  expectation() = default;
  // So that {"ZZ-REG-NOT-FILED", "F7"} needs no year (and warns about no missing initializer).
  expectation(std::string rule_id, std::string subject_id, std::optional<int> in_year = std::nullopt)
      : rule(std::move(rule_id)), subject(std::move(subject_id)), year(in_year) {}

  bool matches(const finding& f) const noexcept {
    return f.rule == rule && f.subject.id == subject && (!year || f.subject.year == year);
  }
  std::string to_string() const {
    return rule + " " + subject + (year ? " " + std::to_string(*year) : std::string());
  }
  friend bool operator==(const expectation&, const expectation&) = default;
};

struct test_case {
  std::string name;
  date as_of;
  tuoyu::dataset dataset;
  std::string dataset_file;           // as written in the case file; empty for an inline dataset
  std::vector<expectation> expect;
  std::vector<expectation> absent;
  bool exact = false;                 // the findings must be exactly `expect`
  bool review = false;                // generated and not yet reviewed by a person
  std::string note;
  std::string pointer;                // "/cases/3", for messages
};

struct case_file {
  std::string file;                   // the path as given
  std::string rulebook_name;          // as written ("zezhou-2022" when not given)
  tuoyu::rulebook rules;
  std::vector<test_case> cases;
};

struct case_file_options {
  // Replaces the rulebook every case file names (tuoyu test --rulebook): run the same cases against a draft.
  std::optional<tuoyu::rulebook> rulebook_override;
  input_limits limits{};
};

// Reads and validates a case file. Throws io_error (tuoyu.io.001/002) for an unreadable file, input_error
// with the file and line:column for malformed JSON (tuoyu.input.101/102), and input_error with the file and
// JSON pointer for content problems: 103 wrong type, 110 bad date, 111 missing field, 130-135 (docs/errors.md).
// Errors inside an inline dataset keep their pointer under the case: /cases/3/dataset/facilities/0/kind.
// A rulebook named by path, and `dataset_file`s, are resolved relative to the case file's folder.
TUOYU_DECL case_file load_case_file(const std::filesystem::path& path, const case_file_options& options = {});
// The same, from text; `file` names it in errors and is the base for relative paths.
TUOYU_DECL case_file parse_case_file(std::string_view text, const std::filesystem::path& file,
                                     const case_file_options& options = {});

// Files named on a command line: a file is taken as it is; a folder is searched recursively for
// *.cases.json. Sorted within each folder, so runs are reproducible. Throws io_error 001 for a path that
// does not exist.
TUOYU_DECL std::vector<std::filesystem::path> find_case_files(const std::vector<std::filesystem::path>& paths);

// An expected finding that was not reported, with why not (from explain): "the rule holds", ...
struct missing_finding {
  expectation expected;
  std::string reason;
};

// A reported finding that should not have been: listed in `absent`, or not expected under `exact`.
struct unexpected_finding {
  tuoyu::finding finding;
  bool listed_absent = false;
};

struct case_result {
  std::string file;
  std::string name;
  bool passed = false;
  std::vector<missing_finding> missing;
  std::vector<unexpected_finding> unexpected;
  tuoyu::report report;
};

// Runs one case. `counters`, when set, receives the per-rule tallies of this check (coverage).
TUOYU_DECL case_result run_case(const rulebook& rules, const test_case& c, const std::string& file = {},
                                rule_counters* counters = nullptr);

// The difference, one line each: "  - missing: RULE SUBJECT: why" and "  + unexpected: RULE SUBJECT: message"
// (messages in `lang`, zh or en). Empty when the case passed.
TUOYU_DECL std::string describe_difference(const case_result& r, std::string_view lang = "en");

// For C++ test suites (see <tuoyu/testing/boost_test.hpp>): checks `data` at `as_of` and returns the
// difference from `expected` as describe_difference() writes it, or "" when the findings match: all of
// `expected` reported and, with `exact`, nothing else.
TUOYU_DECL std::string findings_mismatch(const rulebook& rules, const dataset& data, date as_of,
                                         const std::vector<expectation>& expected, bool exact = false);
TUOYU_DECL std::string findings_mismatch(const rulebook& rules, const dataset& data, std::string_view as_of,
                                         const std::vector<expectation>& expected, bool exact = false);

// Whether each rule was exercised both ways by some case.
struct rule_coverage {
  std::string rule;
  subject_kind subject = subject_kind::facility;
  std::size_t fired = 0;    // cases in which it reported a finding
  std::size_t held = 0;     // cases in which it applied to some subject and held (applied without firing)
  bool covered() const noexcept { return fired > 0 && held > 0; }
};

struct coverage {
  std::string rulebook_id;
  // Every rule checked by tuoyu check, in rulebook order; organisation rules (evaluated by lint) are left out.
  std::vector<rule_coverage> rules;
  std::size_t covered() const noexcept {
    std::size_t n = 0;
    for (const auto& r : rules) n += r.covered();
    return n;
  }
  // Percent of rules covered both ways; 100 for a rulebook without check rules.
  double percent() const noexcept {
    return rules.empty() ? 100.0 : 100.0 * static_cast<double>(covered()) / static_cast<double>(rules.size());
  }
};

struct case_file_result {
  std::string file;
  std::vector<case_result> cases;
};

struct test_run {
  std::vector<case_file_result> files;
  std::vector<coverage> coverages;  // one per rulebook id, in first-use order
  std::size_t passed() const noexcept;
  std::size_t failed() const noexcept;
};

// Runs every case of every file and tallies coverage per rulebook.
TUOYU_DECL test_run run_case_files(const std::vector<case_file>& files);

// A case file of generated boundary cases for `rules` (docs/testing.md): for every dated parameter and
// rule or rulebook `in_force` date the day before, on and after it; for every numeric threshold a dataset
// just below, at and just above it. Expectations are what the rulebook reports now (exact), and every case
// is marked "review": true with a note saying what it probes. `rulebook_name` is written as "rulebook".
TUOYU_DECL boost::json::value boundary_cases(const rulebook& rules, const std::string& rulebook_name);

TUOYU_DECL boost::json::value to_json(const case_result& r);
TUOYU_DECL boost::json::value to_json(const coverage& c);

}  // namespace v1
}  // namespace tuoyu

#ifdef TUOYU_HEADER_ONLY
#include <tuoyu/impl/testing.ipp>
#include <tuoyu/impl/testing_boundaries.ipp>
#endif
