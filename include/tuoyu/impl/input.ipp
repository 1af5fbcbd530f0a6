// Out-of-line part of <tuoyu/input.hpp>.
#pragma once

#include <tuoyu/detail/json_read.hpp>
#include <tuoyu/input.hpp>

#include <boost/json/basic_parser_impl.hpp>
#include <boost/json/error.hpp>
#include <boost/json/parse_options.hpp>
#include <boost/json/value_stack.hpp>

#include <charconv>
#include <cstring>
#include <fstream>
#include <system_error>
#include <vector>

namespace tuoyu {
inline namespace v1 {
namespace detail {

TUOYU_DECL line_column line_column_at(std::string_view text, std::size_t offset) noexcept {
  if (offset > text.size()) offset = text.size();
  std::size_t line = 1;
  std::size_t column = 1;
  std::size_t i = text.starts_with("\xEF\xBB\xBF") && offset >= 3 ? 3 : 0;  // a byte-order mark is no column
  for (; i < offset; ++i) {
    auto byte = static_cast<unsigned char>(text[i]);
    if (byte == '\n') {
      ++line;
      column = 1;
    } else if ((byte & 0xC0) != 0x80) {  // count characters, not continuation bytes
      ++column;
    }
  }
  return {static_cast<int>(line), static_cast<int>(column)};
}

TUOYU_DECL std::size_t first_invalid_utf8(std::string_view text) noexcept {
  const auto* bytes = reinterpret_cast<const unsigned char*>(text.data());
  const std::size_t size = text.size();
  std::size_t i = 0;
  while (i < size) {
    // ASCII eight bytes at a time: most of a dataset is keys, digits and punctuation.
    while (i + 8 <= size) {
      std::uint64_t word;
      std::memcpy(&word, bytes + i, sizeof word);
      if (word & 0x8080808080808080ULL) break;
      i += 8;
    }
    if (i >= size) break;
    unsigned char b = bytes[i];
    if (b < 0x80) {
      ++i;
      continue;
    }
    std::size_t length = 0;
    unsigned char low = 0x80, high = 0xBF;  // allowed range of the second byte
    if (b >= 0xC2 && b <= 0xDF) {
      length = 2;
    } else if (b >= 0xE0 && b <= 0xEF) {
      length = 3;
      if (b == 0xE0) low = 0xA0;   // no overlong forms
      if (b == 0xED) high = 0x9F;  // no surrogates
    } else if (b >= 0xF0 && b <= 0xF4) {
      length = 4;
      if (b == 0xF0) low = 0x90;   // no overlong forms
      if (b == 0xF4) high = 0x8F;  // nothing above U+10FFFF
    } else {
      return i;
    }
    if (i + length > size) return i;
    if (bytes[i + 1] < low || bytes[i + 1] > high) return i;
    for (std::size_t k = 2; k < length; ++k) {
      if ((bytes[i + k] & 0xC0) != 0x80) return i;
    }
    i += length;
  }
  return size;
}

TUOYU_DECL void check_depth(const boost::json::value& jv, std::size_t max_depth) {
  struct frame {
    const boost::json::array* array;
    const boost::json::object* object;
    std::size_t next;
  };
  auto is_container = [](const boost::json::value& v) { return v.is_array() || v.is_object(); };
  std::vector<frame> stack;
  auto too_deep = [&] {
    std::string pointer;
    for (const auto& f : stack) {
      if (f.array) {
        pointer += '/' + std::to_string(f.next - 1);
      } else {
        const auto& key = (f.object->begin() + static_cast<std::ptrdiff_t>(f.next - 1))->key();
        pointer += pointer_token(std::string_view(key.data(), key.size()));
      }
    }
    throw_input("tuoyu.input.112", "nesting deeper than " + std::to_string(max_depth) + " levels", pointer);
  };
  auto push = [&](const boost::json::value& v) {
    if (stack.size() + 1 > max_depth) too_deep();
    stack.push_back({v.if_array(), v.if_object(), 0});
  };
  if (!is_container(jv)) return;
  push(jv);
  while (!stack.empty()) {
    frame& top = stack.back();
    const boost::json::value* child = nullptr;
    if (top.array) {
      if (top.next < top.array->size()) child = &(*top.array)[top.next++];
    } else if (top.next < top.object->size()) {
      child = &(top.object->begin() + static_cast<std::ptrdiff_t>(top.next++))->value();
    }
    if (!child) {
      stack.pop_back();
    } else if (is_container(*child)) {
      push(*child);
    }
  }
}

// Describes the text at `offset` for a syntax error message.
inline std::string describe_position(std::string_view text, std::size_t offset) {
  if (offset >= text.size()) return "at the end of the input";
  std::size_t length = 1;
  auto lead = static_cast<unsigned char>(text[offset]);
  if (lead >= 0xF0) {
    length = 4;
  } else if (lead >= 0xE0) {
    length = 3;
  } else if (lead >= 0xC0) {
    length = 2;
  }
  return "at " + json_quote(text.substr(offset, length));
}

// Builds the document as boost::json::parser does, except for numbers with a fraction or an
// exponent: Boost.JSON 1.81 converts some of them to a neighbouring double ("3E122" one ulp above
// the nearest), so a document did not read back unchanged from its own output. Their text is
// converted again with std::from_chars, which rounds correctly.
struct precise_document_handler {
  static constexpr std::size_t max_object_size = boost::json::object::max_size();
  static constexpr std::size_t max_array_size = boost::json::array::max_size();
  static constexpr std::size_t max_key_size = boost::json::string::max_size();
  static constexpr std::size_t max_string_size = boost::json::string::max_size();
  using error_code = boost::json::error_code;
  using string_view = boost::json::string_view;

  boost::json::value_stack values;
  std::string number;  // a number's text so far, when it comes in parts

  bool on_document_begin(error_code&) { return true; }
  bool on_document_end(error_code&) { return true; }
  bool on_object_begin(error_code&) { return true; }
  bool on_object_end(std::size_t n, error_code&) {
    values.push_object(n);
    return true;
  }
  bool on_array_begin(error_code&) { return true; }
  bool on_array_end(std::size_t n, error_code&) {
    values.push_array(n);
    return true;
  }
  bool on_key_part(string_view s, std::size_t, error_code&) {
    values.push_chars(s);
    return true;
  }
  bool on_key(string_view s, std::size_t, error_code&) {
    values.push_key(s);
    return true;
  }
  bool on_string_part(string_view s, std::size_t, error_code&) {
    values.push_chars(s);
    return true;
  }
  bool on_string(string_view s, std::size_t, error_code&) {
    values.push_string(s);
    return true;
  }
  bool on_number_part(string_view s, error_code&) {
    number.append(s.data(), s.size());
    return true;
  }
  bool on_int64(std::int64_t i, string_view, error_code&) {
    number.clear();
    values.push_int64(i);
    return true;
  }
  bool on_uint64(std::uint64_t u, string_view, error_code&) {
    number.clear();
    values.push_uint64(u);
    return true;
  }
  bool on_double(double d, string_view s, error_code&) {
    number.append(s.data(), s.size());
    double exact = d;
    auto [end, ec] = std::from_chars(number.data(), number.data() + number.size(), exact);
    // Out of range (1e400): Boost.JSON's value stands.
    if (ec != std::errc() || end != number.data() + number.size()) exact = d;
    number.clear();
    values.push_double(exact);
    return true;
  }
  bool on_bool(bool b, error_code&) {
    values.push_bool(b);
    return true;
  }
  bool on_null(error_code&) {
    values.push_null();
    return true;
  }
  bool on_comment_part(string_view, error_code&) { return true; }
  bool on_comment(string_view, error_code&) { return true; }
};

}  // namespace detail

TUOYU_DECL boost::json::value parse_json(std::string_view text, std::string_view file, const input_limits& limits,
                                         json_syntax syntax, boost::json::storage_ptr storage) {
  auto fail = [&](const char* id, std::string detail, std::size_t offset) {
    location where;
    where.file = std::string(file);
    auto position = detail::line_column_at(text, offset);
    where.line = position.line;
    where.column = position.column;
    throw input_error(id, std::move(detail), std::move(where));
  };
  if (text.size() > limits.max_document_bytes) {
    location where;
    where.file = std::string(file);
    throw input_error("tuoyu.input.113", "document is " + std::to_string(text.size()) +
                                             " bytes, more than the limit of " +
                                             std::to_string(limits.max_document_bytes),
                      std::move(where));
  }
  std::size_t start = 0;
  if (text.starts_with("\xEF\xBB\xBF")) start = 3;  // byte-order mark
  if (auto bad = detail::first_invalid_utf8(text); bad < text.size()) {
    static constexpr char hex[] = "0123456789ABCDEF";
    auto byte = static_cast<unsigned char>(text[bad]);
    fail("tuoyu.input.102",
         std::string("invalid UTF-8 (byte 0x") + hex[byte >> 4] + hex[byte & 0xF] + ")", bad);
  }

  boost::json::parse_options options;
  options.max_depth = limits.max_depth;
  options.allow_comments = syntax.allow_comments;
  options.allow_trailing_commas = syntax.allow_trailing_commas;
  boost::json::basic_parser<detail::precise_document_handler> parser(options);
  parser.handler().values.reset(std::move(storage));
  boost::json::error_code ec;
  std::size_t consumed = parser.write_some(false, text.data() + start, text.size() - start, ec);
  if (!ec && start + consumed < text.size()) ec = boost::json::error::extra_data;
  std::size_t offset = start + consumed;
  if (ec) {
    if (ec == boost::json::error::too_deep) {
      fail("tuoyu.input.112", "nesting deeper than " + std::to_string(limits.max_depth) + " levels", offset);
    }
    std::string what;
    if (ec == boost::json::error::incomplete) {
      bool blank = text.substr(start).find_first_not_of(" \t\r\n") == std::string_view::npos;
      what = blank ? "empty document" : "unexpected end of input";
    } else if (ec == boost::json::error::extra_data) {
      what = "unexpected text after the JSON value, " + detail::describe_position(text, offset);
    } else {
      what = ec.message() + ", " + detail::describe_position(text, offset);
    }
    fail("tuoyu.input.101", "malformed JSON: " + what, offset);
  }
  return parser.handler().values.release();
}

TUOYU_DECL std::string read_input_file(const std::filesystem::path& path, const input_limits& limits) {
  const std::string file = path.string();
  auto fail = [&](const char* id, std::string detail) {
    location where;
    where.file = file;
    throw io_error(id, std::move(detail), std::move(where));
  };
  std::error_code ec;
  auto status = std::filesystem::status(path, ec);
  if (ec && ec != std::errc::no_such_file_or_directory) fail("tuoyu.io.001", "cannot open: " + ec.message());
  if (!std::filesystem::exists(status)) fail("tuoyu.io.001", "cannot open: no such file");
  if (std::filesystem::is_directory(status)) fail("tuoyu.io.002", "is a directory, not a file");
  auto too_large = [&](std::uintmax_t size) {
    location where;
    where.file = file;
    throw input_error("tuoyu.input.113", "document is " + std::to_string(size) + " bytes, more than the limit of " +
                                             std::to_string(limits.max_document_bytes),
                      std::move(where));
  };
  if (std::filesystem::is_regular_file(status)) {
    auto size = std::filesystem::file_size(path, ec);
    if (!ec && size > limits.max_document_bytes) too_large(size);
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) fail("tuoyu.io.001", "cannot open for reading");
  std::string text;
  std::vector<char> buffer(1 << 16);
  while (in) {
    in.read(buffer.data(), static_cast<std::streamsize>(buffer.size()));
    auto got = static_cast<std::size_t>(in.gcount());
    text.append(buffer.data(), got);
    if (text.size() > limits.max_document_bytes) too_large(text.size());
  }
  if (in.bad()) fail("tuoyu.io.001", "read failed");
  return text;
}

}  // namespace v1
}  // namespace tuoyu
