// Reading hand-written JSON documents (rulebooks, case files) with errors that name the JSON pointer.
#pragma once

#include <tuoyu/error.hpp>

#include <boost/json/object.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/parse_options.hpp>
#include <boost/json/stream_parser.hpp>
#include <boost/json/value.hpp>

#include <string>
#include <string_view>
#include <vector>

namespace tuoyu::detail {

// 1-based line and column (in bytes) of byte `offset` in `text`.
inline location location_of(std::string_view text, std::size_t offset) {
  location where;
  where.line = 1;
  where.column = 1;
  for (std::size_t i = 0; i < offset && i < text.size(); ++i) {
    if (text[i] == '\n') {
      ++where.line;
      where.column = 1;
    } else {
      ++where.column;
    }
  }
  return where;
}

// Parses a JSON document that people write by hand: comments and trailing commas allowed.
// Errors throw Error(id_malformed) with line:column, or Error(id_too_deep).
template <class Error>
boost::json::value parse_hand_written(std::string_view text, const std::string& file, const char* id_malformed,
                                      std::size_t max_depth = 64) {
  boost::json::parse_options options;
  options.allow_comments = true;
  options.allow_trailing_commas = true;
  options.max_depth = max_depth;
  boost::json::stream_parser parser({}, options);
  boost::system::error_code ec;
  std::size_t consumed = parser.write_some(text.data(), text.size(), ec);
  if (!ec) parser.finish(ec);
  if (ec) {
    auto where = location_of(text, consumed);
    where.file = file;
    std::string what = ec == boost::json::error::too_deep
                           ? "nesting deeper than " + std::to_string(max_depth) + " levels"
                           : "malformed JSON: " + ec.message();
    throw Error(id_malformed, what, where);
  }
  return parser.release();
}

// Escapes one reference token of a JSON pointer (RFC 6901).
inline std::string pointer_token(std::string_view key) {
  std::string out;
  for (char c : key) {
    if (c == '~')
      out += "~0";
    else if (c == '/')
      out += "~1";
    else
      out += c;
  }
  return out;
}

inline const char* kind_name(const boost::json::value& v) {
  switch (v.kind()) {
    case boost::json::kind::null: return "null";
    case boost::json::kind::bool_: return "a boolean";
    case boost::json::kind::int64:
    case boost::json::kind::uint64: return "an integer";
    case boost::json::kind::double_: return "a number";
    case boost::json::kind::string: return "a string";
    case boost::json::kind::array: return "an array";
    case boost::json::kind::object: return "an object";
  }
  return "a value";
}

// Walks a document, tracking the JSON pointer, and throws Error with `type_id` on a shape mismatch.
template <class Error>
class json_reader {
 public:
  json_reader(const boost::json::value& v, std::string pointer, std::string file, const char* type_id)
      : v_(&v), pointer_(std::move(pointer)), file_(std::move(file)), type_id_(type_id) {}

  const boost::json::value& value() const { return *v_; }
  const std::string& pointer() const { return pointer_; }

  [[noreturn]] void fail(const char* id, const std::string& what) const {
    throw Error(id, what, location{file_, pointer_, 0, 0});
  }
  [[noreturn]] void expected(const char* what) const {
    fail(type_id_, std::string("expected ") + what + ", found " + kind_name(*v_));
  }

  const boost::json::object& object() const {
    if (!v_->is_object()) expected("an object");
    return v_->get_object();
  }
  const boost::json::array& array() const {
    if (!v_->is_array()) expected("an array");
    return v_->get_array();
  }
  std::string string() const {
    if (!v_->is_string()) expected("a string");
    return std::string(v_->get_string());
  }
  bool boolean() const {
    if (!v_->is_bool()) expected("a boolean");
    return v_->get_bool();
  }

  bool has(std::string_view key) const {
    auto* p = object().if_contains(key);
    return p && !p->is_null();
  }
  json_reader at(std::string_view key) const {
    const auto& o = object();
    auto* p = o.if_contains(key);
    if (!p) {
      json_reader missing = *this;
      missing.pointer_ += "/" + pointer_token(key);
      missing.fail(type_id_, "missing required field \"" + std::string(key) + "\"");
    }
    return json_reader(*p, pointer_ + "/" + pointer_token(key), file_, type_id_);
  }
  json_reader at(std::size_t index) const {
    return json_reader(array().at(index), pointer_ + "/" + std::to_string(index), file_, type_id_);
  }
  std::size_t size() const { return array().size(); }

  std::string string_or(std::string_view key, std::string fallback) const {
    return has(key) ? at(key).string() : fallback;
  }
  std::vector<std::string> strings(std::string_view key) const {
    std::vector<std::string> out;
    if (!has(key)) return out;
    auto list = at(key);
    for (std::size_t i = 0; i < list.size(); ++i) out.push_back(list.at(i).string());
    return out;
  }

 private:
  const boost::json::value* v_;
  std::string pointer_;
  std::string file_;
  const char* type_id_;
};

}  // namespace tuoyu::detail
