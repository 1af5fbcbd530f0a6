// Out-of-line part of <tuoyu/detail/json_read.hpp>.
#pragma once

#include <tuoyu/detail/json_read.hpp>

#include <boost/json/serialize.hpp>

#include <algorithm>
#include <bit>
#include <cmath>

namespace tuoyu {
inline namespace v1 {
namespace detail {

TUOYU_DECL std::string_view json_kind_name(const boost::json::value& jv) noexcept {
  switch (jv.kind()) {
    case boost::json::kind::null: return "null";
    case boost::json::kind::bool_: return "a boolean";
    case boost::json::kind::int64:
    case boost::json::kind::uint64:
    case boost::json::kind::double_: return "a number";
    case boost::json::kind::string: return "a string";
    case boost::json::kind::array: return "an array";
    case boost::json::kind::object: return "an object";
  }
  return "a value";
}

TUOYU_DECL std::string json_quote(std::string_view text) {
  constexpr std::size_t limit = 80;
  bool cut = false;
  if (text.size() > limit) {
    std::size_t end = limit;
    // Back up to the first byte of a UTF-8 sequence.
    while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) --end;
    text = text.substr(0, end);
    cut = true;
  }
  std::string out = boost::json::serialize(boost::json::string_view(text.data(), text.size()));
  if (cut) out.insert(out.size() - 1, "…");
  return out;
}

TUOYU_DECL std::string pointer_token(std::string_view key) {
  std::string out = "/";
  out.reserve(key.size() + 1);
  for (char c : key) {
    if (c == '~') {
      out += "~0";
    } else if (c == '/') {
      out += "~1";
    } else {
      out += c;
    }
  }
  return out;
}

TUOYU_DECL void throw_input(std::string id, std::string detail, std::string pointer) {
  location where;
  where.pointer = std::move(pointer);
  throw input_error(std::move(id), std::move(detail), std::move(where));
}

TUOYU_DECL void throw_wrong_type(std::string_view expected, const boost::json::value& got) {
  throw_input("tuoyu.input.103",
              "expected " + std::string(expected) + ", got " + std::string(json_kind_name(got)));
}

TUOYU_DECL void throw_unknown_enum(std::string_view text, const std::string& expected) {
  throw_input("tuoyu.input.104", "unknown value " + json_quote(text) + " (expected " + expected + ")");
}

TUOYU_DECL const boost::json::object& read_object(const boost::json::value& jv) {
  if (const auto* object = jv.if_object()) return *object;
  throw_wrong_type("an object", jv);
}

TUOYU_DECL const boost::json::array& read_array(const boost::json::value& jv) {
  if (const auto* array = jv.if_array()) return *array;
  throw_wrong_type("an array", jv);
}

TUOYU_DECL std::string read_string(const boost::json::value& jv) {
  if (const auto* text = jv.if_string()) return std::string(text->data(), text->size());
  throw_wrong_type("a string", jv);
}

TUOYU_DECL bool read_bool(const boost::json::value& jv) {
  if (const auto* flag = jv.if_bool()) return *flag;
  throw_wrong_type("true or false", jv);
}

TUOYU_DECL date read_date(const boost::json::value& jv) {
  const auto* text = jv.if_string();
  if (!text) throw_wrong_type("a date string (YYYY-MM-DD)", jv);
  return date::parse(std::string_view(text->data(), text->size()));
}

TUOYU_DECL double read_number(const boost::json::value& jv) {
  double out = 0;
  switch (jv.kind()) {
    case boost::json::kind::int64: out = static_cast<double>(jv.get_int64()); break;
    case boost::json::kind::uint64: out = static_cast<double>(jv.get_uint64()); break;
    case boost::json::kind::double_: out = jv.get_double(); break;
    default: throw_wrong_type("a number", jv);
  }
  if (!std::isfinite(out)) throw_input("tuoyu.input.105", "number out of range: " + boost::json::serialize(jv));
  return out;
}

TUOYU_DECL std::int64_t read_integer(const boost::json::value& jv) {
  auto out_of_range = [&](std::string_view why) {
    throw_input("tuoyu.input.105", std::string(why) + ", got " + boost::json::serialize(jv));
  };
  switch (jv.kind()) {
    case boost::json::kind::int64: {
      std::int64_t n = jv.get_int64();
      if (n > max_input_integer || n < -max_input_integer) out_of_range("number too large");
      return n;
    }
    case boost::json::kind::uint64:
      out_of_range("number too large");
      break;
    case boost::json::kind::double_: {
      double d = jv.get_double();
      if (!std::isfinite(d) || std::fabs(d) > static_cast<double>(max_input_integer)) {
        out_of_range("number too large");
      }
      if (d != std::trunc(d)) out_of_range("expected a whole number");
      return static_cast<std::int64_t>(d);
    }
    default:
      throw_wrong_type("an integer", jv);
  }
  return 0;  // not reached
}

TUOYU_DECL std::int64_t read_count(const boost::json::value& jv) {
  std::int64_t n = read_integer(jv);
  if (n < 0) throw_input("tuoyu.input.105", "expected a whole number >= 0, got " + boost::json::serialize(jv));
  return n;
}

TUOYU_DECL std::int64_t read_population(const boost::json::value& jv) {
  std::int64_t n = read_integer(jv);
  if (n <= 0) throw_input("tuoyu.input.106", "population must be > 0, got " + boost::json::serialize(jv));
  return n;
}

// Unknown fields are written back verbatim, and JSON cannot spell a number a double cannot hold
// (1e999 reads as infinity): such a number is refused on the way in, not written as invalid JSON.
inline void reject_non_finite(const boost::json::value& jv) {
  if (const auto* d = jv.if_double(); d && !std::isfinite(*d)) {
    throw_input("tuoyu.input.105", "number out of range: not a finite double");
  } else if (const auto* a = jv.if_array()) {
    for (std::size_t i = 0; i < a->size(); ++i) at_index(i, [&] { reject_non_finite((*a)[i]); });
  } else if (const auto* o = jv.if_object()) {
    for (const auto& field : *o) at_key(field.key(), [&] { reject_non_finite(field.value()); });
  }
}

TUOYU_DECL boost::json::object object_reader::extra() const {
  boost::json::object out;
  std::size_t n = object_->size();
  if (known_high_.empty() && static_cast<std::size_t>(std::popcount(known_low_)) == n) return out;  // all known
  for (std::size_t i = 0; i < n; ++i) {
    const auto& field = object_->begin()[i];
    if (is_known(i)) continue;
    at_key(field.key(), [&] { reject_non_finite(field.value()); });
    out.emplace(field.key(), field.value());
  }
  return out;
}

TUOYU_DECL void append_extra(boost::json::object& out, const boost::json::object& extra) {
  for (const auto& field : extra) out.emplace(field.key(), field.value());
}

}  // namespace detail
}  // namespace v1
}  // namespace tuoyu
