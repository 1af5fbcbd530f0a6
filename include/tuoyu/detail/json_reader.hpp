// Reading hand-written JSON documents (rulebooks, case files) with errors that name the JSON pointer.
// Unlike the dataset reader, the error class and the id for a shape mismatch are parameters.
#pragma once

#include <tuoyu/detail/json_read.hpp>
#include <tuoyu/error.hpp>
#include <tuoyu/input.hpp>

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include <string>
#include <string_view>
#include <vector>

namespace tuoyu {
inline namespace v1 {
namespace detail {

// Parses a document people write by hand (comments and trailing commas allowed), reporting syntax
// errors as Error(id_malformed) with the file and line:column of the input reader.
template <class Error>
boost::json::value parse_hand_written(std::string_view text, const std::string& file, const char* id_malformed,
                                      const input_limits& limits = {}) {
  try {
    return parse_json(text, file, limits, json_syntax{true, true});
  } catch (const input_error& e) {
    throw Error(id_malformed, "[" + e.id() + "] " + e.detail(), e.where());
  }
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
    fail(type_id_, std::string("expected ") + what + ", found " + std::string(json_kind_name(*v_)));
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
      missing.pointer_ += pointer_token(key);
      missing.fail(type_id_, "missing required field \"" + std::string(key) + "\"");
    }
    return json_reader(*p, pointer_ + pointer_token(key), file_, type_id_);
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

}  // namespace detail
}  // namespace v1
}  // namespace tuoyu
