// The engine: rulebook loading and its errors, dated parameters, definitions, evaluation, evidence,
// explanations, evaluation errors as findings, and thread-count independence.
#define BOOST_TEST_MODULE tuoyu engine
#include <boost/test/unit_test.hpp>

#include <tuoyu/tuoyu.hpp>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <cmath>
#include <string>

using namespace std::string_literals;

namespace {

// A small rulebook in the format of docs/rulebook-format.md; `rules` is spliced into it.
std::string book(const std::string& rules, const std::string& extra = "") {
  return R"({
    "tuoyu_rulebook": 1, "id": "test", "version": "1",
    "in_force": {"from": "2022-12-31"},
    "parameters": {
      "capacity_per_1000": {"type": "double", "values": [{"from": "2022-12-31", "value": 2.8}, {"from": "2025-12-31", "value": 4.5}]},
      "min_age": {"type": "int", "values": [{"from": "2020-01-01", "value": 24}]}
    },
    "definitions": {
      "exists_at": {"params": ["f"], "expr": "!has(f.opened) || f.opened <= as_of"},
      "counted": {"params": ["f"], "expr": "f.status == 'operating' && exists_at(f) && has(f.registration) && has(f.filing) "},
      "counted_capacity": {"expr": "sum(dataset.facilities.filter(f, counted(f)).map(f, f.capacity)) "},
      "ratio": {"expr": "double(counted_capacity) * 1000.0 / double(jurisdiction.population) "}
    },)" + extra + R"(
    // comments and trailing commas are allowed in hand-written rulebooks
    "rules": [)" + rules + R"(],
  })";
}

const std::string capacity_rule = R"({
  "id": "T-CAPACITY", "subject": "jurisdiction", "severity": "error",
  "require": "ratio >= param('capacity_per_1000') ",
  "clause": "一", "clause_text": "每千人口托位数达到4.5个", "responsible": ["health", "townships"],
  "message": {"zh": "每千人口托位 {ratio}，目标 {param('capacity_per_1000')}", "en": "{ratio} per 1,000 against {param('capacity_per_1000')}"}
})";

const std::string filed_rule = R"({
  "id": "T-FILED", "subject": "facility",
  "when": "exists_at(facility) && has(facility.registration) ",
  "require": "has(facility.filing) ",
  "clause": "二（三）1", "responsible": ["admin_approval", "health"], "action": "regularize_or_ban",
  "message": {"zh": "{facility.name}已登记未备案", "en": "{facility.name} is registered but not filed"}
})";

tuoyu::dataset sample(int capacity, int population = 10000) {
  auto text = R"({
    "jurisdiction": {"id": "J", "name": "测试县", "population": )" + std::to_string(population) + R"(},
    "townships": [{"id": "T1", "name": "甲镇", "population": 5000}, {"id": "T2", "name": "乙镇", "population": 5000}],
    "facilities": [
      {"id": "A1", "name": "甲", "township": "T1", "kind": "nursery", "legal_form": "enterprise", "status": "operating",
       "capacity": )" + std::to_string(capacity) + R"(,
       "registration": {"authority": "县行政审批服务管理局", "date": "2022-01-01", "scope_includes_childcare": true},
       "filing": {"authority": "health", "date": "2022-02-01"}},
      {"id": "A2", "name": "乙", "township": "T2", "kind": "nursery", "legal_form": "enterprise", "status": "operating",
       "capacity": 10, "opened": "2024-01-01",
       "registration": {"authority": "admin_approval", "date": "2023-01-01", "scope_includes_childcare": true},
       "filing": null},
      {"id": "A3", "name": "丙", "township": "T2", "kind": "family", "legal_form": "enterprise", "status": "operating",
       "capacity": 5, "registration": null, "filing": null}
    ]})";
  return tuoyu::parse_dataset(text, "sample.json");
}

tuoyu::rulebook load(const std::string& text) {
  tuoyu::rulebook_options options;
  options.file_name = "test.rulebook.json";
  return tuoyu::parse_rulebook(text, options);
}

tuoyu::date d(const char* s) { return tuoyu::date::parse(s); }

// Expects loading `text` to fail with `id`, and every fragment in what().
void expect_rulebook_error(const std::string& text, const std::string& id, std::initializer_list<std::string> fragments) {
  try {
    load(text);
    BOOST_ERROR("no error; expected " + id);
  } catch (const tuoyu::rulebook_error& e) {
    BOOST_TEST(e.id() == id, e.what());
    for (const auto& f : fragments) BOOST_TEST(std::string(e.what()).find(f) != std::string::npos, e.what() << " lacks " << f);
  }
}

}  // namespace

BOOST_AUTO_TEST_SUITE(loading)

BOOST_AUTO_TEST_CASE(a_valid_rulebook_loads) {
  auto rb = load(book(capacity_rule + "," + filed_rule));
  BOOST_TEST(rb.id() == "test");
  BOOST_TEST(rb.rules().size() == 2u);
  BOOST_TEST(rb.find_rule("T-FILED")->action == "regularize_or_ban");
  BOOST_REQUIRE(rb.find_parameter("capacity_per_1000"));
  BOOST_TEST(rb.find_parameter("capacity_per_1000")->values.size() == 2u);
}

BOOST_AUTO_TEST_CASE(parse_errors_name_the_rule_and_position) {
  auto broken = R"({"id": "T-X", "subject": "facility", "require": "facility.capacity >", "clause": "一"})";
  expect_rulebook_error(book(broken), "tuoyu.rulebook.206", {"rule T-X", "1:", "tuoyu.expr.301", "/rules/0/require"});
}

BOOST_AUTO_TEST_CASE(unknown_variable_and_field) {
  expect_rulebook_error(book(R"({"id": "T-V", "subject": "facility", "require": "facilty.capacity > 0", "clause": "一"})"),
                        "tuoyu.rulebook.206", {"rule T-V", "1:1", "tuoyu.expr.302"});
  expect_rulebook_error(book(R"({"id": "T-F", "subject": "facility", "require": "facility.capactiy > 0", "clause": "一"})"),
                        "tuoyu.rulebook.206", {"rule T-F", "tuoyu.expr.303", "capactiy"});
}

BOOST_AUTO_TEST_CASE(declared_extra_fields_may_be_read) {
  auto rule = R"({"id": "T-S", "subject": "facility", "require": "facility.staff_count > 0", "clause": "一"})"s;
  expect_rulebook_error(book(rule), "tuoyu.rulebook.206", {"tuoyu.expr.303", "staff_count"});
  auto rb = load(book(rule, R"("fields": {"facility": {"staff_count": "int"}},)"));
  BOOST_TEST(rb.rules().size() == 1u);
}

BOOST_AUTO_TEST_CASE(type_errors) {
  expect_rulebook_error(book(R"({"id": "T-T", "subject": "facility", "require": "facility.capacity + 'x' > 0", "clause": "一"})"),
                        "tuoyu.rulebook.206", {"rule T-T", "tuoyu.expr.304"});
  expect_rulebook_error(book(R"({"id": "T-B", "subject": "facility", "require": "facility.capacity", "clause": "一"})"),
                        "tuoyu.rulebook.206", {"rule T-B", "must be a bool"});
}

BOOST_AUTO_TEST_CASE(unknown_parameter_and_department) {
  expect_rulebook_error(book(R"({"id": "T-P", "subject": "jurisdiction", "require": "ratio >= param('targte') ", "clause": "一"})"),
                        "tuoyu.rulebook.206", {"rule T-P", "tuoyu.expr.306", "targte"});
  expect_rulebook_error(book(R"({"id": "T-D", "subject": "jurisdiction", "require": "true", "clause": "一", "responsible": ["heath"]})"),
                        "tuoyu.rulebook.205", {"rule T-D", "heath", "/rules/0/responsible/0"});
}

BOOST_AUTO_TEST_CASE(duplicate_ids_and_missing_clause) {
  expect_rulebook_error(book(capacity_rule + "," + capacity_rule), "tuoyu.rulebook.203", {"T-CAPACITY", "/rules/1/id"});
  expect_rulebook_error(book(R"({"id": "T-N", "subject": "jurisdiction", "require": "true"})"), "tuoyu.rulebook.204",
                        {"rule T-N", "clause"});
}

BOOST_AUTO_TEST_CASE(malformed_json_has_line_and_column) {
  expect_rulebook_error("{\n  \"id\": \"x\",\n  \"rules\": [\n    {\"id\": }\n  ]\n}", "tuoyu.rulebook.201",
                        {"test.rulebook.json:4:"});
}

BOOST_AUTO_TEST_CASE(bad_parameters) {
  auto bad_dates = R"({"tuoyu_rulebook": 1, "id": "x", "parameters": {"p": {"type": "int", "values": [
      {"from": "2025-01-01", "value": 1}, {"from": "2024-01-01", "value": 2}]}}, "rules": []})";
  expect_rulebook_error(bad_dates, "tuoyu.rulebook.209", {"/parameters/p/values/1/from", "increasing"});
  auto impossible = R"({"tuoyu_rulebook": 1, "id": "x", "parameters": {"p": {"type": "int", "values": [
      {"from": "2023-02-30", "value": 1}]}}, "rules": []})";
  expect_rulebook_error(impossible, "tuoyu.rulebook.209", {"2023-02-30"});
}

BOOST_AUTO_TEST_CASE(a_broken_definition_is_an_error_even_unused) {
  auto text = R"({"tuoyu_rulebook": 1, "id": "x", "definitions": {"oops": {"expr": "dataset.facilitiez.size() "}},
                  "rules": []})";
  expect_rulebook_error(text, "tuoyu.rulebook.206", {"definition oops", "facilitiez"});
}

BOOST_AUTO_TEST_CASE(message_templates_are_checked) {
  auto rule = R"({"id": "T-M", "subject": "facility", "require": "true", "clause": "一", "message": {"zh": "{facility.nmae}"}})";
  expect_rulebook_error(book(rule), "tuoyu.rulebook.206", {"rule T-M", "nmae"});
  auto unbalanced = R"({"id": "T-U", "subject": "facility", "require": "true", "clause": "一", "message": {"zh": "{facility.name"}})";
  expect_rulebook_error(book(unbalanced), "tuoyu.rulebook.211", {"rule T-U"});
}

BOOST_AUTO_TEST_CASE(evidence_paths_are_derived) {
  auto rb = load(book(filed_rule));
  std::vector<std::string> paths;
  for (const auto& e : rb.find_rule("T-FILED")->evidence) paths.push_back(e.path);
  BOOST_TEST((std::find(paths.begin(), paths.end(), "facility.filing") != paths.end()));
  BOOST_TEST((std::find(paths.begin(), paths.end(), "facility.opened") != paths.end()));
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(evaluation)

BOOST_AUTO_TEST_CASE(parameters_change_on_their_dates) {
  auto rb = load(book(capacity_rule));
  // 35 places for 10,000 residents: 3.5 per 1,000. Above 2.8, below 4.5.
  auto ds = sample(35);
  BOOST_TEST(tuoyu::check(rb, ds, d("2022-12-30")).findings.empty());  // rulebook not yet in force
  BOOST_TEST(tuoyu::check(rb, ds, d("2022-12-31")).findings.empty());
  BOOST_TEST(tuoyu::check(rb, ds, d("2025-12-30")).findings.empty());
  auto late = tuoyu::check(rb, ds, d("2025-12-31"));
  BOOST_REQUIRE(late.findings.size() == 1u);
  const auto& f = late.findings[0];
  BOOST_TEST(f.rule == "T-CAPACITY");
  BOOST_TEST(f.subject.id == "J");
  BOOST_TEST(f.clause == "一");
  BOOST_TEST(f.evidence.at("ratio").as_double() == 3.5);
  BOOST_TEST(f.evidence.at("param:capacity_per_1000").at("value").as_double() == 4.5);
  BOOST_TEST(f.evidence.at("param:capacity_per_1000").at("from").as_string() == "2025-12-31");
  BOOST_TEST(f.message.en == "3.5 per 1,000 against 4.5");
  BOOST_TEST(late.metrics.target->value == 4.5);
}

BOOST_AUTO_TEST_CASE(exactly_at_the_target_passes) {
  auto rb = load(book(capacity_rule));
  BOOST_TEST(tuoyu::check(rb, sample(45), d("2025-12-31")).findings.empty());
  BOOST_TEST(tuoyu::check(rb, sample(44), d("2025-12-31")).findings.size() == 1u);
  // 2,160 places for 480,000 residents is exactly 4.5 per 1,000.
  BOOST_TEST(tuoyu::check(rb, sample(2160, 480000), d("2025-12-31")).findings.empty());
}

BOOST_AUTO_TEST_CASE(facility_rules_and_evidence) {
  auto rb = load(book(filed_rule));
  auto r = tuoyu::check(rb, sample(35), d("2025-12-31"));
  BOOST_REQUIRE(r.findings.size() == 1u);  // A2; A1 is filed; A3 is not registered
  const auto& f = r.findings[0];
  BOOST_TEST(f.subject.id == "A2");
  BOOST_TEST(f.action == "regularize_or_ban");
  BOOST_TEST(f.message.zh == "乙已登记未备案");
  BOOST_TEST(f.evidence.at("facility.filing").is_null());
  BOOST_TEST((f.responsible == std::vector<std::string>{"admin_approval", "health"}));
  // A2 opens on 2024-01-01: before that it does not exist and the rule does not apply.
  BOOST_TEST(tuoyu::check(rb, sample(35), d("2023-12-31")).findings.empty());
}

BOOST_AUTO_TEST_CASE(an_unreadable_field_is_a_finding_with_the_error) {
  auto rule = R"({"id": "T-E", "subject": "facility", "require": "facility.registration.date <= as_of",
                  "clause": "一", "responsible": ["health"]})";
  auto r = tuoyu::check(load(book(rule)), sample(35), d("2025-12-31"));
  BOOST_REQUIRE(r.findings.size() == 1u);  // A3 has no registration
  BOOST_TEST(r.findings[0].subject.id == "A3");
  BOOST_TEST(r.findings[0].evidence.contains("error"));
  BOOST_TEST(r.findings[0].message.en.find("could not be evaluated") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(the_step_budget_bounds_evaluation) {
  auto rule = R"({"id": "T-L", "subject": "jurisdiction", "clause": "一",
    "require": "[1,2,3,4,5,6,7,8,9,10].all(a, [1,2,3,4,5,6,7,8,9,10].all(b, [1,2,3,4,5,6,7,8,9,10].all(c, a + b + c > 0))) "})";
  auto rb = load(book(rule));
  tuoyu::check_options options;
  options.step_budget = 500;
  auto r = tuoyu::check(rb, sample(35), d("2025-12-31"), options);
  BOOST_REQUIRE(r.findings.size() == 1u);
  BOOST_TEST(r.findings[0].evidence.at("error").at("id").as_string() == "tuoyu.eval.405");
  BOOST_TEST(tuoyu::check(rb, sample(35), d("2025-12-31")).findings.empty());
}

BOOST_AUTO_TEST_CASE(the_step_budget_grows_with_the_dataset) {
  // 60,000 facilities: the aggregates' linear passes exceed the fixed 1,000,000 steps but must still run.
  auto rb = load(book(capacity_rule));
  auto ds = sample(35, 1'000'000'000);
  auto first = ds.facilities[0];
  ds.facilities.clear();
  for (int i = 0; i < 60'000; ++i) {
    first.id = "F" + std::to_string(i);
    ds.facilities.push_back(first);
  }
  auto r = tuoyu::check(rb, ds, d("2025-12-31"));
  BOOST_REQUIRE(r.findings.size() == 1u);  // 2,100,000 places for 1,000,000,000 residents: 2.1 per 1,000
  BOOST_TEST(r.findings[0].evidence.at("ratio").as_double() == 2.1);
  BOOST_TEST(!r.findings[0].evidence.contains("error"));
}

BOOST_AUTO_TEST_CASE(parameter_overrides_sweep_a_value) {
  auto rb = load(book(capacity_rule));
  tuoyu::check_options options;
  options.parameter_overrides.emplace_back("capacity_per_1000", tuoyu::value(3.0));
  BOOST_TEST(tuoyu::check(rb, sample(35), d("2025-12-31"), options).findings.empty());
  options.parameter_overrides[0].second = tuoyu::value(3.6);
  BOOST_TEST(tuoyu::check(rb, sample(35), d("2025-12-31"), options).findings.size() == 1u);
}

BOOST_AUTO_TEST_CASE(a_report_with_infinite_evidence_is_still_json) {
  auto rb = load(book(capacity_rule));
  tuoyu::check_options options;
  options.parameter_overrides.emplace_back("capacity_per_1000", tuoyu::value(HUGE_VAL));
  auto r = tuoyu::check(rb, sample(35), d("2025-12-31"), options);
  BOOST_REQUIRE(r.findings.size() == 1u);
  auto text = boost::json::serialize(tuoyu::to_json(r));
  auto again = tuoyu::parse_json(text, "report.json");  // bare Infinity would be a syntax error
  BOOST_TEST(again.at_pointer("/findings/0/evidence/param:capacity_per_1000/value") == "Infinity");
}

BOOST_AUTO_TEST_CASE(year_rules_give_one_finding_per_year) {
  auto rule = R"({"id": "T-Y", "subject": "year", "severity": "warning", "clause": "附件1 三",
    "years": {"from": "2023", "to": "year(as_of) - 1"},
    "require": "dataset.meetings.exists(m, m.kind == 'plenary' && year(m.date) == year) "})";
  auto rb = load(book(rule));
  auto text = R"({"jurisdiction": {"id": "J", "name": "x", "population": 10}, "townships": [], "facilities": [],
    "meetings": [{"date": "2024-03-01", "kind": "plenary"}, {"date": "2025-03-01", "kind": "partial"}]})";
  auto ds = tuoyu::parse_dataset(text);
  auto r = tuoyu::check(rb, ds, d("2026-06-30"));
  BOOST_REQUIRE(r.findings.size() == 2u);  // 2023 none, 2024 plenary, 2025 only partial
  BOOST_TEST(*r.findings[0].subject.year == 2023);
  BOOST_TEST(*r.findings[1].subject.year == 2025);
  BOOST_TEST(r.findings[0].subject.id == "J");
  auto json = tuoyu::to_json(r);
  BOOST_TEST(json.at("findings").at(0).at("subject").at("kind").as_string() == "jurisdiction");
}

BOOST_AUTO_TEST_CASE(results_do_not_depend_on_the_thread_count) {
  auto rb = load(book(capacity_rule + "," + filed_rule));
  std::string facilities;
  for (int i = 0; i < 3000; ++i) {
    facilities += std::string(i ? "," : "") + R"({"id": "F)" + std::to_string(i) + R"(", "name": "n", "township": "T1",
      "kind": "nursery", "legal_form": "enterprise", "status": "operating", "capacity": 3,
      "registration": {"authority": "admin_approval", "scope_includes_childcare": true}, "filing": )" +
                  (i % 7 ? R"({"authority": "health"})"s : "null"s) + "}";
  }
  auto ds = tuoyu::parse_dataset(R"({"jurisdiction": {"id": "J", "name": "x", "population": 100000},
      "townships": [{"id": "T1", "name": "t", "population": 1}], "facilities": [)" + facilities + "]}");
  auto one = tuoyu::check(rb, ds, d("2025-12-31"));
  tuoyu::check_options options;
  options.threads = 4;
  auto four = tuoyu::check(rb, ds, d("2025-12-31"), options);
  BOOST_TEST(one.findings.size() == 429u);  // i = 0, 7, ..., 2996 are not filed; capacity is met
  BOOST_TEST((one == four));
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(explanations)

BOOST_AUTO_TEST_CASE(explain_shows_sub_conditions_and_parameters) {
  auto rb = load(book(capacity_rule + "," + filed_rule));
  auto e = tuoyu::explain(rb, sample(35), d("2025-12-31"), "T-CAPACITY");
  BOOST_TEST(e.finding);
  BOOST_TEST(e.applies);
  BOOST_REQUIRE(e.parameters.size() == 1u);
  BOOST_TEST(e.parameters[0].result.as_double() == 4.5);
  BOOST_TEST(e.parameters[0].from->to_string() == "2025-12-31");
  bool saw_ratio = false;
  for (const auto& s : e.require_steps) saw_ratio |= s.expression == "ratio" && s.result.as_double() == 3.5;
  BOOST_TEST(saw_ratio);

  auto f = tuoyu::explain(rb, sample(35), d("2025-12-31"), "T-FILED", "A1");
  BOOST_TEST(!f.finding);
  BOOST_TEST(f.outcome.as_bool());
  auto g = tuoyu::explain(rb, sample(35), d("2025-12-31"), "T-FILED", "A3");
  BOOST_TEST(!g.applies);  // not registered: the rule does not apply
  BOOST_CHECK_THROW(tuoyu::explain(rb, sample(35), d("2025-12-31"), "T-FILED", "NOPE"), tuoyu::input_error);
  BOOST_CHECK_THROW(tuoyu::explain(rb, sample(35), d("2025-12-31"), "T-NOPE", "A1"), tuoyu::input_error);
}

BOOST_AUTO_TEST_CASE(a_condition_that_is_not_a_bool_is_an_error_finding) {
  // dyn() passes the checker; at run time the condition is a number, which is an error, not a crash.
  auto rb = load(book(R"J({"id": "T-NOT-BOOL", "subject": "facility", "severity": "error", "clause": "x",
    "require": "dyn(facility.capacity)"})J"));
  auto ds = tuoyu::parse_dataset(R"({"jurisdiction": {"id": "J", "name": "x", "population": 10},
    "townships": [{"id": "T1", "name": "t", "population": 1}],
    "facilities": [{"id": "A1", "name": "n", "township": "T1", "kind": "nursery", "legal_form": "enterprise",
                    "status": "operating", "capacity": 3}]})");
  for (bool batch : {true, false}) {
    tuoyu::check_options options;
    options.batch = batch;
    auto r = tuoyu::check(rb, ds, d("2025-12-31"), options);
    BOOST_REQUIRE(r.findings.size() == 1u);
    BOOST_TEST(r.findings[0].message.en == "rule could not be evaluated: a rule's condition gave int, not bool");
  }
  auto e = tuoyu::explain(rb, ds, d("2025-12-31"), "T-NOT-BOOL", "A1");
  BOOST_TEST(e.finding);
  BOOST_TEST(e.outcome.is_error());
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(builtin)

BOOST_AUTO_TEST_CASE(the_zezhou_rulebook_is_embedded) {
  auto rb = tuoyu::builtin_rulebook("zezhou-2022");
  BOOST_TEST(rb.id() == "zezhou-2022");
  for (const char* id : {"ZZ-CAPACITY", "ZZ-DEMO", "ZZ-COVERAGE", "ZZ-REG-UNREGISTERED", "ZZ-REG-NOT-FILED",
                         "ZZ-REG-SCOPE", "ZZ-REG-AUTHORITY", "ZZ-FILING-AUTHORITY", "ZZ-FILING-ORDER",
                         "ZZ-WELFARE-NONPROFIT", "ZZ-KG-AGE", "ZZ-UTILITY-PRICE", "ZZ-MEETING-ANNUAL",
                         "ZZ-TRAINING-ANNUAL"}) {
    const auto* r = rb.find_rule(id);
    BOOST_REQUIRE_MESSAGE(r, id);
    BOOST_TEST(!r->clause.empty());
    BOOST_TEST(!r->clause_text.empty(), id);
    BOOST_TEST(!r->responsible.empty(), id);
  }
  BOOST_CHECK_THROW(tuoyu::builtin_rulebook("nope"), tuoyu::rulebook_error);
}

BOOST_AUTO_TEST_CASE(lint_reports_the_documents_gaps) {
  auto r = tuoyu::lint(tuoyu::builtin_rulebook("zezhou-2022"), d("2026-01-01"));
  auto has = [&](const char* rule, const char* subject) {
    for (const auto& f : r.findings)
      if (f.rule == rule && f.subject.id == subject) return true;
    return false;
  };
  BOOST_TEST(has("ZZ-ORG-DUTY-NOT-MEMBER", "transport"));
  BOOST_TEST(has("ZZ-ORG-DUTY-NOT-MEMBER", "culture_tourism"));
  BOOST_TEST(has("ZZ-ORG-NO-ROSTER", "staffing_office"));
  BOOST_TEST(has("ZZ-ORG-NAME-VARIANTS", "development_reform"));
  BOOST_TEST(has("ZZ-ORG-AUTHORITY-CONFLICT", "staffing_office"));
  BOOST_TEST(!has("ZZ-ORG-NO-ROSTER", "health"));
}

BOOST_AUTO_TEST_SUITE_END()
