// tuoyu::type: the static types the expression checker works with.
#pragma once

#include <tuoyu/detail/config.hpp>

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

namespace tuoyu {
inline namespace v1 {

enum class type_kind : std::uint8_t { dyn, null, bool_, int_, uint_, double_, string, date, list, map, object };

class type {
 public:
  type() noexcept = default;  // dyn
  static type dyn() noexcept { return type(); }
  static type null() noexcept { return type(type_kind::null); }
  static type bool_() noexcept { return type(type_kind::bool_); }
  static type int_() noexcept { return type(type_kind::int_); }
  static type uint_() noexcept { return type(type_kind::uint_); }
  static type double_() noexcept { return type(type_kind::double_); }
  static type string() noexcept { return type(type_kind::string); }
  static type date() noexcept { return type(type_kind::date); }
  static TUOYU_DECL type list(type elem);
  static TUOYU_DECL type map(type key, type val);
  // A named object type; its fields are declared with environment::declare_object.
  static TUOYU_DECL type object(std::string name);

  // Reads the printed form: "int", "list(string)", "map(string, int)", "dyn", "null", "date", ...;
  // any other identifier is an object type name. Throws expression_error tuoyu.expr.304 on bad syntax.
  static TUOYU_DECL type parse(std::string_view text);

  type_kind kind() const noexcept { return kind_; }
  bool is_dyn() const noexcept { return kind_ == type_kind::dyn; }
  // list element / map key / map value (dyn for other kinds).
  TUOYU_DECL const type& elem() const noexcept;
  TUOYU_DECL const type& key() const noexcept;
  TUOYU_DECL const type& val() const noexcept;
  TUOYU_DECL const std::string& name() const noexcept;  // object name; empty otherwise

  // "int", "list(string)", "map(string, dyn)", "facility".
  TUOYU_DECL std::string to_string() const;

  friend TUOYU_DECL bool operator==(const type& a, const type& b) noexcept;

 private:
  struct params;
  explicit type(type_kind k) noexcept : kind_(k) {}
  type_kind kind_ = type_kind::dyn;
  std::shared_ptr<const params> params_;
};

}  // namespace v1
}  // namespace tuoyu

#ifdef TUOYU_HEADER_ONLY
#include <tuoyu/impl/type.ipp>
#endif
