// Helpers shared by the Boost.Test suites: printing tuoyu types in failure messages, and catching
// the exception an expression must throw.
#pragma once

#include <tuoyu/tuoyu.hpp>

#include <boost/test/unit_test.hpp>

#include <functional>
#include <optional>
#include <ostream>

namespace tuoyu {
inline namespace v1 {
inline std::ostream& boost_test_print_type(std::ostream& out, const date& d) { return out << d.to_string(); }
}  // namespace v1
}  // namespace tuoyu
BOOST_TEST_DONT_PRINT_LOG_VALUE(std::optional<std::int64_t>)
BOOST_TEST_DONT_PRINT_LOG_VALUE(std::optional<tuoyu::date>)

namespace tuoyu_test {

// Runs `f`, which must throw E; returns the exception.
template <class E = tuoyu::input_error, class F>
E thrown_by(F&& f) {
  try {
    std::invoke(std::forward<F>(f));
  } catch (const E& e) {
    return e;
  }
  BOOST_FAIL("expected an exception");
  throw;  // not reached
}

}  // namespace tuoyu_test
