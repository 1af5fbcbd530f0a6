// Lexer and parser for the expression language (internal).
#pragma once

#include <tuoyu/detail/config.hpp>
#include <tuoyu/detail/expr_ast.hpp>

namespace tuoyu::detail {

// Parses src.text into a tree whose nodes have origin 0 and site == pos. Nesting deeper than
// `max_nesting` (parser recursion or tree height) is tuoyu.expr.307. Throws expression_error:
// tuoyu.expr.301 (syntax), 307 (nesting), 310 (unsupported CEL feature).
TUOYU_DECL node_ptr parse_expression(const source_info& src, int max_nesting);

// Decodes the body of a quoted string literal (escapes unless raw). Returns false with `error` set
// (and `error_offset` relative to body start) on a bad escape or invalid UTF-8.
TUOYU_DECL bool decode_string_literal(std::string_view body, bool raw, std::string& out, std::string& error,
                                      std::size_t& error_offset);

// True if `s` is well-formed UTF-8.
TUOYU_DECL bool is_valid_utf8(std::string_view s) noexcept;

}  // namespace tuoyu::detail

#ifdef TUOYU_HEADER_ONLY
#include <tuoyu/impl/expr_parser.ipp>
#endif
