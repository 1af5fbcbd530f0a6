// Out-of-line parts of tuoyu::type.
#pragma once

#include <tuoyu/error.hpp>
#include <tuoyu/expression/type.hpp>

#include <cctype>

namespace tuoyu {
inline namespace v1 {

struct type::params {
  type a, b;
  std::string name;
};

TUOYU_DECL type type::list(type elem) {
  type t(type_kind::list);
  t.params_ = std::make_shared<const params>(params{std::move(elem), type(), {}});
  return t;
}
TUOYU_DECL type type::map(type key, type val) {
  type t(type_kind::map);
  t.params_ = std::make_shared<const params>(params{std::move(key), std::move(val), {}});
  return t;
}
TUOYU_DECL type type::object(std::string name) {
  type t(type_kind::object);
  t.params_ = std::make_shared<const params>(params{type(), type(), std::move(name)});
  return t;
}

namespace detail {
TUOYU_DECL const type& dyn_type() noexcept {
  static const type t;
  return t;
}
TUOYU_DECL const std::string& empty_string() noexcept {
  static const std::string s;
  return s;
}
}  // namespace detail

TUOYU_DECL const type& type::elem() const noexcept {
  return kind_ == type_kind::list && params_ ? params_->a : detail::dyn_type();
}
TUOYU_DECL const type& type::key() const noexcept {
  return kind_ == type_kind::map && params_ ? params_->a : detail::dyn_type();
}
TUOYU_DECL const type& type::val() const noexcept {
  return kind_ == type_kind::map && params_ ? params_->b : detail::dyn_type();
}
TUOYU_DECL const std::string& type::name() const noexcept {
  return kind_ == type_kind::object && params_ ? params_->name : detail::empty_string();
}

TUOYU_DECL std::string type::to_string() const {
  switch (kind_) {
    case type_kind::dyn: return "dyn";
    case type_kind::null: return "null";
    case type_kind::bool_: return "bool";
    case type_kind::int_: return "int";
    case type_kind::uint_: return "uint";
    case type_kind::double_: return "double";
    case type_kind::string: return "string";
    case type_kind::date: return "date";
    case type_kind::list: return "list(" + elem().to_string() + ")";
    case type_kind::map: return "map(" + key().to_string() + ", " + val().to_string() + ")";
    case type_kind::object: return name();
  }
  return "?";
}

TUOYU_DECL bool operator==(const type& a, const type& b) noexcept {
  if (a.kind() != b.kind()) return false;
  switch (a.kind()) {
    case type_kind::list: return a.elem() == b.elem();
    case type_kind::map: return a.key() == b.key() && a.val() == b.val();
    case type_kind::object: return a.name() == b.name();
    default: return true;
  }
}

namespace detail {
struct type_reader {
  std::string_view s;
  std::size_t pos = 0;

  [[noreturn]] void fail() const {
    throw expression_error("tuoyu.expr.304", "invalid type \"" + std::string(s) + "\"");
  }
  void skip() {
    while (pos < s.size() && (s[pos] == ' ' || s[pos] == '\t')) ++pos;
  }
  std::string_view ident() {
    skip();
    std::size_t b = pos;
    while (pos < s.size() && (std::isalnum(static_cast<unsigned char>(s[pos])) || s[pos] == '_' || s[pos] == '.'))
      ++pos;
    if (b == pos) fail();
    return s.substr(b, pos - b);
  }
  void expect(char c) {
    skip();
    if (pos >= s.size() || s[pos] != c) fail();
    ++pos;
  }
  type read() {
    auto id = ident();
    if (id == "dyn") return type::dyn();
    if (id == "null" || id == "null_type") return type::null();
    if (id == "bool") return type::bool_();
    if (id == "int") return type::int_();
    if (id == "uint") return type::uint_();
    if (id == "double") return type::double_();
    if (id == "string") return type::string();
    if (id == "date") return type::date();
    if (id == "list") {
      expect('(');
      auto e = read();
      expect(')');
      return type::list(std::move(e));
    }
    if (id == "map") {
      expect('(');
      auto k = read();
      expect(',');
      auto v = read();
      expect(')');
      return type::map(std::move(k), std::move(v));
    }
    return type::object(std::string(id));
  }
};
}  // namespace detail

TUOYU_DECL type type::parse(std::string_view text) {
  detail::type_reader r{text};
  type t = r.read();
  r.skip();
  if (r.pos != text.size()) r.fail();
  return t;
}

}  // namespace v1
}  // namespace tuoyu
