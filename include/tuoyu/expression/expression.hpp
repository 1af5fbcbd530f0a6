// tuoyu::expression: a compiled, type-checked expression. Immutable; share it between threads.
#pragma once

#include <tuoyu/detail/config.hpp>
#include <tuoyu/error.hpp>
#include <tuoyu/expression/activation.hpp>
#include <tuoyu/expression/environment.hpp>
#include <tuoyu/expression/explanation.hpp>
#include <tuoyu/expression/type.hpp>
#include <tuoyu/expression/value.hpp>

#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace tuoyu::detail {
struct program;
}

namespace tuoyu {
inline namespace v1 {

struct compile_options {
  // false: skip type checking (as CEL's disable_check): unknown variables and functions, and type
  // mismatches, become evaluation errors instead of compile errors. For conformance testing.
  bool type_check = true;
};

class expression {
 public:
  // Parses, expands definitions and type-checks `source`. Throws expression_error (tuoyu.expr.3xx)
  // with the 1-based line:column (columns count Unicode code points) of the problem.
  static TUOYU_DECL expression compile(std::string_view source, const environment& env,
                                       const compile_options& options = {});

  TUOYU_DECL const type& result_type() const noexcept;
  TUOYU_DECL const std::string& source() const noexcept;
  // Sorted, unique member paths rooted at variables that the expression reads, e.g.
  // "facility.registration.authority". Elements of a comprehension's range appear as "range[]",
  // e.g. "dataset.facilities[].status". A constant string index m['k'] counts as m.k.
  TUOYU_DECL const std::vector<std::string>& field_paths() const noexcept;
  // Sorted, unique names of the parameters read with param('name').
  TUOYU_DECL const std::vector<std::string>& parameters() const noexcept;
  // The declared variables the expression reads (in first-use order).
  TUOYU_DECL const std::vector<std::string>& variables() const noexcept;

  // Evaluates; data problems give an error value (kind error, id tuoyu.eval.4xx), never an exception.
  TUOYU_DECL value evaluate(const activation& act) const;
  // Evaluates and records every sub-expression evaluated.
  TUOYU_DECL explanation explain(const activation& act) const;

  // The compiled tree, for tools such as a batch evaluator.
  const detail::program& program() const noexcept { return *prog_; }

 private:
  std::shared_ptr<const detail::program> prog_;
};

}  // namespace v1
}  // namespace tuoyu

#ifdef TUOYU_HEADER_ONLY
#include <tuoyu/impl/expression.ipp>
#endif
