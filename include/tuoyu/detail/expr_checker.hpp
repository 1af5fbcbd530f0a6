// Definition expansion, name resolution and type checking (internal).
#pragma once

#include <tuoyu/detail/config.hpp>
#include <tuoyu/detail/expr_ast.hpp>

#include <memory>
#include <string_view>

namespace tuoyu {
inline namespace v1 {
class environment;
}
}  // namespace tuoyu

namespace tuoyu::detail {

// Parses, expands definitions, resolves names to slots and (if type_check) type-checks.
// Throws expression_error tuoyu.expr.3xx.
TUOYU_DECL std::shared_ptr<const program> compile_program(std::string_view source, const environment& env,
                                                          bool type_check);

// True for names of built-in functions and macros (which definitions may not take).
TUOYU_DECL bool is_builtin_function(std::string_view name) noexcept;

}  // namespace tuoyu::detail

#ifdef TUOYU_HEADER_ONLY
#include <tuoyu/impl/expr_checker.ipp>
#endif
