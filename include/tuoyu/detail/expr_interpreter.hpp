// The tree-walking interpreter (internal).
#pragma once

#include <tuoyu/detail/config.hpp>
#include <tuoyu/detail/expr_ast.hpp>
#include <tuoyu/expression/activation.hpp>
#include <tuoyu/expression/explanation.hpp>

namespace tuoyu::detail {

// Evaluates a compiled program. With `trace`, records every sub-expression evaluated.
TUOYU_DECL value run_program(const program& prog, const activation& act, explanation* trace);

// Numeric comparison across int, uint and double: -1, 0, 1, or 2 when unordered (NaN).
TUOYU_DECL int compare_numbers(const value& a, const value& b) noexcept;

}  // namespace tuoyu::detail

#ifdef TUOYU_HEADER_ONLY
#include <tuoyu/impl/expr_interpreter.ipp>
#endif
