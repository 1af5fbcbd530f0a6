// The rule-testing toolkit: case files and their errors, running cases, coverage counters, boundary
// cases, and the Boost.Test assertions of <tuoyu/testing/boost_test.hpp>.
#define BOOST_TEST_MODULE tuoyu testing
#include <boost/test/unit_test.hpp>

#include <tuoyu/testing/boost_test.hpp>
#include <tuoyu/tuoyu.hpp>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>
#include <thread>

namespace fs = std::filesystem;
using namespace std::string_literals;

namespace {

const std::string cases_dir = TUOYU_TEST_DATA "/cases";
const std::string contract_dataset = TUOYU_TEST_DATA "/dataset/contract-example.json";

const tuoyu::rulebook& zezhou() {
  static const auto book = tuoyu::builtin_rulebook("zezhou-2022");
  return book;
}

// A small dataset: F1 registered and filed, F2 registered but not filed, F3 not registered.
const std::string small_dataset = R"({
  "jurisdiction": {"id": "zz", "name": "测试县", "population": 10000},
  "townships": [{"id": "T1", "name": "甲镇", "population": 10000}],
  "facilities": [
    {"id": "F1", "name": "甲", "township": "T1", "kind": "nursery", "legal_form": "enterprise", "status": "operating",
     "capacity": 50, "demonstration": true,
     "registration": {"authority": "admin_approval", "date": "2022-01-01", "scope_includes_childcare": true},
     "filing": {"authority": "health", "date": "2022-02-01"}},
    {"id": "F2", "name": "乙", "township": "T1", "kind": "nursery", "legal_form": "enterprise", "status": "operating",
     "capacity": 10,
     "registration": {"authority": "admin_approval", "date": "2022-01-01", "scope_includes_childcare": true},
     "filing": null},
    {"id": "F3", "name": "丙", "township": "T1", "kind": "family", "legal_form": "enterprise", "status": "operating",
     "capacity": 5, "registration": null, "filing": null}
  ]
})";

std::string case_text(const std::string& cases, const std::string& top = "") {
  return "{" + top + "\"cases\": [" + cases + "]}";
}

std::string one_case(const std::string& expect, const std::string& more = "", const std::string& as_of = "2023-06-01") {
  return R"({"name": "c", "as_of": ")" + as_of + R"(", "dataset": )" + small_dataset + R"(, "expect": )" + expect +
         more + "}";
}

tuoyu::case_file parse(const std::string& text, const std::string& file = "mem/t.cases.json",
                       const tuoyu::case_file_options& options = {}) {
  return tuoyu::parse_case_file(text, file, options);
}

// Runs `f` and returns the error it throws (failing the test if it throws none).
template <class F>
tuoyu::error error_of(F&& f) {
  try {
    f();
  } catch (const tuoyu::error& e) {
    return e;
  }
  BOOST_FAIL("expected a tuoyu::error");
  return tuoyu::error("", "");
}

struct temp_dir {
  fs::path path;
  temp_dir() {
    std::random_device rd;
    path = fs::temp_directory_path() / ("tuoyu-testing-" + std::to_string(rd()) + std::to_string(rd()));
    fs::create_directories(path);
  }
  ~temp_dir() {
    std::error_code ec;
    fs::remove_all(path, ec);
  }
  void write(const std::string& name, const std::string& text) const {
    fs::create_directories((path / name).parent_path());
    std::ofstream(path / name, std::ios::binary) << text;
  }
};

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

}  // namespace

BOOST_AUTO_TEST_SUITE(case_files)

BOOST_AUTO_TEST_CASE(reads_every_field) {
  auto f = parse(case_text(one_case(R"([{"rule": "ZZ-REG-NOT-FILED", "subject": "F2"}])",
                                    R"(, "absent": [{"rule": "ZZ-MEETING-ANNUAL", "subject": "zz", "year": 2023}],
                                       "exact": true, "review": true, "note": "why")")));
  BOOST_TEST(f.rulebook_name == "zezhou-2022");
  BOOST_TEST(f.rules.id() == "zezhou-2022");
  BOOST_TEST(f.file == "mem/t.cases.json");
  BOOST_REQUIRE(f.cases.size() == 1u);
  const auto& c = f.cases[0];
  BOOST_TEST(c.name == "c");
  BOOST_TEST((c.as_of == tuoyu::date::parse("2023-06-01")));
  BOOST_TEST(c.dataset.facilities.size() == 3u);
  BOOST_TEST(c.dataset_file.empty());
  BOOST_REQUIRE(c.expect.size() == 1u);
  BOOST_TEST(c.expect[0].rule == "ZZ-REG-NOT-FILED");
  BOOST_TEST(c.expect[0].subject == "F2");
  BOOST_TEST(!c.expect[0].year);
  BOOST_REQUIRE(c.absent.size() == 1u);
  BOOST_TEST(c.absent[0].year.value_or(0) == 2023);
  BOOST_TEST(c.exact);
  BOOST_TEST(c.review);
  BOOST_TEST(c.note == "why");
  BOOST_TEST(c.pointer == "/cases/0");
}

BOOST_AUTO_TEST_CASE(dataset_file_is_relative_to_the_case_file) {
  auto f = tuoyu::load_case_file(cases_dir + "/pass/contract.cases.json");
  BOOST_REQUIRE(f.cases.size() == 2u);
  BOOST_TEST(f.cases[0].dataset_file == "../../dataset/contract-example.json");
  BOOST_TEST((f.cases[0].dataset == tuoyu::load_dataset(contract_dataset)));
  BOOST_TEST(f.cases[1].dataset.facilities[0].id == "F7");
}

BOOST_AUTO_TEST_CASE(malformed_json_names_line_and_column) {
  auto e = error_of([] { tuoyu::load_case_file(cases_dir + "/bad/syntax.cases.json"); });
  BOOST_TEST(e.id() == "tuoyu.input.101");
  BOOST_TEST(e.where().file == cases_dir + "/bad/syntax.cases.json");
  BOOST_TEST(e.where().line == 3);
  BOOST_TEST(e.where().column > 40);
}

BOOST_AUTO_TEST_CASE(unreadable_files_are_io_errors) {
  auto e = error_of([] { tuoyu::load_case_file(cases_dir + "/nope.cases.json"); });
  BOOST_TEST(e.id() == "tuoyu.io.001");
  e = error_of([] { tuoyu::load_case_file(cases_dir); });
  BOOST_TEST(e.id() == "tuoyu.io.002");
  e = error_of([] { tuoyu::load_case_file(cases_dir + "/bad/missing-dataset-file.cases.json"); });
  BOOST_TEST(e.id() == "tuoyu.io.001");
  BOOST_TEST(e.where().file.find("no-such-dataset.json") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(content_errors_name_file_and_pointer) {
  struct bad {
    std::string text, id, pointer;
  };
  const std::string ok = R"([{"rule": "ZZ-CAPACITY", "subject": "zz"}])";
  const std::vector<bad> cases{
      {"[]", "tuoyu.input.103", ""},
      {"{}", "tuoyu.input.111", "/cases"},
      {R"({"cases": {}})", "tuoyu.input.103", "/cases"},
      {R"({"cases": [], "rulebok": "x"})", "tuoyu.input.130", "/rulebok"},
      {case_text(one_case(ok, R"(, "exat": true)")), "tuoyu.input.130", "/cases/0/exat"},
      {case_text(one_case(R"([{"rule": "ZZ-CAPACITY", "subject": "zz", "years": 1}])")), "tuoyu.input.130",
       "/cases/0/expect/0/years"},
      {case_text(R"({"as_of": "2023-06-01", "dataset": {}, "expect": []})"), "tuoyu.input.111", "/cases/0/name"},
      {case_text(R"({"name": 3, "as_of": "2023-06-01", "dataset": {}, "expect": []})"), "tuoyu.input.103", "/cases/0/name"},
      {case_text(one_case(ok, "", "2023-13-01")), "tuoyu.input.110", "/cases/0/as_of"},
      {case_text(R"({"name": "c", "as_of": "2023-06-01", "expect": []})"), "tuoyu.input.131", "/cases/0"},
      {case_text(one_case(ok, R"(, "dataset_file": "x.json")")), "tuoyu.input.131", "/cases/0"},
      {case_text("", R"("rulebook": "zezhou-2021",)"), "tuoyu.input.132", "/rulebook"},
      {case_text(one_case(R"([{"rule": "ZZ-NOPE", "subject": "zz"}])")), "tuoyu.input.133", "/cases/0/expect/0/rule"},
      {case_text(one_case("[]", R"(, "absent": [{"rule": "ZZ-ORG-NO-ROSTER", "subject": "health"}])")),
       "tuoyu.input.133", "/cases/0/absent/0/rule"},
      {case_text(one_case(ok) + "," + one_case(ok)), "tuoyu.input.134", "/cases/1/name"},
      {case_text(one_case(R"([{"rule": "ZZ-CAPACITY", "subject": "zz", "year": 2024}])")), "tuoyu.input.135",
       "/cases/0/expect/0/year"},
      {case_text(one_case(R"([{"rule": "ZZ-MEETING-ANNUAL", "subject": "zz", "year": "2024"}])")), "tuoyu.input.103",
       "/cases/0/expect/0/year"},
      {case_text(one_case(R"([{"rule": "ZZ-MEETING-ANNUAL", "subject": "zz", "year": 99999}])")), "tuoyu.input.105",
       "/cases/0/expect/0/year"},
      {case_text(one_case(R"([{"rule": "ZZ-CAPACITY"}])")), "tuoyu.input.111", "/cases/0/expect/0/subject"},
      {case_text(one_case(ok, R"(, "exact": "yes")")), "tuoyu.input.103", "/cases/0/exact"},
  };
  for (const auto& b : cases) {
    BOOST_TEST_CONTEXT(b.text.substr(0, 200)) {
      auto e = error_of([&] { parse(b.text); });
      BOOST_TEST(e.id() == b.id);
      BOOST_TEST(e.where().pointer == b.pointer);
      BOOST_TEST(e.where().file == "mem/t.cases.json");
      BOOST_TEST(std::string(e.what()).find("mem/t.cases.json") != std::string::npos);
    }
  }
}

BOOST_AUTO_TEST_CASE(dataset_errors_keep_their_pointer_under_the_case) {
  auto e = error_of([] { tuoyu::load_case_file(cases_dir + "/bad/dataset.cases.json"); });
  BOOST_TEST(e.id() == "tuoyu.input.104");
  BOOST_TEST(e.where().pointer == "/cases/1/dataset/facilities/0/kind");
  BOOST_TEST(e.where().file == cases_dir + "/bad/dataset.cases.json");
}

BOOST_AUTO_TEST_CASE(rulebook_by_path_and_override) {
  temp_dir dir;
  dir.write("books/copy.json", read_file(TUOYU_SOURCE_DIR "/rules/zezhou-2022.json"));
  dir.write("t.cases.json", case_text(one_case("[]"), R"("rulebook": "books/copy.json",)"));
  auto f = tuoyu::load_case_file(dir.path / "t.cases.json");
  BOOST_TEST(f.rulebook_name == "books/copy.json");
  BOOST_TEST(f.rules.id() == "zezhou-2022");

  // A rulebook of other rules: the override is used, so expectations are checked against it.
  auto other = tuoyu::parse_rulebook(R"({"tuoyu_rulebook": 1, "id": "other", "version": "1", "rules": [
    {"id": "X-BIG", "subject": "facility", "require": "facility.capacity < 40", "clause": "x",
     "responsible": ["health"], "message": {"zh": "大", "en": "big"}}]})");
  tuoyu::case_file_options options;
  options.rulebook_override = other;
  auto g = parse(case_text(one_case(R"([{"rule": "X-BIG", "subject": "F1"}])")), "t.cases.json", options);
  BOOST_TEST(g.rules.id() == "other");
  auto r = tuoyu::run_case(g.rules, g.cases[0]);
  BOOST_TEST(r.passed);
  auto e = error_of([&] { parse(case_text(one_case(R"([{"rule": "ZZ-CAPACITY", "subject": "zz"}])")), "t", options); });
  BOOST_TEST(e.id() == "tuoyu.input.133");
}

BOOST_AUTO_TEST_CASE(finds_case_files_recursively_and_sorted) {
  temp_dir dir;
  dir.write("b.cases.json", "{}");
  dir.write("a/z.cases.json", "{}");
  dir.write("a/deeper/y.cases.json", "{}");
  dir.write("a/not-a-case.json", "{}");
  dir.write("cases.json", "{}");
  auto found = tuoyu::find_case_files({dir.path, dir.path / "cases.json"});
  BOOST_REQUIRE(found.size() == 4u);
  BOOST_TEST(found[0] == dir.path / "a/deeper/y.cases.json");
  BOOST_TEST(found[1] == dir.path / "a/z.cases.json");
  BOOST_TEST(found[2] == dir.path / "b.cases.json");
  BOOST_TEST(found[3] == dir.path / "cases.json");  // a file named on the command line is taken as it is
  auto e = error_of([&] { tuoyu::find_case_files({dir.path / "missing"}); });
  BOOST_TEST(e.id() == "tuoyu.io.001");
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(running)

BOOST_AUTO_TEST_CASE(passes_when_expectations_are_met) {
  auto f = parse(case_text(one_case(R"([{"rule": "ZZ-REG-NOT-FILED", "subject": "F2"},
                                        {"rule": "ZZ-REG-UNREGISTERED", "subject": "F3"}])",
                                    R"(, "absent": [{"rule": "ZZ-REG-NOT-FILED", "subject": "F1"}])")));
  auto r = tuoyu::run_case(f.rules, f.cases[0], f.file);
  BOOST_TEST(r.passed);
  BOOST_TEST(r.file == f.file);
  BOOST_TEST(r.name == "c");
  BOOST_TEST(r.missing.empty());
  BOOST_TEST(r.unexpected.empty());
  BOOST_TEST(r.report.findings.size() >= 2u);
  BOOST_TEST(tuoyu::describe_difference(r).empty());
}

BOOST_AUTO_TEST_CASE(missing_findings_say_why) {
  auto f = parse(case_text(one_case(R"([{"rule": "ZZ-REG-NOT-FILED", "subject": "F1"},
                                        {"rule": "ZZ-REG-NOT-FILED", "subject": "F3"},
                                        {"rule": "ZZ-REG-NOT-FILED", "subject": "F9"},
                                        {"rule": "ZZ-COVERAGE", "subject": "T1"},
                                        {"rule": "ZZ-CAPACITY", "subject": "other"}])")));
  auto r = tuoyu::run_case(f.rules, f.cases[0]);
  BOOST_TEST(!r.passed);
  BOOST_REQUIRE(r.missing.size() == 5u);
  BOOST_TEST(r.missing[0].reason == "the rule holds (its `require` is true)");
  BOOST_TEST(r.missing[1].reason == "the rule does not apply (its `when` is false)");
  BOOST_TEST(r.missing[2].reason == "no facility \"F9\" in the dataset");
  BOOST_TEST(r.missing[3].reason == "the rule is not in force on 2023-06-01");
  BOOST_TEST(r.missing[4].reason == "the jurisdiction of the dataset is \"zz\"");
  auto text = tuoyu::describe_difference(r);
  BOOST_TEST(text.find("  - missing: ZZ-REG-NOT-FILED F1: the rule holds") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(unexpected_findings_under_exact_and_absent) {
  auto f = parse(case_text(one_case(R"([{"rule": "ZZ-REG-NOT-FILED", "subject": "F2"}])",
                                    R"(, "absent": [{"rule": "ZZ-REG-UNREGISTERED", "subject": "F3"}], "exact": true)")));
  auto r = tuoyu::run_case(f.rules, f.cases[0]);
  BOOST_TEST(!r.passed);
  BOOST_TEST(r.missing.empty());
  // F3 is unregistered (listed absent); with exact every other finding is unexpected too.
  BOOST_REQUIRE(!r.unexpected.empty());
  std::size_t listed = 0;
  for (const auto& u : r.unexpected) {
    listed += u.listed_absent;
    BOOST_TEST(!(u.finding.rule == "ZZ-REG-NOT-FILED" && u.finding.subject.id == "F2"));
  }
  BOOST_TEST(listed == 1u);
  BOOST_TEST(r.unexpected.size() == r.report.findings.size() - 1);
  auto text = tuoyu::describe_difference(r, "en");
  BOOST_TEST(text.find("  + unexpected (listed in absent): ZZ-REG-UNREGISTERED F3: ") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(years_match_when_given) {
  // No meetings at all: 2023 and 2024 are both reported at 2025-06-01.
  auto expect = [](const std::string& e, const std::string& more = "") {
    auto f = parse(case_text(one_case(e, more, "2025-06-01")));
    return tuoyu::run_case(f.rules, f.cases[0]);
  };
  BOOST_TEST(expect(R"([{"rule": "ZZ-MEETING-ANNUAL", "subject": "zz"}])").passed);
  BOOST_TEST(expect(R"([{"rule": "ZZ-MEETING-ANNUAL", "subject": "zz", "year": 2024}])").passed);
  BOOST_TEST(!expect(R"([{"rule": "ZZ-MEETING-ANNUAL", "subject": "zz", "year": 2025}])").passed);
  BOOST_TEST(!expect("[]", R"(, "absent": [{"rule": "ZZ-MEETING-ANNUAL", "subject": "zz", "year": 2023}])").passed);
  auto r = expect(R"([{"rule": "ZZ-MEETING-ANNUAL", "subject": "zz", "year": 2025}])");
  BOOST_REQUIRE(r.missing.size() == 1u);
  BOOST_TEST(r.missing[0].reason == "the year 2025 is not checked on 2025-06-01 (years 2023 to 2024)");
  r = expect(R"([{"rule": "ZZ-MEETING-ANNUAL", "subject": "other"}])");
  BOOST_REQUIRE(r.missing.size() == 1u);
  BOOST_TEST(r.missing[0].reason == "the jurisdiction of the dataset is \"zz\"");
}

BOOST_AUTO_TEST_CASE(counters_tally_each_rule) {
  auto data = tuoyu::parse_dataset(small_dataset);
  const auto& rules = zezhou().rules();
  tuoyu::rule_counters counters(rules.size());
  tuoyu::check_options options;
  options.counters = &counters;
  auto with = tuoyu::check(zezhou(), data, tuoyu::date::parse("2023-06-01"), options);
  auto without = tuoyu::check(zezhou(), data, tuoyu::date::parse("2023-06-01"));
  BOOST_TEST((with == without));
  auto index = [&](const std::string& id) { return static_cast<std::size_t>(zezhou().find_rule(id) - rules.data()); };
  const auto& not_filed = counters[index("ZZ-REG-NOT-FILED")];
  BOOST_TEST(not_filed.subjects.load() == 3u);
  BOOST_TEST(not_filed.applied.load() == 2u);  // F1 and F2 are registered
  BOOST_TEST(not_filed.held.load() == 1u);
  BOOST_TEST(not_filed.fired.load() == 1u);
  const auto& coverage = counters[index("ZZ-COVERAGE")];  // not in force before 2025-12-31
  BOOST_TEST(coverage.subjects.load() == 0u);
  const auto& org = counters[index("ZZ-ORG-NO-ROSTER")];  // lint's business
  BOOST_TEST(org.subjects.load() == 0u);
  // Several threads, one tally: counts add up.
  tuoyu::rule_counters shared(rules.size());
  options.counters = &shared;
  options.threads = 4;
  std::vector<std::thread> threads;
  for (int i = 0; i < 4; ++i) threads.emplace_back([&] { tuoyu::check(zezhou(), data, tuoyu::date::parse("2023-06-01"), options); });
  for (auto& t : threads) t.join();
  BOOST_TEST(shared[index("ZZ-REG-NOT-FILED")].fired.load() == 4u);
  BOOST_TEST(shared[index("ZZ-REG-NOT-FILED")].subjects.load() == 12u);
}

BOOST_AUTO_TEST_CASE(coverage_over_files) {
  std::vector<tuoyu::case_file> files{tuoyu::load_case_file(cases_dir + "/pass/contract.cases.json"),
                                      tuoyu::load_case_file(cases_dir + "/fail/mixed.cases.json")};
  auto run = tuoyu::run_case_files(files);
  BOOST_TEST(run.passed() == 3u);
  BOOST_TEST(run.failed() == 3u);
  BOOST_REQUIRE(run.coverages.size() == 1u);
  const auto& c = run.coverages[0];
  BOOST_TEST(c.rulebook_id == "zezhou-2022");
  BOOST_TEST(c.rules.size() == 14u);  // the organisation rules are left out
  for (const auto& r : c.rules) BOOST_TEST(r.rule.rfind("ZZ-ORG-", 0) != 0u);
  auto find = [&](const std::string& id) {
    return *std::find_if(c.rules.begin(), c.rules.end(), [&](const tuoyu::rule_coverage& r) { return r.rule == id; });
  };
  BOOST_TEST(find("ZZ-REG-NOT-FILED").fired == 1u);  // F7
  BOOST_TEST(find("ZZ-REG-NOT-FILED").held == 5u);   // F001, in the 5 contract-example cases
  BOOST_TEST(find("ZZ-REG-NOT-FILED").covered());
  BOOST_TEST(find("ZZ-CAPACITY").fired == 6u);
  BOOST_TEST(find("ZZ-CAPACITY").held == 0u);  // F7 is not filed, so not counted: 0 places miss 2.8 too
  BOOST_TEST(!find("ZZ-CAPACITY").covered());
  BOOST_TEST(c.covered() < c.rules.size());
  BOOST_TEST(c.percent() == 100.0 * static_cast<double>(c.covered()) / 14.0);
  auto json = tuoyu::to_json(c);
  BOOST_TEST(json.at("rules").as_array().size() == 14u);
}

BOOST_AUTO_TEST_CASE(the_builtin_rule_cases_pass_and_cover_every_rule) {
  std::vector<tuoyu::case_file> files;
  for (const auto& p : tuoyu::find_case_files({TUOYU_SOURCE_DIR "/tests/rules"})) files.push_back(tuoyu::load_case_file(p));
  auto run = tuoyu::run_case_files(files);
  for (const auto& f : run.files)
    for (const auto& c : f.cases) BOOST_TEST(c.passed, f.file << ": " << c.name << "\n" << tuoyu::describe_difference(c));
  BOOST_TEST(run.passed() >= 125u);
  BOOST_REQUIRE(run.coverages.size() == 1u);
  for (const auto& r : run.coverages[0].rules) BOOST_TEST(r.covered(), r.rule << " fired " << r.fired << " held " << r.held);
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(assertions)

BOOST_AUTO_TEST_CASE(one_line_checks) {
  auto data = tuoyu::load_dataset(contract_dataset);
  TUOYU_CHECK_FINDINGS(zezhou(), data, "2025-12-31", {{"ZZ-CAPACITY", "zezhou"}});
  TUOYU_CHECK_FINDINGS(zezhou(), data, "2025-12-31", {});
  TUOYU_CHECK_FINDINGS_EXACT(zezhou(), data, tuoyu::date::parse("2025-12-31"),
                             {{"ZZ-CAPACITY", "zezhou"}, {"ZZ-DEMO", "zezhou"}, {"ZZ-MEETING-ANNUAL", "zezhou", 2024},
                              {"ZZ-TRAINING-ANNUAL", "zezhou", 2024}});
  TUOYU_REQUIRE_FINDINGS_EXACT(zezhou(), data, "2022-12-30", {});
  TUOYU_REQUIRE_FINDINGS(zezhou(), data, "2023-01-01", {{"ZZ-DEMO", "zezhou"}});
}

BOOST_AUTO_TEST_CASE(mismatches_are_described) {
  auto data = tuoyu::load_dataset(contract_dataset);
  auto text = tuoyu::findings_mismatch(zezhou(), data, "2025-12-31", {{"ZZ-REG-NOT-FILED", "F001"}});
  BOOST_TEST(text.find("reported: ZZ-CAPACITY zezhou, ZZ-DEMO zezhou, ZZ-MEETING-ANNUAL zezhou 2024") != std::string::npos);
  BOOST_TEST(text.find("  - missing: ZZ-REG-NOT-FILED F001: the rule holds") != std::string::npos);
  text = tuoyu::findings_mismatch(zezhou(), data, "2025-12-31", {{"ZZ-CAPACITY", "zezhou"}}, true);
  BOOST_TEST(text.find("  + unexpected: ZZ-DEMO zezhou: ") != std::string::npos);
  BOOST_TEST(tuoyu::findings_mismatch(zezhou(), data, "2025-12-31", {{"ZZ-CAPACITY", "zezhou"}}, false).empty());
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(boundaries)

// The generated case named `name` at its as_of, or null.
const boost::json::object* find_case(const boost::json::value& doc, const std::string& name) {
  for (const auto& c : doc.at("cases").as_array())
    if (c.at("name").as_string() == name) return &c.as_object();
  return nullptr;
}

bool expects(const boost::json::object& c, const std::string& rule) {
  for (const auto& e : c.at("expect").as_array())
    if (e.at("rule").as_string() == rule) return true;
  return false;
}

BOOST_AUTO_TEST_CASE(capacity_is_probed_below_at_and_above_each_target) {
  auto doc = tuoyu::boundary_cases(zezhou(), "zezhou-2022");
  BOOST_TEST(doc.at("rulebook").as_string() == "zezhou-2022");
  for (const auto& c : doc.at("cases").as_array()) {
    BOOST_TEST(c.at("review").as_bool());
    BOOST_TEST(!c.at("note").as_string().empty());
    BOOST_TEST(c.at("exact").as_bool());
  }
  // 10,000 residents: 28 places is exactly 2.8 per 1,000, 45 exactly 4.5.
  for (auto [as_of, at] : {std::pair{"2022-12-31", 28}, std::pair{"2025-12-31", 45}}) {
    BOOST_TEST_CONTEXT(as_of) {
      auto name = [&](int v) { return "ZZ-CAPACITY facilities[0].capacity = " + std::to_string(v) + " at " + as_of; };
      auto* below = find_case(doc, name(at - 1));
      auto* exact = find_case(doc, name(at));
      auto* above = find_case(doc, name(at + 1));
      BOOST_REQUIRE(below && exact && above);
      BOOST_TEST(expects(*below, "ZZ-CAPACITY"));
      BOOST_TEST(!expects(*exact, "ZZ-CAPACITY"));
      BOOST_TEST(!expects(*above, "ZZ-CAPACITY"));
      BOOST_TEST(exact->at("dataset").at("jurisdiction").at("population").as_int64() == 10000);
    }
  }
  // The day before 2025-12-31 the 2.8 target still applies: 44 places pass.
  auto* before = find_case(doc, "ZZ-CAPACITY facilities[0].capacity = 44 at 2025-12-30");
  BOOST_REQUIRE(before);
  BOOST_TEST(!expects(*before, "ZZ-CAPACITY"));
  // Ages of kindergarten classes: 24 months is allowed, 23 is not; 36 is allowed, 37 is not.
  auto* young = find_case(doc, "ZZ-KG-AGE facilities[0].enrolled_age_months.min = 23 at 2022-12-31");
  auto* min_ok = find_case(doc, "ZZ-KG-AGE facilities[0].enrolled_age_months.min = 24 at 2022-12-31");
  auto* max_ok = find_case(doc, "ZZ-KG-AGE facilities[0].enrolled_age_months.max = 36 at 2022-12-31");
  auto* old = find_case(doc, "ZZ-KG-AGE facilities[0].enrolled_age_months.max = 37 at 2022-12-31");
  BOOST_REQUIRE(young && min_ok && max_ok && old);
  BOOST_TEST(expects(*young, "ZZ-KG-AGE"));
  BOOST_TEST(!expects(*min_ok, "ZZ-KG-AGE"));
  BOOST_TEST(!expects(*max_ok, "ZZ-KG-AGE"));
  BOOST_TEST(expects(*old, "ZZ-KG-AGE"));
  // Dates: the coverage rule starts on 2025-12-31.
  auto* on = find_case(doc, "date 2025-12-31: on, no facilities");
  auto* day_before = find_case(doc, "date 2025-12-31: the day before, no facilities");
  BOOST_REQUIRE(on && day_before);
  BOOST_TEST(expects(*on, "ZZ-COVERAGE"));
  BOOST_TEST(!expects(*day_before, "ZZ-COVERAGE"));
}

BOOST_AUTO_TEST_CASE(generated_cases_round_trip_and_catch_a_changed_comparison) {
  auto doc = tuoyu::boundary_cases(zezhou(), "zezhou-2022");
  auto text = boost::json::serialize(doc);
  auto file = parse(text, "generated.cases.json");
  BOOST_TEST(file.cases.size() == doc.at("cases").as_array().size());
  std::size_t failed = 0;
  for (const auto& c : file.cases) failed += !tuoyu::run_case(file.rules, c).passed;
  BOOST_TEST(failed == 0u);

  // The same cases against a rulebook whose capacity rule says > instead of >=, and whose age rule
  // says > 24 months: each difference makes some case fail.
  for (auto [from, to] : {std::pair{"capacity_per_1000 >= param('capacity_per_1000')", "capacity_per_1000 > param('capacity_per_1000')"},
                          std::pair{"facility.enrolled_age_months.min >= param('kg_min_age_months')", "facility.enrolled_age_months.min > param('kg_min_age_months')"},
                          std::pair{"facility.filing.date >= facility.registration.date", "facility.filing.date > facility.registration.date"}}) {
    BOOST_TEST_CONTEXT(to) {
      auto source = read_file(TUOYU_SOURCE_DIR "/rules/zezhou-2022.json");
      auto at = source.find(from);
      BOOST_REQUIRE(at != std::string::npos);
      source.replace(at, std::string(from).size(), to);
      tuoyu::case_file_options options;
      options.rulebook_override = tuoyu::parse_rulebook(source);
      auto mutated = parse(text, "generated.cases.json", options);
      std::size_t caught = 0;
      for (const auto& c : mutated.cases) caught += !tuoyu::run_case(mutated.rules, c).passed;
      BOOST_TEST(caught > 0u);
    }
  }
}

BOOST_AUTO_TEST_SUITE_END()
