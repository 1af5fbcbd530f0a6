// One-line assertions on the findings of a dataset, for Boost.Test suites:
//
//   TUOYU_CHECK_FINDINGS(rulebook, dataset, "2025-12-31", {{"ZZ-REG-NOT-FILED", "F7"}});
//   TUOYU_CHECK_FINDINGS_EXACT(rulebook, dataset, "2025-12-31", {{"ZZ-CAPACITY", "zezhou"}, {"ZZ-COVERAGE", "T17"}});
//
// The first passes when every listed finding is reported; the _EXACT form also fails on any other finding.
// A failure prints what was missing and what was unexpected, with messages. Include this header after
// <boost/test/unit_test.hpp>; the tuoyu library itself does not depend on Boost.Test.
#pragma once

#include <tuoyu/testing.hpp>

#include <string>
#include <vector>

#define TUOYU_DETAIL_CHECK_FINDINGS(tool, exact, rules, data, as_of, ...)                                    \
  do {                                                                                                       \
    const ::std::vector<::tuoyu::expectation> tuoyu_expected_ __VA_ARGS__;                                   \
    const ::std::string tuoyu_difference_ =                                                                  \
        ::tuoyu::findings_mismatch((rules), (data), (as_of), tuoyu_expected_, (exact));                      \
    tool(tuoyu_difference_.empty(), tuoyu_difference_);                                                     \
  } while (false)

#define TUOYU_CHECK_FINDINGS(rules, data, as_of, ...) \
  TUOYU_DETAIL_CHECK_FINDINGS(BOOST_CHECK_MESSAGE, false, rules, data, as_of, __VA_ARGS__)
#define TUOYU_CHECK_FINDINGS_EXACT(rules, data, as_of, ...) \
  TUOYU_DETAIL_CHECK_FINDINGS(BOOST_CHECK_MESSAGE, true, rules, data, as_of, __VA_ARGS__)
#define TUOYU_REQUIRE_FINDINGS(rules, data, as_of, ...) \
  TUOYU_DETAIL_CHECK_FINDINGS(BOOST_REQUIRE_MESSAGE, false, rules, data, as_of, __VA_ARGS__)
#define TUOYU_REQUIRE_FINDINGS_EXACT(rules, data, as_of, ...) \
  TUOYU_DETAIL_CHECK_FINDINGS(BOOST_REQUIRE_MESSAGE, true, rules, data, as_of, __VA_ARGS__)
