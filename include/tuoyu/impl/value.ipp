// Out-of-line parts of tuoyu::value.
#pragma once

#include <tuoyu/expression/value.hpp>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <stdexcept>

namespace tuoyu {
inline namespace v1 {

TUOYU_DECL std::string_view to_string(value_kind k) noexcept {
  switch (k) {
    case value_kind::null: return "null_type";
    case value_kind::bool_: return "bool";
    case value_kind::int_: return "int";
    case value_kind::uint_: return "uint";
    case value_kind::double_: return "double";
    case value_kind::string: return "string";
    case value_kind::date: return "date";
    case value_kind::list: return "list";
    case value_kind::map: return "map";
    case value_kind::error: return "error";
  }
  return "?";
}

TUOYU_DECL value::value(std::string s) : kind_(value_kind::string) {
  u_.p = new detail::string_payload(std::move(s));
}

namespace detail {

[[noreturn]] TUOYU_DECL void bad_access(value_kind want, value_kind have) {
  throw std::logic_error("tuoyu::value: " + std::string(to_string(want)) + " accessor used on a value of kind " +
                         std::string(to_string(have)));
}

// Key ordering for maps: bools, then numbers (int and uint by exact numeric value), then strings.
TUOYU_DECL int key_rank(const value& k) noexcept {
  switch (k.kind()) {
    case value_kind::bool_: return 0;
    case value_kind::int_:
    case value_kind::uint_: return 1;
    default: return 2;
  }
}

// <0, 0, >0 comparing two keys of supported kinds.
TUOYU_DECL int key_compare(const value& a, const value& b) noexcept {
  int ra = key_rank(a), rb = key_rank(b);
  if (ra != rb) return ra < rb ? -1 : 1;
  switch (ra) {
    case 0: return int(a.raw_bool()) - int(b.raw_bool());
    case 1: {
      if (a.is_int() && b.is_int()) return a.raw_int() < b.raw_int() ? -1 : a.raw_int() > b.raw_int();
      if (a.is_uint() && b.is_uint()) return a.raw_uint() < b.raw_uint() ? -1 : a.raw_uint() > b.raw_uint();
      if (a.is_int()) {  // int vs uint
        if (a.raw_int() < 0) return -1;
        auto x = static_cast<std::uint64_t>(a.raw_int());
        return x < b.raw_uint() ? -1 : x > b.raw_uint();
      }
      if (b.raw_int() < 0) return 1;
      auto y = static_cast<std::uint64_t>(b.raw_int());
      return a.raw_uint() < y ? -1 : a.raw_uint() > y;
    }
    default: {
      auto sa = a.as_string(), sb = b.as_string();
      return sa < sb ? -1 : sa > sb;
    }
  }
}

TUOYU_DECL bool is_valid_key(const value& k) noexcept {
  auto kd = k.kind();
  return kd == value_kind::bool_ || kd == value_kind::int_ || kd == value_kind::uint_ || kd == value_kind::string;
}

TUOYU_DECL void append_quoted(std::string& out, std::string_view s) {
  out += '"';
  for (unsigned char c : s) {
    switch (c) {
      case '"': out += "\\\""; break;
      case '\\': out += "\\\\"; break;
      case '\n': out += "\\n"; break;
      case '\r': out += "\\r"; break;
      case '\t': out += "\\t"; break;
      default:
        if (c < 0x20 || c == 0x7f) {
          static constexpr char hex[] = "0123456789abcdef";
          out += "\\x";
          out += hex[c >> 4];
          out += hex[c & 15];
        } else {
          out += static_cast<char>(c);
        }
    }
  }
  out += '"';
}

// Shortest text that reads back as the same double, always with a '.' or exponent.
TUOYU_DECL std::string format_double(double d, bool as_literal) {
  if (std::isnan(d)) return as_literal ? "double(\"NaN\")" : "NaN";
  if (std::isinf(d)) return as_literal ? (d > 0 ? "double(\"Infinity\")" : "double(\"-Infinity\")")
                                       : (d > 0 ? "Infinity" : "-Infinity");
  char buf[64];
  auto r = std::to_chars(buf, buf + sizeof buf, d);
  std::string s(buf, r.ptr);
  if (as_literal && s.find_first_of(".en") == std::string::npos) s += ".0";
  return s;
}

TUOYU_DECL void append_value(std::string& out, const value& v) {
  switch (v.kind()) {
    case value_kind::null: out += "null"; break;
    case value_kind::bool_: out += v.raw_bool() ? "true" : "false"; break;
    case value_kind::int_: out += std::to_string(v.raw_int()); break;
    case value_kind::uint_: out += std::to_string(v.raw_uint()) + 'u'; break;
    case value_kind::double_: out += format_double(v.raw_double(), true); break;
    case value_kind::string: append_quoted(out, v.as_string()); break;
    case value_kind::date: out += "date(\"" + v.as_date().to_string() + "\")"; break;
    case value_kind::list: {
      out += '[';
      bool first = true;
      for (const auto& e : v.as_list()) {
        if (!first) out += ", ";
        first = false;
        append_value(out, e);
      }
      out += ']';
      break;
    }
    case value_kind::map: {
      out += '{';
      bool first = true;
      for (const auto& [k, e] : v.as_map()) {
        if (!first) out += ", ";
        first = false;
        append_value(out, k);
        out += ": ";
        append_value(out, e);
      }
      out += '}';
      break;
    }
    case value_kind::error:
      out += "error(" + v.error_id() + ", ";
      append_quoted(out, v.error_message());
      out += ')';
      break;
  }
}

// Exact numeric equality across int, uint and double.
TUOYU_DECL bool numeric_equal(const value& a, const value& b) noexcept {
  auto ka = a.kind(), kb = b.kind();
  if (ka == value_kind::double_ || kb == value_kind::double_) {
    if (ka == value_kind::double_ && kb == value_kind::double_) return a.raw_double() == b.raw_double();
    const value& dv = ka == value_kind::double_ ? a : b;
    const value& iv = ka == value_kind::double_ ? b : a;
    // As CEL does: the integer converted to double.
    double x = iv.is_int() ? static_cast<double>(iv.raw_int()) : static_cast<double>(iv.raw_uint());
    return x == dv.raw_double();
  }
  return key_compare(a, b) == 0;
}

}  // namespace detail

TUOYU_DECL value value::map(std::vector<std::pair<value, value>> entries) {
  for (const auto& e : entries) {
    if (!detail::is_valid_key(e.first))
      return value::error("tuoyu.eval.411", "unsupported map key type " + std::string(tuoyu::to_string(e.first.kind())));
  }
  auto before = [](const auto& a, const auto& b) { return detail::key_compare(a.first, b.first) < 0; };
  // Maps built from columns or other maps come sorted: checking is cheaper than sorting.
  if (!std::is_sorted(entries.begin(), entries.end(), before)) std::stable_sort(entries.begin(), entries.end(), before);
  for (std::size_t i = 1; i < entries.size(); ++i) {
    if (detail::key_compare(entries[i - 1].first, entries[i].first) == 0)
      return value::error("tuoyu.eval.411", "repeated map key " + entries[i].first.to_string());
  }
  auto* p = new detail::map_payload();
  p->map.entries_ = std::move(entries);
  return value(value_kind::map, p);
}

TUOYU_DECL bool value::as_bool() const {
  if (kind_ != value_kind::bool_) detail::bad_access(value_kind::bool_, kind_);
  return u_.b;
}
TUOYU_DECL std::int64_t value::as_int() const {
  if (kind_ != value_kind::int_) detail::bad_access(value_kind::int_, kind_);
  return u_.i;
}
TUOYU_DECL std::uint64_t value::as_uint() const {
  if (kind_ != value_kind::uint_) detail::bad_access(value_kind::uint_, kind_);
  return u_.u;
}
TUOYU_DECL double value::as_double() const {
  if (kind_ == value_kind::int_) return static_cast<double>(u_.i);
  if (kind_ == value_kind::uint_) return static_cast<double>(u_.u);
  if (kind_ != value_kind::double_) detail::bad_access(value_kind::double_, kind_);
  return u_.d;
}
TUOYU_DECL std::string_view value::as_string() const {
  if (kind_ != value_kind::string) detail::bad_access(value_kind::string, kind_);
  return static_cast<const detail::string_payload*>(u_.p)->text;
}
TUOYU_DECL tuoyu::date value::as_date() const {
  if (kind_ != value_kind::date) detail::bad_access(value_kind::date, kind_);
  return tuoyu::date::from_days(u_.days);
}
TUOYU_DECL const value_list& value::as_list() const {
  if (kind_ != value_kind::list) detail::bad_access(value_kind::list, kind_);
  return static_cast<const detail::list_payload*>(u_.p)->items;
}
TUOYU_DECL const value_map& value::as_map() const {
  if (kind_ != value_kind::map) detail::bad_access(value_kind::map, kind_);
  return static_cast<const detail::map_payload*>(u_.p)->entries();
}
TUOYU_DECL const std::string& value::error_id() const {
  if (kind_ != value_kind::error) detail::bad_access(value_kind::error, kind_);
  return static_cast<const detail::error_payload*>(u_.p)->id;
}
TUOYU_DECL const std::string& value::error_message() const {
  if (kind_ != value_kind::error) detail::bad_access(value_kind::error, kind_);
  return static_cast<const detail::error_payload*>(u_.p)->message;
}

TUOYU_DECL const value* value::find(std::string_view key) const noexcept {
  if (kind_ != value_kind::map) return nullptr;
  return static_cast<const detail::map_payload*>(u_.p)->find(key);
}

TUOYU_DECL const value* value::find_key(const value& key) const {
  if (kind_ != value_kind::map) return nullptr;
  if (key.is_string()) return find(key.as_string());
  return as_map().find(key);
}

TUOYU_DECL const value* value_map::find(std::string_view key) const noexcept {
  // Strings sort last; binary search among them (records' maps have only string keys).
  auto lo = !entries_.empty() && entries_.front().first.is_string()
                ? entries_.begin()
                : std::partition_point(entries_.begin(), entries_.end(), [](const entry& e) { return !e.first.is_string(); });
  auto it = std::lower_bound(lo, entries_.end(), key,
                             [](const entry& e, std::string_view k) { return e.first.as_string() < k; });
  if (it != entries_.end() && it->first.as_string() == key) return &it->second;
  return nullptr;
}

TUOYU_DECL const value* value_map::find(const value& key) const noexcept {
  value k = key;
  if (key.is_string()) return find(key.as_string());
  if (key.is_double()) {
    double d = key.raw_double();
    if (d != std::trunc(d) || std::isnan(d)) return nullptr;
    if (d >= -9223372036854775808.0 && d < 9223372036854775808.0)
      k = value(static_cast<std::int64_t>(d));
    else if (d >= 0 && d < 18446744073709551616.0)
      k = value(static_cast<std::uint64_t>(d));
    else
      return nullptr;
  } else if (!detail::is_valid_key(key)) {
    return nullptr;
  }
  auto it = std::lower_bound(entries_.begin(), entries_.end(), k,
                             [](const entry& e, const value& x) { return detail::key_compare(e.first, x) < 0; });
  if (it != entries_.end() && detail::key_compare(it->first, k) == 0) return &it->second;
  return nullptr;
}

TUOYU_DECL bool operator==(const value& a, const value& b) noexcept {
  if (a.is_number() && b.is_number()) return detail::numeric_equal(a, b);
  if (a.kind() != b.kind()) return false;
  switch (a.kind()) {
    case value_kind::null: return true;
    case value_kind::bool_: return a.raw_bool() == b.raw_bool();
    case value_kind::string: return a.as_string() == b.as_string();
    case value_kind::date: return a.raw_days() == b.raw_days();
    case value_kind::list: {
      const auto& x = a.as_list();
      const auto& y = b.as_list();
      if (x.size() != y.size()) return false;
      for (std::size_t i = 0; i < x.size(); ++i)
        if (!(x[i] == y[i])) return false;
      return true;
    }
    case value_kind::map: {
      const auto& x = a.as_map();
      const auto& y = b.as_map();
      if (x.size() != y.size()) return false;
      for (const auto& [k, v] : x) {
        const value* w = y.find(k);
        if (!w || !(v == *w)) return false;
      }
      return true;
    }
    case value_kind::error: return a.error_id() == b.error_id() && a.error_message() == b.error_message();
    default: return false;
  }
}

TUOYU_DECL std::string value::to_string() const {
  std::string out;
  detail::append_value(out, *this);
  return out;
}

TUOYU_DECL value value::from_json(const boost::json::value& json) {
  switch (json.kind()) {
    case boost::json::kind::null: return value();
    case boost::json::kind::bool_: return value(json.get_bool());
    case boost::json::kind::int64: return value(json.get_int64());
    case boost::json::kind::uint64: {
      auto u = json.get_uint64();
      if (u <= static_cast<std::uint64_t>(INT64_MAX)) return value(static_cast<std::int64_t>(u));
      return value(u);
    }
    case boost::json::kind::double_: return value(json.get_double());
    case boost::json::kind::string: return value(std::string(json.get_string()));
    case boost::json::kind::array: {
      value_list items;
      items.reserve(json.get_array().size());
      for (const auto& e : json.get_array()) items.push_back(from_json(e));
      return value::list(std::move(items));
    }
    case boost::json::kind::object: {
      std::vector<std::pair<value, value>> entries;
      entries.reserve(json.get_object().size());
      for (const auto& kv : json.get_object()) {
        std::string_view key(kv.key().data(), kv.key().size());
        // A JSON object may repeat a key; the last one wins.
        auto dup = std::find_if(entries.begin(), entries.end(),
                                [&](const auto& e) { return e.first.as_string() == key; });
        if (dup != entries.end())
          dup->second = from_json(kv.value());
        else
          entries.emplace_back(value(key), from_json(kv.value()));
      }
      return value::map(std::move(entries));
    }
  }
  return value();
}

TUOYU_DECL boost::json::value to_json(const value& v) {
  switch (v.kind()) {
    case value_kind::null: return nullptr;
    case value_kind::bool_: return v.raw_bool();
    case value_kind::int_: return v.raw_int();
    case value_kind::uint_: return v.raw_uint();
    case value_kind::double_: {
      // JSON has no spelling for these; the strings are the ones protobuf's JSON mapping uses.
      double d = v.raw_double();
      if (!std::isfinite(d)) return boost::json::string(detail::format_double(d, false));
      return d;
    }
    case value_kind::string: return boost::json::string(v.as_string());
    case value_kind::date: return boost::json::string(v.as_date().to_string());
    case value_kind::list: {
      boost::json::array a;
      a.reserve(v.as_list().size());
      for (const auto& e : v.as_list()) a.push_back(to_json(e));
      return a;
    }
    case value_kind::map: {
      boost::json::object o;
      for (const auto& [k, e] : v.as_map()) {
        if (k.is_string())
          o[k.as_string()] = to_json(e);
        else
          o[k.to_string()] = to_json(e);
      }
      return o;
    }
    case value_kind::error: {
      boost::json::object o;
      o["error"] = v.error_id();
      o["message"] = v.error_message();
      return o;
    }
  }
  return nullptr;
}

}  // namespace v1
}  // namespace tuoyu
