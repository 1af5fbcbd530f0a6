// tuoyu::evaluate: compile and evaluate an expression once, with variables taken from JSON.
#pragma once

#include <tuoyu/detail/config.hpp>
#include <tuoyu/expression/value.hpp>

#include <boost/json/object.hpp>

#include <string_view>

namespace tuoyu {
inline namespace v1 {

// Every member of `variables` becomes a dyn variable (converted with value::from_json). Throws
// expression_error if the expression does not compile, and evaluation_error (with the error value's id
// and message) if the result is an error value.
TUOYU_DECL value evaluate(std::string_view expr, const boost::json::object& variables);

}  // namespace v1
}  // namespace tuoyu

#ifdef TUOYU_HEADER_ONLY
#include <tuoyu/impl/evaluate.ipp>
#endif
