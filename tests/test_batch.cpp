// The batch (columnar) path against the per-record interpreter: identical reports on random datasets
// with every combination of present, absent and odd fields, at dates across the rulebook's boundaries,
// on 1, 2 and 4 threads; plus the facility_table and prepared_dataset APIs.
#define BOOST_TEST_MODULE tuoyu batch
#include <boost/test/unit_test.hpp>

#include <tuoyu/detail/batch_eval.hpp>
#include <tuoyu/detail/dataset_values.hpp>
#include <tuoyu/detail/filter_index.hpp>
#include <tuoyu/tuoyu.hpp>

#include <boost/json/serialize.hpp>

#include <algorithm>
#include <map>
#include <memory>
#include <random>
#include <string>

namespace {

using boost::json::array;
using boost::json::object;

struct generator {
  std::mt19937 rng;
  explicit generator(unsigned seed) : rng(seed) {}
  int pick(int n) { return std::uniform_int_distribution<int>(0, n - 1)(rng); }
  bool coin(int percent = 50) { return pick(100) < percent; }
  template <class T>
  T one(std::initializer_list<T> xs) {
    return *(xs.begin() + pick(static_cast<int>(xs.size())));
  }
  std::string day() {
    return one<std::string>({"2020-05-01", "2022-12-30", "2022-12-31", "2023-01-01", "2024-06-15", "2025-12-30",
                             "2025-12-31", "2026-01-01", "2027-03-03"});
  }
  std::string authority() {
    return one<std::string>({"admin_approval", "civil_affairs", "staffing_office", "health", "县卫健体局",
                             "县行政审批服务管理局", "market_regulation", "education"});
  }

  object facility(int i, int townships) {
    object f{{"id", "F" + std::to_string(100000 + i)},
             {"name", "机构" + std::to_string(i)},
             {"township", "T" + std::to_string(pick(townships))},
             {"kind", one<std::string>({"nursery", "kindergarten_class", "employer", "community", "family"})},
             {"legal_form", one<std::string>({"enterprise", "social_org", "public_institution"})},
             {"status", one<std::string>({"operating", "operating", "suspended", "closed", "banned"})},
             {"capacity", pick(200)}};
    if (coin(70)) f["opened"] = day();
    if (coin(20)) f["closed"] = day();
    if (coin(50)) f["enrolled"] = pick(150);
    if (coin(60)) {  // any modes in any order, none included: the table shares lists by content
      array modes;
      for (int k = pick(4); k > 0; --k)
        modes.push_back(boost::json::string(one<std::string>({"full_day", "half_day", "hourly", "temporary"})));
      f["care_modes"] = modes;
    }
    for (const char* flag : {"demonstration", "inclusive", "employees_only", "free_of_charge"})
      if (coin(60)) f[flag] = coin(flag == std::string("demonstration") ? 20 : 50);
    if (coin(50)) f["utility_pricing"] = one<std::string>({"residential", "commercial"});
    if (coin(50)) {
      object ages;
      if (coin(70)) ages["min"] = pick(40);
      if (coin(70)) ages["max"] = pick(48);
      f["enrolled_age_months"] = ages;
    }
    if (coin(80)) {
      object r{{"authority", authority()}};
      if (coin(85)) r["scope_includes_childcare"] = coin(85);  // unstated: absent, not false
      if (coin(70)) r["date"] = day();
      if (coin(10)) r["number"] = "91140525MA" + std::to_string(i);  // unknown fields inside objects too
      f["registration"] = r;
    } else if (coin(50)) {
      f["registration"] = nullptr;
    }
    if (coin(70)) {
      object g{{"authority", authority()}};
      if (coin(70)) g["date"] = day();
      if (coin(10)) g["reviewer"] = object{{"name", "审核" + std::to_string(pick(3))}};
      f["filing"] = g;
    }
    if (coin(10)) f["staff_count"] = pick(30);  // an unknown field, kept and ignored
    return f;
  }

  boost::json::value dataset(int facilities) {
    int townships = 1 + pick(6);
    array ts, fs, ms, trs;
    for (int t = 0; t < townships; ++t)
      ts.push_back(object{{"id", "T" + std::to_string(t)}, {"name", "镇" + std::to_string(t)}, {"population", 1000 + pick(9000)}});
    for (int i = 0; i < facilities; ++i) fs.push_back(facility(i, townships));
    if (coin(30)) std::shuffle(fs.begin(), fs.end(), rng);  // ids out of order: findings still in contract order
    for (int k = pick(4); k > 0; --k) ms.push_back(object{{"date", day()}, {"kind", one<std::string>({"plenary", "partial"})}});
    for (int k = pick(4); k > 0; --k) trs.push_back(object{{"date", day()}, {"health_exam", coin()}});
    return object{{"jurisdiction", object{{"id", "J"}, {"name", "测试县"}, {"population", 5000 + pick(50000)}}},
                  {"townships", ts},
                  {"facilities", fs},
                  {"meetings", ms},
                  {"trainings", trs}};
  }
};

std::string report_text(const tuoyu::report& r) { return boost::json::serialize(tuoyu::to_json(r)); }

tuoyu::check_options per_record() {
  tuoyu::check_options o;
  o.batch = false;
  return o;
}

// Rules that reach the evaluator's edges: errors in some rows, non-bool results, `in` against a
// per-row list, comparisons across kinds, an unknown field (never vectorised), a parameter, a column
// read both by an interned comparison and through a conditional.
const char* edge_book = R"J({
  "tuoyu_rulebook": 1, "id": "edge", "version": "1", "in_force": {"from": "2022-12-31"},
  "fields": {"facility": {"staff_count": "int"}},
  "parameters": {"min_capacity": {"type": "int", "values": [{"from": "2022-12-31", "value": 10}, {"from": "2025-12-31", "value": 50}]}},
  "definitions": {
    "allowed": {"params": ["f"], "expr": "f.legal_form == 'enterprise' ? ['admin_approval'] : ['admin_approval', 'civil_affairs']"}
  },
  "rules": [
    {"id": "E-SCOPE-UNGUARDED", "subject": "facility", "require": "facility.registration.scope_includes_childcare",
     "clause": "x", "responsible": ["health"], "message": {"zh": "{facility.id}", "en": "{facility.id}"}},
    {"id": "E-OR-ERROR", "subject": "facility", "require": "facility.filing.date > facility.opened || facility.capacity >= param('min_capacity')",
     "clause": "x", "responsible": ["health"], "message": {"zh": "z", "en": "e"}},
    {"id": "E-AND-FALSE", "subject": "facility", "when": "facility.enrolled_age_months.min > 3 && facility.status == 'banned'",
     "require": "false", "clause": "x", "responsible": ["health"], "message": {"zh": "z", "en": "e"}},
    {"id": "E-IN", "subject": "facility", "when": "has(facility.registration) && !(facility.kind in ['family', 'community'])",
     "require": "facility.registration.authority in allowed(facility)", "clause": "x", "responsible": ["health"],
     "message": {"zh": "z", "en": "e"}},
    {"id": "E-COND", "subject": "facility", "require": "has(facility.enrolled) ? facility.enrolled <= facility.capacity : facility.demonstration",
     "clause": "x", "responsible": ["health"], "message": {"zh": "z", "en": "e"}},
    {"id": "E-UNKNOWN-FIELD", "subject": "facility", "when": "has(facility.staff_count)", "require": "facility.staff_count > 10",
     "clause": "x", "responsible": ["health"], "message": {"zh": "z", "en": "e"}},
    {"id": "E-SHARED-LOAD", "subject": "facility", "when": "facility.legal_form == 'enterprise' || facility.kind == 'employer'",
     "require": "(facility.kind == 'family' ? facility.legal_form : 'enterprise') == 'enterprise'",
     "clause": "x", "responsible": ["health"], "message": {"zh": "{facility.legal_form}", "en": "{facility.kind}"}},
    {"id": "E-DATES", "subject": "facility", "require": "!has(facility.closed) || facility.closed != as_of",
     "clause": "x", "responsible": ["health"], "message": {"zh": "z", "en": "e"}},
    {"id": "E-OBJECTS", "subject": "facility", "when": "has(facility.filing) && has(facility.registration)",
     "require": "facility.filing.authority == 'health' && has(facility.registration.scope_includes_childcare)",
     "clause": "x", "responsible": ["health"],
     "message": {"zh": "{facility.name}: {facility.registration} {facility.filing} {facility.staff_count} {param('min_capacity')}",
                 "en": "{facility.registration.date} {facility.enrolled_age_months} {as_of}"}}
  ]
})J";

// Definitions over the facilities that the batch path computes on the columns, chained (a filter of
// a filter, the sum of a map over it), with rows that fail, an empty list's max, and per-township
// subsets of both.
const char* aggregates_book = R"J({
  "tuoyu_rulebook": 1, "id": "aggregates", "version": "1", "in_force": {"from": "2022-12-31"},
  "definitions": {
    "open_now": {"expr": "dataset.facilities.filter(f, f.status == 'operating' && (!has(f.opened) || f.opened <= as_of))"},
    "enrolling": {"expr": "open_now.filter(f, has(f.enrolled))"},
    "enrolled_sum": {"expr": "sum(enrolling.map(f, f.enrolled))"},
    "enrolled_everywhere": {"expr": "sum(dataset.facilities.map(f, f.enrolled))"},
    "largest": {"expr": "max(open_now.map(f, f.capacity))"},
    "fewest": {"expr": "min(enrolling.map(f, f.enrolled))"},
    "nothing": {"expr": "open_now.filter(f, f.capacity < 0)"},
    "nothing_max": {"expr": "max(nothing.map(f, f.capacity))"},
    "demo": {"expr": "enrolling.filter(f, f.demonstration)"},
    "scoped": {"expr": "open_now.filter(f, f.registration.scope_includes_childcare)"},
    "crowded": {"expr": "enrolling.map(f, f.enrolled > f.capacity)"},
    "kinds": {"expr": "open_now.map(f, f.kind == 'family' ? f.legal_form : f.kind)"},
    "town_open": {"params": ["t"], "expr": "open_now.filter(f, f.township == t.id)"},
    "town_demo": {"params": ["t"], "expr": "demo.filter(f, f.township == t.id)"}
  },
  "rules": [
    {"id": "A-TOTALS", "subject": "jurisdiction", "require": "false", "clause": "x", "responsible": ["health"],
     "message": {"zh": "{size(open_now)} {size(enrolling)} {enrolled_sum} {largest} {fewest} {size(demo)} {size(crowded.filter(c, c))}",
                 "en": "{kinds} {nothing_max}"}},
    {"id": "A-EVERYWHERE", "subject": "jurisdiction", "require": "enrolled_everywhere >= 0", "clause": "x",
     "responsible": ["health"], "message": {"zh": "z", "en": "e"}},
    {"id": "A-SCOPED", "subject": "jurisdiction", "require": "size(scoped) >= 0", "clause": "x",
     "responsible": ["health"], "message": {"zh": "z", "en": "e"}},
    {"id": "A-TOWN", "subject": "township", "require": "size(town_open(township)) > 2 * size(town_demo(township))",
     "clause": "x", "responsible": ["health"], "message": {"zh": "{size(town_open(township))}", "en": "{town_demo(township).map(f, f.id)}"}}
  ]
})J";

}  // namespace

BOOST_AUTO_TEST_CASE(batch_equals_per_record_on_random_datasets) {
  auto zezhou = tuoyu::builtin_rulebook("zezhou-2022");
  auto edge = tuoyu::parse_rulebook(edge_book);
  auto aggregates = tuoyu::parse_rulebook(aggregates_book);
  int compared = 0, with_findings = 0;
  for (unsigned seed = 1; seed <= 30; ++seed) {
    generator g(seed);
    auto data = tuoyu::dataset_from_json(g.dataset(1 + g.pick(seed % 5 == 0 ? 1500 : 120)));
    tuoyu::prepared_dataset prepared(data);
    for (int k = 0; k < 3; ++k) {
      auto as_of = tuoyu::date::parse(g.day());
      for (const auto* rules : {&zezhou, &edge, &aggregates}) {
        auto reference = tuoyu::check(*rules, data, as_of, per_record());
        BOOST_TEST(std::is_sorted(reference.findings.begin(), reference.findings.end(), tuoyu::finding_order));
        auto expected = report_text(reference);
        for (unsigned threads : {1u, 2u, 4u}) {
          tuoyu::check_options o;
          o.threads = threads;
          BOOST_TEST_INFO("seed " << seed << " as_of " << as_of.to_string() << " threads " << threads);
          BOOST_TEST(report_text(tuoyu::check(*rules, data, as_of, o)) == expected);
          if (threads == 2) BOOST_TEST(report_text(tuoyu::check(*rules, prepared, as_of, o)) == expected);
          ++compared;
        }
        with_findings += expected.find("\"rule\"") != std::string::npos;
      }
    }
  }
  BOOST_TEST(compared == 30 * 3 * 3 * 3);
  BOOST_TEST(with_findings > 100);  // the comparisons are not vacuous
}

// `d` as a prepared dataset whose facilities came as columns, built a record at a time as the
// DataFrame reader builds them; `made` counts the times its records were asked for.
tuoyu::prepared_dataset from_columns(const tuoyu::dataset& d, std::shared_ptr<int> made) {
  tuoyu::facility_table::builder b(d.facilities.size());
  for (const auto& f : d.facilities) BOOST_TEST_REQUIRE(b.add(f));
  tuoyu::dataset others = d;
  others.facilities.clear();
  return tuoyu::prepared_dataset(std::move(others), std::move(b).finish(), [records = d.facilities, made](const tuoyu::facility_table&) {
    ++*made;
    return records;
  });
}

void drop_unknown_fields(tuoyu::dataset& d) {
  for (auto& f : d.facilities) {
    f.extra.clear();
    if (f.registration) f.registration->extra.clear();
    if (f.filing) f.filing->extra.clear();
    if (f.enrolled_age_months) f.enrolled_age_months->extra.clear();
  }
}

// A check of a dataset whose facilities came only as columns reads the columns only: it equals the
// per-record check of the records, and never makes them, unless the per-record path is asked for.
BOOST_AUTO_TEST_CASE(facilities_given_as_columns_check_as_their_records) {
  auto zezhou = tuoyu::builtin_rulebook("zezhou-2022");
  auto edge = tuoyu::parse_rulebook(edge_book);
  auto aggregates = tuoyu::parse_rulebook(aggregates_book);
  for (unsigned seed = 1; seed <= 12; ++seed) {
    generator g(seed + 500);
    auto data = tuoyu::dataset_from_json(g.dataset(1 + g.pick(seed % 4 == 0 ? 3000 : 150)));
    drop_unknown_fields(data);
    auto made = std::make_shared<int>(0);
    auto prepared = from_columns(data, made);
    BOOST_TEST(prepared.facilities_only_as_columns());
    BOOST_TEST(prepared.checked_data().facilities.empty());
    for (int k = 0; k < 3; ++k) {
      auto as_of = tuoyu::date::parse(g.day());
      for (const auto* rules : {&zezhou, &edge, &aggregates})
        for (unsigned threads : {1u, 3u}) {
          tuoyu::check_options o;
          o.threads = threads;
          BOOST_TEST_INFO("seed " << seed << " as_of " << as_of.to_string() << " rulebook " << rules->id());
          BOOST_TEST(report_text(tuoyu::check(*rules, prepared, as_of, o)) ==
                     report_text(tuoyu::check(*rules, data, as_of, per_record())));
        }
    }
    // The step budget counts the facilities in the table as it counts records.
    for (std::uint64_t budget : {0u, 6u, 12000u}) {
      auto ref = per_record();
      ref.step_budget = budget;
      tuoyu::check_options o;
      o.step_budget = budget;
      auto as_of = tuoyu::date::parse("2025-12-31");
      BOOST_TEST(report_text(tuoyu::check(zezhou, prepared, as_of, o)) == report_text(tuoyu::check(zezhou, data, as_of, ref)));
    }
    BOOST_TEST(*made == 0);
    BOOST_TEST((prepared.data() == data));
    BOOST_TEST((prepared.data() == data));
    BOOST_TEST(*made == 1);  // made once, kept
    auto again = from_columns(data, made);
    auto as_of = tuoyu::date::parse("2024-06-15");
    BOOST_TEST(report_text(tuoyu::check(edge, again, as_of, per_record())) ==
               report_text(tuoyu::check(edge, data, as_of, per_record())));
    BOOST_TEST(*made == 2);  // the per-record path reads records
  }
}

BOOST_AUTO_TEST_CASE(facilities_as_columns_are_refused_when_incomplete) {
  generator g(3);
  auto data = tuoyu::dataset_from_json(g.dataset(40));
  auto with_extra = data;
  with_extra.facilities[0].extra["staff_count"] = 3;
  tuoyu::facility_table::builder b;
  BOOST_TEST(!b.add(with_extra.facilities[0]));  // no column for an unknown field
  BOOST_TEST(b.size() == 0u);
  with_extra.facilities[0].extra.clear();
  with_extra.facilities[0].filing.emplace().extra["reviewer"] = "x";
  BOOST_TEST(!b.add(with_extra.facilities[0]));
  auto records = [](const tuoyu::facility_table&) { return std::vector<tuoyu::facility>{}; };
  BOOST_CHECK_THROW(tuoyu::prepared_dataset(data, tuoyu::facility_table(), records), std::invalid_argument);
  auto others = data;
  others.facilities.clear();
  auto partial = tuoyu::facility_table::from_dataset(data, {"id", "capacity"});
  BOOST_CHECK_THROW(tuoyu::prepared_dataset(others, std::move(partial), records), std::invalid_argument);
  BOOST_CHECK_THROW(tuoyu::prepared_dataset(others, tuoyu::facility_table::from_dataset(data), nullptr),
                    std::invalid_argument);
  // Records that do not match the table are an error of the caller's, said so, not a wrong dataset.
  tuoyu::prepared_dataset mismatched(others, tuoyu::facility_table::from_dataset(data), records);
  BOOST_CHECK_THROW(mismatched.data(), std::logic_error);
}

// Large enough that several threads share the work: rows in pieces that threads take in turn, and
// more findings than one thread places. Identical to one thread of the interpreter, in both orders
// of the facilities.
BOOST_AUTO_TEST_CASE(batch_on_threads_equals_per_record_on_large_datasets) {
  auto zezhou = tuoyu::builtin_rulebook("zezhou-2022");
  auto edge = tuoyu::parse_rulebook(edge_book);
  for (unsigned seed : {101u, 102u}) {
    generator g(seed);
    auto doc = g.dataset(seed == 101 ? 21000 : 9000);
    // The first dataset with its facilities in id order, the second shuffled (the generator may
    // have shuffled either).
    auto& fs = doc.as_object()["facilities"].as_array();
    if (seed == 101)
      std::sort(fs.begin(), fs.end(), [](const auto& a, const auto& b) { return a.at("id").as_string() < b.at("id").as_string(); });
    else
      std::shuffle(fs.begin(), fs.end(), g.rng);
    auto data = tuoyu::dataset_from_json(doc);
    auto as_of = tuoyu::date::parse("2025-12-31");
    for (const auto* rules : {&zezhou, &edge}) {
      auto reference = tuoyu::check(*rules, data, as_of, per_record());
      auto expected = report_text(reference);
      BOOST_TEST_INFO("seed " << seed << " rulebook " << rules->id() << " findings " << reference.findings.size());
      BOOST_TEST(reference.findings.size() > 8192u);  // enough for several threads to place them
      for (unsigned threads : {2u, 3u, 5u}) {
        tuoyu::check_options o;
        o.threads = threads;
        BOOST_TEST(report_text(tuoyu::check(*rules, data, as_of, o)) == expected);
      }
      auto interpreted = per_record();
      interpreted.threads = 3;
      BOOST_TEST(report_text(tuoyu::check(*rules, data, as_of, interpreted)) == expected);
    }
  }
}

// The metrics against a plain reading of contract section 3 ("counted facility"), township by township.
BOOST_AUTO_TEST_CASE(metrics_count_as_a_plain_loop_would) {
  int counted_somewhere = 0;
  for (unsigned seed = 1; seed <= 20; ++seed) {
    generator g(seed);
    auto data = tuoyu::dataset_from_json(g.dataset(1 + g.pick(800)));
    auto as_of = tuoyu::date::parse(g.day());
    auto m = tuoyu::compute_metrics(data, as_of);
    BOOST_TEST_REQUIRE(m.townships.size() == data.townships.size());
    std::int64_t total = 0;
    for (std::size_t t = 0; t < data.townships.size(); ++t) {
      std::int64_t capacity = 0, facilities = 0;
      for (const auto& f : data.facilities) {
        bool counted = f.status == tuoyu::facility_status::operating && (!f.opened || *f.opened <= as_of) &&
                       (!f.closed || as_of < *f.closed) && f.registration && f.filing;
        if (counted && f.township == data.townships[t].id) capacity += f.capacity, ++facilities;
      }
      BOOST_TEST_INFO("seed " << seed << " township " << data.townships[t].id);
      BOOST_TEST(m.townships[t].id == data.townships[t].id);
      BOOST_TEST(m.townships[t].counted_capacity == capacity);
      BOOST_TEST(m.townships[t].counted_facilities == facilities);
      total += capacity;
      counted_somewhere += facilities > 0;
    }
    BOOST_TEST(m.counted_capacity == total);
  }
  BOOST_TEST(counted_somewhere > 20);  // not vacuous
}

BOOST_AUTO_TEST_CASE(batch_keeps_step_budget_and_overrides) {
  auto edge = tuoyu::parse_rulebook(edge_book);
  auto zezhou = tuoyu::builtin_rulebook("zezhou-2022");
  auto aggregates = tuoyu::parse_rulebook(aggregates_book);
  generator g(7);
  auto data = tuoyu::dataset_from_json(g.dataset(500));
  auto as_of = tuoyu::date::parse("2025-12-31");
  // Zezhou's global definitions filter every facility: with a small budget the interpreter runs out
  // there, and the batch path (which computes such filters on the columns) must report the same.
  for (std::uint64_t budget : {1u, 3u, 6u, 1000u, 12000u, 30000u}) {
    for (const auto* rules : {&edge, &zezhou, &aggregates}) {
      auto ref = per_record();
      ref.step_budget = budget;
      tuoyu::check_options o;
      o.step_budget = budget;
      o.threads = 2;
      BOOST_TEST_INFO("budget " << budget << " rulebook " << rules->id());
      BOOST_TEST(report_text(tuoyu::check(*rules, data, as_of, o)) == report_text(tuoyu::check(*rules, data, as_of, ref)));
    }
  }
  tuoyu::prepared_dataset prepared(data);
  for (std::int64_t min : {0, 20, 100, 1000}) {
    auto ref = per_record();
    ref.parameter_overrides = {{"min_capacity", tuoyu::value(min)}};
    tuoyu::check_options o;
    o.parameter_overrides = ref.parameter_overrides;
    BOOST_TEST(report_text(tuoyu::check(edge, prepared, as_of, o)) == report_text(tuoyu::check(edge, data, as_of, ref)));
  }
}

BOOST_AUTO_TEST_CASE(errors_in_rows_become_findings_with_the_error) {
  auto edge = tuoyu::parse_rulebook(edge_book);
  auto data = tuoyu::dataset_from_json(boost::json::value(object{
      {"jurisdiction", object{{"id", "J"}, {"name", "县"}, {"population", 1000}}},
      {"townships", array{object{{"id", "T0"}, {"name", "镇"}, {"population", 1000}}}},
      {"facilities", array{object{{"id", "A"}, {"name", "a"}, {"township", "T0"}, {"kind", "nursery"},
                                  {"legal_form", "enterprise"}, {"status", "operating"}, {"capacity", 5}}}}}));
  auto r = tuoyu::check(edge, data, tuoyu::date::parse("2024-01-01"));
  const tuoyu::finding* scope = nullptr;
  for (const auto& f : r.findings)
    if (f.rule == "E-SCOPE-UNGUARDED") scope = &f;
  BOOST_REQUIRE(scope);
  BOOST_TEST(scope->subject.id == "A");
  BOOST_TEST(scope->evidence.at("error").at("id").as_string() == "tuoyu.eval.403");
}

BOOST_AUTO_TEST_CASE(table_from_columns_matches_the_dataset) {
  auto zezhou = tuoyu::builtin_rulebook("zezhou-2022");
  generator g(11);
  auto data = tuoyu::dataset_from_json(g.dataset(800));
  auto as_of = tuoyu::date::parse("2025-12-31");
  // Column by column, as a DataFrame binding would build it.
  std::size_t n = data.facilities.size();
  tuoyu::facility_table t(n);
  std::vector<std::optional<std::string>> id(n), kind(n), legal(n), status(n), pricing(n), reg_auth(n), fil_auth(n);
  std::vector<std::optional<tuoyu::date>> opened(n), closed(n), reg_date(n), fil_date(n);
  std::vector<std::optional<bool>> demo(n), emp(n), free(n), scope(n);
  std::vector<std::optional<std::int64_t>> amin(n), amax(n);
  std::vector<bool> has_ages(n);
  for (std::size_t i = 0; i < n; ++i) {
    const auto& f = data.facilities[i];
    id[i] = f.id;
    kind[i] = std::string(to_string(f.kind));
    legal[i] = std::string(to_string(f.legal_form));
    status[i] = std::string(to_string(f.status));
    if (f.utility_pricing) pricing[i] = std::string(to_string(*f.utility_pricing));
    opened[i] = f.opened;
    closed[i] = f.closed;
    demo[i] = f.demonstration;
    emp[i] = f.employees_only;
    free[i] = f.free_of_charge;
    if (f.registration) {
      reg_auth[i] = f.registration->authority;
      reg_date[i] = f.registration->date;
      if (f.registration->scope_includes_childcare || f.registration->given_default.contains("scope_includes_childcare"))
        scope[i] = f.registration->scope_includes_childcare;  // as given; an unstated scope stays absent
    }
    if (f.filing) {
      fil_auth[i] = f.filing->authority;
      fil_date[i] = f.filing->date;
    }
    if (f.enrolled_age_months) {
      has_ages[i] = true;
      amin[i] = f.enrolled_age_months->min;
      amax[i] = f.enrolled_age_months->max;
    }
  }
  std::vector<std::optional<std::string>> name(n);
  for (std::size_t i = 0; i < n; ++i) name[i] = data.facilities[i].name;
  t.set_column("id", id);
  t.set_column("name", name);
  t.set_column("kind", kind);
  t.set_column("legal_form", legal);
  t.set_column("status", status);
  t.set_column("utility_pricing", pricing);
  t.set_column("opened", opened);
  t.set_column("closed", closed);
  t.set_column("demonstration", demo);
  t.set_column("employees_only", emp);
  t.set_column("free_of_charge", free);
  t.set_column("registration.authority", reg_auth);
  t.set_column("registration.date", reg_date);
  t.set_column("registration.scope_includes_childcare", scope);
  t.set_column("filing.authority", fil_auth);
  t.set_column("filing.date", fil_date);
  t.set_object_column("enrolled_age_months", has_ages);  // present even when both bounds are absent
  t.set_column("enrolled_age_months.min", amin);
  t.set_column("enrolled_age_months.max", amax);

  auto full = tuoyu::check(zezhou, data, as_of, per_record());
  std::vector<tuoyu::finding> expected;
  for (const auto& f : full.findings)
    if (f.subject.kind == tuoyu::subject_kind::facility) expected.push_back(f);
  BOOST_TEST(!expected.empty());
  for (bool batch : {true, false}) {
    tuoyu::check_options o;
    o.batch = batch;
    o.threads = 2;
    auto got = tuoyu::check_facilities(zezhou, t, as_of, o);
    BOOST_REQUIRE(got.size() == expected.size());
    for (std::size_t i = 0; i < got.size(); ++i) {
      BOOST_TEST(got[i].rule == expected[i].rule);
      BOOST_TEST(got[i].subject.id == expected[i].subject.id);
      BOOST_TEST(got[i].message.en == expected[i].message.en);
    }
  }
  // The dataset's own table gives the same findings, evidence included.
  auto from_data = tuoyu::check_facilities(zezhou, tuoyu::facility_table::from_dataset(data), as_of);
  BOOST_REQUIRE(from_data.size() == expected.size());
  for (std::size_t i = 0; i < from_data.size(); ++i)
    BOOST_TEST(boost::json::serialize(tuoyu::to_json(from_data[i])) == boost::json::serialize(tuoyu::to_json(expected[i])));
}

// A column of strings may hold other kinds when a caller fills it (set_column takes any values): the
// columns' string comparisons, loads and has() must decide such rows as the interpreter does.
BOOST_AUTO_TEST_CASE(columns_with_mixed_kinds_decide_as_the_interpreter) {
  auto rules = tuoyu::parse_rulebook(R"J({
    "tuoyu_rulebook": 1, "id": "mixed", "version": "1", "in_force": {"from": "2022-12-31"},
    "rules": [
      {"id": "M-EQ", "subject": "facility", "require": "facility.legal_form == 'enterprise'",
       "clause": "x", "responsible": ["health"], "message": {"zh": "{facility.id}", "en": "{facility.id}"}},
      {"id": "M-NE", "subject": "facility", "require": "facility.legal_form != 'social_org'",
       "clause": "x", "responsible": ["health"], "message": {"zh": "{facility.id}", "en": "{facility.id}"}},
      {"id": "M-NEVER", "subject": "facility", "require": "facility.legal_form != 'no such form'",
       "clause": "x", "responsible": ["health"], "message": {"zh": "{facility.id}", "en": "{facility.id}"}},
      {"id": "M-HAS", "subject": "facility", "when": "has(facility.filing.authority)",
       "require": "facility.filing.date >= facility.opened",
       "clause": "x", "responsible": ["health"], "message": {"zh": "{facility.id}", "en": "{facility.id}"}},
      {"id": "M-HAS-NO-PARENT", "subject": "facility", "when": "has(facility.filing.authority)", "require": "false",
       "clause": "x", "responsible": ["health"], "message": {"zh": "{facility.id}", "en": "{facility.id}"}},
      {"id": "M-IN", "subject": "facility", "when": "has(facility.filing.authority)",
       "require": "facility.filing.authority in (facility.legal_form == 'enterprise' ? ['health', 7] : ['education'])",
       "clause": "x", "responsible": ["health"], "message": {"zh": "{facility.id}", "en": "{facility.id}"}},
      {"id": "M-TRUTH", "subject": "facility", "require": "facility.free_of_charge",
       "clause": "x", "responsible": ["health"], "message": {"zh": "{facility.id}", "en": "{facility.id}"}},
      {"id": "M-TRUTH-LOGIC", "subject": "facility", "when": "facility.employees_only && !facility.free_of_charge",
       "require": "facility.employees_only ? facility.free_of_charge : true",
       "clause": "x", "responsible": ["health"], "message": {"zh": "{facility.id}", "en": "{facility.id}"}}
    ]})J");
  const std::vector<tuoyu::value> forms{"enterprise", tuoyu::value(), std::int64_t{3}, "social_org", true, 2.5, "enterprise",
                                        tuoyu::value::list({tuoyu::value("enterprise")}), "public_institution"};
  generator g(9);
  const std::size_t n = 2000;  // several blocks, each with every kind at a different row
  tuoyu::facility_table t(n);
  // Conditions read as bools: true, false, absent, and kinds a rule cannot use as a condition.
  const std::vector<tuoyu::value> flags{true, false, tuoyu::value(), "yes", std::int64_t{1}, true, false};
  std::vector<tuoyu::value> form(n), id(n), opened(n), filing_date(n), filing_authority(n), free(n), employees(n);
  for (std::size_t i = 0; i < n; ++i) {
    id[i] = tuoyu::value("F" + std::to_string(i));
    form[i] = forms[static_cast<std::size_t>(g.pick(static_cast<int>(forms.size())))];
    if (g.coin(80)) opened[i] = tuoyu::value(tuoyu::date::parse(g.day()));
    if (g.coin(60)) filing_date[i] = tuoyu::value(tuoyu::date::parse(g.day()));
    if (g.coin(50)) filing_authority[i] = g.coin(90) ? tuoyu::value("health") : tuoyu::value(std::int64_t{7});
    free[i] = flags[static_cast<std::size_t>(g.pick(static_cast<int>(flags.size())))];
    employees[i] = flags[static_cast<std::size_t>(g.pick(static_cast<int>(flags.size())))];
  }
  t.set_column("id", id);
  t.set_column("legal_form", form);
  t.set_column("opened", opened);
  t.set_column("filing.date", filing_date);
  t.set_column("filing.authority", filing_authority);
  t.set_column("free_of_charge", free);
  t.set_column("employees_only", employees);
  auto as_of = tuoyu::date::parse("2025-12-31");
  tuoyu::check_options batch, interpreter;
  interpreter.batch = false;
  auto expected = tuoyu::check_facilities(rules, t, as_of, interpreter);
  auto got = tuoyu::check_facilities(rules, t, as_of, batch);
  std::map<std::string, int> per_rule;
  for (const auto& f : expected) ++per_rule[f.rule];
  BOOST_TEST(per_rule.size() == 8u);  // every rule fires somewhere, the impossible form on the odd kinds
  // A condition of another kind than bool is reported as an error, not taken as true or false.
  BOOST_TEST(std::any_of(expected.begin(), expected.end(), [](const tuoyu::finding& f) {
    return f.rule == "M-TRUTH" && f.message.en == "rule could not be evaluated: a rule's condition gave string, not bool";
  }));
  BOOST_REQUIRE(got.size() == expected.size());
  for (std::size_t i = 0; i < got.size(); ++i)
    BOOST_TEST(boost::json::serialize(tuoyu::to_json(got[i])) == boost::json::serialize(tuoyu::to_json(expected[i])));
}

// The contract orders findings by rule, subject kind and subject id. Rows of a caller's table may
// share an id; their findings keep row order (the sort is stable), so the result is the same for any
// thread count. On several threads the batch path cuts a rule's findings into groups of
// at most 512 and merges the rows the interpreter decided (here, a capacity that is not a number)
// between the rows its plan builds: a wrong cut or merge would reorder the rows of one id.
BOOST_AUTO_TEST_CASE(rows_that_share_an_id_keep_their_order_on_any_thread_count) {
  auto rules = tuoyu::parse_rulebook(R"J({
    "tuoyu_rulebook": 1, "id": "shared-ids", "version": "1", "in_force": {"from": "2022-12-31"},
    "rules": [
      {"id": "S-SMALL", "subject": "facility", "require": "facility.capacity >= 50", "clause": "x",
       "responsible": ["health"], "message": {"zh": "{facility.id} {facility.name}", "en": "{facility.name}"}}
    ]})J");
  generator g(17);
  const std::size_t n = 30000;  // pieces of thousands of rows, each with more than 512 findings
  tuoyu::facility_table t(n);
  std::vector<tuoyu::value> id(n), name(n), capacity(n);
  for (std::size_t i = 0; i < n; ++i) {
    id[i] = tuoyu::value("F" + std::to_string(g.pick(40)));  // each id on about 750 rows
    name[i] = tuoyu::value(std::to_string(i));
    capacity[i] = g.coin(3) ? tuoyu::value("many") : tuoyu::value(std::int64_t{g.pick(100)});
  }
  t.set_column("id", id);
  t.set_column("name", name);
  t.set_column("capacity", capacity);
  auto as_of = tuoyu::date::parse("2025-12-31");
  tuoyu::check_options interpreter;
  interpreter.batch = false;
  auto expected = tuoyu::check_facilities(rules, t, as_of, interpreter);
  // Not vacuous: both kinds of finding, and within an id the rows in increasing order.
  auto is_error = [](const tuoyu::finding& f) { return f.message.en.starts_with("rule could not be evaluated"); };
  std::size_t errors = 0, in_order = 0;
  for (std::size_t i = 0; i < expected.size(); ++i) {
    errors += is_error(expected[i]);
    if (i == 0 || is_error(expected[i]) || is_error(expected[i - 1]) || expected[i].subject.id != expected[i - 1].subject.id)
      continue;
    BOOST_TEST(std::stoul(expected[i - 1].message.en) < std::stoul(expected[i].message.en));  // the row numbers
    ++in_order;
  }
  BOOST_TEST(errors > 500u);
  BOOST_TEST(in_order > 10000u);
  for (unsigned threads : {1u, 2u, 3u}) {
    tuoyu::check_options o;
    o.threads = threads;
    auto got = tuoyu::check_facilities(rules, t, as_of, o);
    BOOST_TEST_INFO("threads " << threads);
    BOOST_REQUIRE(got.size() == expected.size());
    std::size_t differ = 0;
    for (std::size_t i = 0; i < got.size(); ++i)
      differ += boost::json::serialize(tuoyu::to_json(got[i])) != boost::json::serialize(tuoyu::to_json(expected[i]));
    BOOST_TEST(differ == 0u);
  }
}

BOOST_AUTO_TEST_CASE(table_rejects_wrong_lengths_and_rebuilds_rows) {
  tuoyu::facility_table t(2);
  BOOST_CHECK_THROW(t.set_column("id", std::vector<std::optional<std::string>>{"a"}), std::invalid_argument);
  t.set_column("id", std::vector<std::optional<std::string>>{"a", "b"});
  t.set_column("filing.authority", std::vector<std::optional<std::string>>{std::nullopt, "health"});
  BOOST_TEST(t.find("filing") != nullptr);
  BOOST_TEST(t.find("filing")->object);
  auto row0 = t.row(0), row1 = t.row(1);
  BOOST_TEST(row0.find("filing") == nullptr);
  BOOST_REQUIRE(row1.find("filing") != nullptr);
  BOOST_TEST(row1.find("filing")->find("authority")->as_string() == "health");
  BOOST_TEST(t.id(1) == "b");
}

// The batch path builds findings from the table's cells, so a row must be the facility exactly as the
// per-record path sees it: unknown fields included, an unstated scope absent.
BOOST_AUTO_TEST_CASE(table_rows_are_the_facilities_as_rules_see_them) {
  generator g(5);
  auto data = tuoyu::dataset_from_json(g.dataset(600));
  auto table = tuoyu::facility_table::from_dataset(data);
  auto registration_only = tuoyu::facility_table::from_dataset(data, {"registration"});
  BOOST_TEST(registration_only.find("registration.number"));  // everything inside a requested object
  BOOST_TEST(!registration_only.find("filing"));
  int extras = 0;
  for (std::size_t i = 0; i < data.facilities.size(); ++i) {
    auto expected = tuoyu::detail::facility_value(data.facilities[i]);
    BOOST_TEST_INFO("facility " << i);
    BOOST_TEST(boost::json::serialize(tuoyu::to_json(table.row(i))) == boost::json::serialize(tuoyu::to_json(expected)));
    const auto* reg = expected.find("registration");
    BOOST_TEST((registration_only.cell(i, *registration_only.find("registration")).is_null() == !reg));
    if (reg)
      BOOST_TEST(boost::json::serialize(tuoyu::to_json(registration_only.cell(i, *registration_only.find("registration")))) ==
                 boost::json::serialize(tuoyu::to_json(*reg)));
    extras += !data.facilities[i].extra.empty() || (data.facilities[i].filing && !data.facilities[i].filing->extra.empty());
  }
  BOOST_TEST(extras > 20);
}

// Reading the facilities on several threads gives the same dataset, and the same first error, as
// reading them in order.
BOOST_AUTO_TEST_CASE(datasets_read_on_threads_equal_those_read_in_order) {
  generator g(21);
  auto doc = g.dataset(40'000);
  auto read = [](const boost::json::value& jv, unsigned threads) {
    return tuoyu::parse_dataset(boost::json::serialize(jv), "", {}, tuoyu::department_directory::builtin(), threads);
  };
  auto in_order = read(doc, 1);
  BOOST_TEST(in_order.facilities.size() == 40'000u);
  for (unsigned threads : {0u, 2u, 3u, 5u}) BOOST_TEST((read(doc, threads) == in_order));

  auto first_error = [&](const boost::json::value& jv, unsigned threads) {
    try {
      read(jv, threads);
    } catch (const tuoyu::error& e) {
      return e.id() + " " + e.where().pointer;
    }
    return std::string("no error");
  };
  auto& facilities = doc.as_object()["facilities"].as_array();
  facilities[39'990].as_object()["kind"] = "castle";  // in the last part only
  BOOST_TEST(first_error(doc, 1) == "tuoyu.input.104 /facilities/39990/kind");
  BOOST_TEST(first_error(doc, 3) == first_error(doc, 1));
  facilities[21'000].as_object()["capacity"] = "many";  // now also one in a middle part
  BOOST_TEST(first_error(doc, 1) == "tuoyu.input.103 /facilities/21000/capacity");
  for (unsigned threads : {2u, 3u, 5u}) BOOST_TEST(first_error(doc, threads) == first_error(doc, 1));
}

// A row view reads fields in place: every lookup, nested or absent, and the whole map must agree
// with the row built eagerly.
BOOST_AUTO_TEST_CASE(row_views_read_what_rows_hold) {
  generator g(11);
  auto data = tuoyu::dataset_from_json(g.dataset(400));
  auto table = tuoyu::facility_table::from_dataset(data);
  std::vector<std::string> probes{"id", "registration", "filing", "enrolled_age_months", "closed", "no_such_field", "", "zzz"};
  for (const auto& c : table.columns()) probes.push_back(c.path.substr(c.path.rfind('.') + 1));
  for (std::size_t i = 0; i < table.size(); ++i) {
    BOOST_TEST_INFO("facility " << i);
    auto row = table.row(i);
    auto view = table.row_view(i);
    for (const auto& key : probes) {
      const auto* a = row.find(key);
      const auto* b = view.find(key);
      BOOST_TEST_INFO("key " << key);
      BOOST_REQUIRE((a == nullptr) == (b == nullptr));
      if (!a) continue;
      BOOST_TEST((*a == *b));
      if (a->is_map())
        for (const auto& [k, v] : a->as_map()) BOOST_TEST((b->find_key(k) && *b->find_key(k) == v));
    }
    BOOST_TEST((view.find_key(tuoyu::value(1)) == nullptr));
    BOOST_TEST((view == row));  // equality goes through the whole map
    BOOST_TEST(view.as_map().size() == row.as_map().size());
    BOOST_TEST(view.to_string() == row.to_string());
  }
}

// row_views() makes every row's view at once, in shared blocks; each view must still be a value of
// its own, readable after all the others are gone.
BOOST_AUTO_TEST_CASE(row_views_made_together_are_independent_values) {
  generator g(12);
  auto data = tuoyu::dataset_from_json(g.dataset(30000));  // several blocks of views
  auto table = tuoyu::facility_table::from_dataset(data);
  auto views = table.row_views();
  BOOST_REQUIRE(views.size() == table.size());
  for (std::size_t i = 0; i < table.size(); i += 97) {
    BOOST_TEST_INFO("facility " << i);
    BOOST_TEST((views[i] == table.row(i)));
  }
  std::vector<std::pair<std::size_t, tuoyu::value>> kept;
  for (std::size_t i : {std::size_t{0}, table.size() / 2, table.size() - 1}) kept.emplace_back(i, views[i]);
  views.clear();
  for (const auto& [i, view] : kept) {
    BOOST_TEST_INFO("facility " << i);
    BOOST_TEST(view.to_string() == table.row(i).to_string());
    BOOST_TEST((view.find("id") && *view.find("id") == tuoyu::value(table.id(i))));
  }
}

// A table's id and name cells share blocks too (one string per facility is not worth interning):
// a cell taken out of the table stays valid after the table is gone.
BOOST_AUTO_TEST_CASE(id_and_name_cells_outlive_their_table) {
  generator g(13);
  auto data = tuoyu::dataset_from_json(g.dataset(20000));
  std::vector<tuoyu::value> ids, names;
  {
    auto table = tuoyu::facility_table::from_dataset(data);
    for (std::size_t i = 0; i < table.size(); i += 1999) {
      ids.push_back(table.find("id")->cells[i]);
      names.push_back(table.find("name")->cells[i]);
    }
  }
  for (std::size_t k = 0; k < ids.size(); ++k) {
    BOOST_TEST_INFO("facility " << k * 1999);
    BOOST_TEST(ids[k].as_string() == data.facilities[k * 1999].id);
    BOOST_TEST(names[k].as_string() == data.facilities[k * 1999].name);
  }
}


// Definitions over lists of the table's rows, computed on the columns (detail::evaluate_on_columns):
// the interpreter's value whenever the columns give one, and no value where only the interpreter
// can say what happens (a row's error, a form it does not model, a budget that could run out).
BOOST_AUTO_TEST_CASE(definitions_on_the_columns_equal_the_interpreter) {
  using tuoyu::expression;
  generator g(14);
  auto data = tuoyu::dataset_from_json(g.dataset(1500));
  auto table = tuoyu::facility_table::from_dataset(data);
  tuoyu::environment env;
  for (const char* name : {"fs", "open", "none", "as_of"}) env.declare_variable(name, tuoyu::type::dyn());
  auto cache = std::make_shared<tuoyu::detail::index_cache>();
  tuoyu::activation columns, plain;  // the same variables; only `columns` knows the lists as rows
  columns.set_index_cache(cache);
  auto bind = [&](const char* name, const tuoyu::value& v) {
    columns.bind(name, v);
    plain.bind(name, v);
  };
  auto views = tuoyu::value::list(table.row_views());
  std::vector<std::uint32_t> all(table.size());
  for (std::uint32_t i = 0; i < all.size(); ++i) all[i] = i;
  cache->note_rows(views, table, all);
  bind("fs", views);
  bind("as_of", tuoyu::value(tuoyu::date::parse("2025-12-31")));
  // `uses`: whether the columns must give the value (true) or leave it to the interpreter (false).
  auto same = [&](const char* src, bool uses) {
    auto e = expression::compile(src, env);
    auto got = tuoyu::detail::evaluate_on_columns(e, table, columns, *cache);
    auto want = e.evaluate(plain);
    BOOST_TEST_INFO(src << " = " << want.to_string());
    BOOST_TEST(got.has_value() == uses);
    if (got) BOOST_TEST(got->to_string() == want.to_string());
    return got ? *got : want;
  };
  auto open = same("fs.filter(f, f.status == 'operating' && (!has(f.opened) || f.opened <= as_of))", true);
  BOOST_TEST_REQUIRE(open.as_list().size() > 100u);
  BOOST_TEST(open.as_list().size() < table.size());
  BOOST_TEST(cache->rows_of(open));  // noted, so definitions over it run on the columns too
  bind("open", open);
  same("sum(fs.map(f, f.capacity))", true);
  same("sum(open.map(f, f.capacity))", true);
  same("max(open.map(f, f.capacity))", true);
  same("min(open.map(f, f.capacity))", true);
  same("open.filter(f, f.demonstration)", true);
  same("open.map(f, f.care_modes)", true);
  same("open.map(f, f.kind == 'family' ? f.legal_form : f.kind)", true);
  same("open.map(f, f.capacity > 100)", true);
  auto none = same("open.filter(f, f.capacity < 0)", true);
  bind("none", none);
  same("sum(none.map(f, f.capacity))", true);
  same("max(none.map(f, f.capacity))", true);  // the interpreter's error: max() of an empty list
  // A row's error or absent field: the interpreter reports it.
  same("sum(open.map(f, f.enrolled))", false);
  same("min(fs.map(f, f.opened))", false);
  same("open.filter(f, f.registration.scope_includes_childcare)", false);
  // Forms the columns do not compute.
  same("open.map(f, f)", false);
  same("size(open.map(f, f.capacity))", false);
  same("open.filter(f, f.capacity > 50).map(f, f.id)", false);
  same("open.exists(f, f.capacity > 50)", false);
  // A budget the interpreter could exhaust: only it reproduces running out.
  columns.set_step_budget(3 * table.size());
  plain.set_step_budget(3 * table.size());
  same("sum(fs.map(f, f.capacity))", false);
  columns.set_step_budget(100'000'000);
  plain.set_step_budget(100'000'000);
  // An index over a noted list reads the cells; the filter's result is the loop's either way.
  for (const char* src : {"open.filter(f, f.township == 'T1')", "open.filter(f, f.registration.authority == 'health')",
                          "open.filter(f, f.capacity == 7)", "fs.filter(f, f.filing.date == as_of)"}) {
    auto e = expression::compile(src, env);
    BOOST_TEST_INFO(src);
    BOOST_TEST(e.evaluate(columns).to_string() == e.evaluate(plain).to_string());
  }
}
