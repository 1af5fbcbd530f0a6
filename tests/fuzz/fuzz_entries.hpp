// The fuzzing entry points, shared by the libFuzzer targets (tests/fuzz/fuzz_*.cpp, built with
// TUOYU_FUZZ) and by the regression replay test (tests/test_fuzz_regressions.cpp, built always).
// Each feeds bytes through one loader; a tuoyu::error is the expected way to refuse bad input, any
// other exception or a broken property is a bug and aborts, so libFuzzer (or the replay) reports it.
#pragma once

#include <tuoyu/tuoyu.hpp>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <string>
#include <string_view>

namespace tuoyu_fuzz {

[[noreturn]] inline void bug(const char* what, const std::string& detail) {
  std::fprintf(stderr, "tuoyu fuzz: %s: %s\n", what, detail.c_str());
  std::abort();
}

// Runs `body`, accepting only tuoyu::error as a way to fail.
template <class Body>
void guarded(const char* target, Body&& body) {
  try {
    body();
  } catch (const tuoyu::error&) {
  } catch (const std::exception& e) {
    bug(target, std::string("unexpected exception: ") + e.what());
  }
}

inline std::string_view text_of(const std::uint8_t* data, std::size_t size) {
  return {reinterpret_cast<const char*>(data), size};
}

// A report is for other programs to read: its JSON text must parse (no bare Infinity or NaN).
inline void report_must_read_back(const char* target, const tuoyu::report& r) {
  auto text = boost::json::serialize(tuoyu::to_json(r));
  try {
    (void)tuoyu::parse_json(text, "report.json");
  } catch (const tuoyu::error& e) {
    bug(target, std::string("its report is not JSON: ") + e.what() + "\n" + text);
  }
}

inline tuoyu::date fuzz_as_of() { return tuoyu::date::parse("2025-12-31"); }

// A small, valid dataset: the example of contract section 2.
inline const tuoyu::dataset& small_dataset() {
  static const tuoyu::dataset d = tuoyu::parse_dataset(R"({
    "jurisdiction": {"id": "zezhou", "name": "泽州县", "population": 480000},
    "townships": [{"id": "T01", "name": "巴公镇", "population": 68000}, {"id": "T02", "name": "金村镇", "population": 50000}],
    "facilities": [
      {"id": "F001", "name": "a", "township": "T01", "kind": "nursery", "legal_form": "enterprise",
       "status": "operating", "opened": "2021-09-01", "capacity": 60, "enrolled": 48, "care_modes": ["full_day"],
       "enrolled_age_months": {"min": 24, "max": 36},
       "registration": {"authority": "admin_approval", "date": "2021-06-01", "scope_includes_childcare": true},
       "filing": {"authority": "health", "date": "2021-07-01"}},
      {"id": "F002", "name": "b", "township": "T02", "kind": "kindergarten_class", "legal_form": "public_institution",
       "status": "suspended", "capacity": 20, "registration": null, "filing": null}],
    "meetings": [{"date": "2023-06-10", "kind": "plenary"}],
    "trainings": [{"date": "2023-04-12", "health_exam": true}]
  })");
  return d;
}

inline const tuoyu::rulebook& zezhou() {
  static const tuoyu::rulebook r = tuoyu::builtin_rulebook("zezhou-2022");
  return r;
}

// The dataset loader; an accepted dataset must survive a round trip through its JSON unchanged.
inline int dataset(const std::uint8_t* data, std::size_t size) {
  guarded("dataset", [&] {
    auto ds = tuoyu::parse_dataset(text_of(data, size), "fuzz.json");
    auto text = boost::json::serialize(tuoyu::to_json(ds));
    tuoyu::dataset again;
    try {
      again = tuoyu::parse_dataset(text, "round-trip.json");
    } catch (const tuoyu::error& e) {
      bug("dataset", std::string("its own JSON does not load again: ") + e.what() + "\n" + text);
    }
    if (!(again == ds)) bug("dataset", "round trip changed the dataset:\n" + text);
  });
  return 0;
}

// The expression parser and checker in the environment of jurisdiction rules, then evaluation and
// explanation over a small dataset.
inline int expression(const std::uint8_t* data, std::size_t size) {
  guarded("expression", [&] {
    const auto& rules = zezhou();
    auto expr = tuoyu::expression::compile(text_of(data, size), rules.environment_for(tuoyu::subject_kind::jurisdiction));
    auto v = tuoyu::evaluate_in(rules, small_dataset(), fuzz_as_of(), expr);
    (void)tuoyu::to_json(v);
    (void)v.to_string();
  });
  // Also unchecked, where type errors surface only at evaluation.
  guarded("expression (unchecked)", [&] {
    tuoyu::environment env;
    env.declare_variable("x", tuoyu::type::dyn());
    tuoyu::compile_options options;
    options.type_check = false;
    auto expr = tuoyu::expression::compile(text_of(data, size), env, options);
    tuoyu::activation a;
    a.bind("x", tuoyu::value::from_json(boost::json::parse(R"({"a": [1, 2.5, "s", null, true], "b": {"c": 3}})")));
    (void)expr.evaluate(a);
    (void)expr.explain(a);
  });
  return 0;
}

// The rulebook loader; an accepted rulebook is linted and checks the small dataset, on a small step
// budget so a costly rule cannot stall the run.
inline int rulebook(const std::uint8_t* data, std::size_t size) {
  guarded("rulebook", [&] {
    tuoyu::rulebook_options load;
    load.file_name = "fuzz.rulebook.json";
    auto rules = tuoyu::parse_rulebook(text_of(data, size), load);
    tuoyu::check_options options;
    options.step_budget = 20000;
    auto r = tuoyu::check(rules, small_dataset(), fuzz_as_of(), options);
    report_must_read_back("rulebook", r);
    (void)tuoyu::lint(rules, fuzz_as_of());
  });
  return 0;
}

// A whole check of a fuzzed dataset against the built-in rulebook.
inline int check(const std::uint8_t* data, std::size_t size) {
  guarded("check", [&] {
    auto ds = tuoyu::parse_dataset(text_of(data, size), "fuzz.json");
    auto r = tuoyu::check(zezhou(), ds, fuzz_as_of());
    report_must_read_back("check", r);
    (void)tuoyu::check(zezhou(), ds, tuoyu::date::parse("2023-01-01"));
  });
  return 0;
}

}  // namespace tuoyu_fuzz
