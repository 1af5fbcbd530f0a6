// The compiled library: every out-of-line definition, compiled once.
// With TUOYU_HEADER_ONLY the headers include these files themselves instead.
#include <tuoyu/tuoyu.hpp>

#include <tuoyu/impl/json_read.ipp>
#include <tuoyu/impl/input.ipp>
#include <tuoyu/impl/department.ipp>
#include <tuoyu/impl/township.ipp>
#include <tuoyu/impl/jurisdiction.ipp>
#include <tuoyu/impl/facility.ipp>
#include <tuoyu/impl/meeting.ipp>
#include <tuoyu/impl/training.ipp>
#include <tuoyu/impl/dataset.ipp>
#include <tuoyu/impl/value.ipp>
#include <tuoyu/impl/type.ipp>
#include <tuoyu/impl/expr_parser.ipp>
#include <tuoyu/impl/regex_unicode.ipp>
#include <tuoyu/impl/regex.ipp>
#include <tuoyu/impl/expr_checker.ipp>
#include <tuoyu/impl/environment.ipp>
#include <tuoyu/impl/expr_interpreter.ipp>
#include <tuoyu/impl/expression.ipp>
#include <tuoyu/impl/evaluate.ipp>
#include <tuoyu/impl/report.ipp>
#include <tuoyu/impl/rulebook.ipp>
#include <tuoyu/impl/check.ipp>
#include <tuoyu/impl/testing.ipp>
#include <tuoyu/impl/testing_boundaries.ipp>
