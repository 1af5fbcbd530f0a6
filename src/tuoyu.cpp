// The compiled library: every out-of-line definition, compiled once.
// With TUOYU_HEADER_ONLY the headers include these files themselves instead.
#include <tuoyu/tuoyu.hpp>

#include <tuoyu/impl/value.ipp>
#include <tuoyu/impl/type.ipp>
#include <tuoyu/impl/expr_parser.ipp>
#include <tuoyu/impl/expr_checker.ipp>
#include <tuoyu/impl/environment.ipp>
#include <tuoyu/impl/expr_interpreter.ipp>
#include <tuoyu/impl/expression.ipp>
#include <tuoyu/impl/evaluate.ipp>
