// Reading input documents (datasets, and the other JSON documents tuoyu reads): limits, JSON text with
// line:column errors, and whole files.
#pragma once

#include <tuoyu/detail/config.hpp>
#include <tuoyu/error.hpp>

#include <boost/json/value.hpp>

#include <cstddef>
#include <filesystem>
#include <string>
#include <string_view>

namespace tuoyu {
inline namespace v1 {

// Limits that keep a hostile or broken input from exhausting memory or the stack.
struct input_limits {
  std::size_t max_depth = 64;                          // nesting of arrays and objects (tuoyu.input.112)
  std::size_t max_document_bytes = 256 * 1024 * 1024;  // size of the JSON text (tuoyu.input.113)
  std::size_t max_records = 10'000'000;                // townships + facilities + meetings + trainings (114)
};

// JSON dialect options: strict JSON by default; rulebooks allow comments and trailing commas.
struct json_syntax {
  bool allow_comments = false;
  bool allow_trailing_commas = false;
};

// Parses `text` as exactly one JSON document. A leading UTF-8 byte-order mark is skipped.
// Throws input_error, with `file` as location.file and a 1-based line:column (column counts characters):
//   tuoyu.input.101 malformed JSON (also an empty text), tuoyu.input.102 invalid UTF-8,
//   tuoyu.input.112 nesting deeper than limits.max_depth, tuoyu.input.113 text longer than
//   limits.max_document_bytes.
// `storage` holds the document (Boost.JSON's default memory resource if none is given).
TUOYU_DECL boost::json::value parse_json(std::string_view text, std::string_view file = {},
                                         const input_limits& limits = {}, json_syntax syntax = {},
                                         boost::json::storage_ptr storage = {});

// Reads a whole file as bytes. Throws io_error tuoyu.io.001 (missing or unreadable), tuoyu.io.002 (a
// directory), or input_error tuoyu.input.113 (longer than limits.max_document_bytes); the location's file
// is `path` as given.
TUOYU_DECL std::string read_input_file(const std::filesystem::path& path, const input_limits& limits = {});

namespace detail {
// The 1-based line and column (in characters) of byte `offset` of `text`.
struct line_column {
  int line = 1;
  int column = 1;
};
TUOYU_DECL line_column line_column_at(std::string_view text, std::size_t offset) noexcept;
// The byte offset of the first byte that is not well-formed UTF-8, or text.size() if there is none.
TUOYU_DECL std::size_t first_invalid_utf8(std::string_view text) noexcept;
// Throws tuoyu.input.112 (with the JSON pointer of the first value too deep) when `jv` nests deeper than
// `max_depth` arrays and objects. Iterative: safe on any depth.
TUOYU_DECL void check_depth(const boost::json::value& jv, std::size_t max_depth);
}  // namespace detail

}  // namespace v1
}  // namespace tuoyu

#ifdef TUOYU_HEADER_ONLY
#include <tuoyu/impl/input.ipp>
#endif
