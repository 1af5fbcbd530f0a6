// Out-of-line parts of tuoyu::expression.
#pragma once

#include <tuoyu/detail/expr_ast.hpp>
#include <tuoyu/detail/expr_checker.hpp>
#include <tuoyu/detail/expr_interpreter.hpp>
#include <tuoyu/expression/expression.hpp>

namespace tuoyu {
inline namespace v1 {

TUOYU_DECL expression expression::compile(std::string_view source, const environment& env,
                                          const compile_options& options) {
  expression e;
  e.prog_ = detail::compile_program(source, env, options.type_check);
  return e;
}

TUOYU_DECL const type& expression::result_type() const noexcept { return prog_->result_type; }
TUOYU_DECL const std::string& expression::source() const noexcept { return prog_->sources[0]->text; }
TUOYU_DECL const std::vector<std::string>& expression::field_paths() const noexcept { return prog_->field_paths; }
TUOYU_DECL const std::vector<std::string>& expression::parameters() const noexcept { return prog_->parameters; }
TUOYU_DECL const std::vector<std::string>& expression::variables() const noexcept { return prog_->variables; }

TUOYU_DECL value expression::evaluate(const activation& act) const {
  return detail::run_program(*prog_, act, nullptr);
}

TUOYU_DECL explanation expression::explain(const activation& act) const {
  explanation out;
  out.result = detail::run_program(*prog_, act, &out);
  return out;
}

}  // namespace v1
}  // namespace tuoyu
