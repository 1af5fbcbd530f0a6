// tuoyu::evaluate, the one-shot API.
#pragma once

#include <tuoyu/expression/evaluate.hpp>
#include <tuoyu/expression/expression.hpp>

namespace tuoyu {
inline namespace v1 {

TUOYU_DECL value evaluate(std::string_view expr, const boost::json::object& variables) {
  environment env;
  activation act;
  for (const auto& kv : variables) {
    std::string name(kv.key());
    env.declare_variable(name, type::dyn());
    act.bind(name, value::from_json(kv.value()));
  }
  auto compiled = expression::compile(expr, env);
  value v = compiled.evaluate(act);
  if (v.is_error()) throw evaluation_error(v.error_id(), v.error_message());
  return v;
}

}  // namespace v1
}  // namespace tuoyu
