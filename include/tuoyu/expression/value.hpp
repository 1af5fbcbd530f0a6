// tuoyu::value: one value of the expression language, with CEL semantics.
//
// A value is 16 bytes: a kind tag and either an inline scalar (bool, int, uint, double, date) or a
// pointer to a shared, immutable, reference-counted payload (string, list, map, error). Copying a value
// never copies its payload, so values are cheap to pass around and safe to share between threads.
#pragma once

#include <tuoyu/date.hpp>
#include <tuoyu/detail/config.hpp>

#include <boost/json/value.hpp>

#include <atomic>
#include <concepts>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace tuoyu {
inline namespace v1 {

// The kinds of value. `error` is an evaluation error carried as a value, as CEL does.
enum class value_kind : std::uint8_t { null, bool_, int_, uint_, double_, string, date, list, map, error };

// The CEL name of a kind: "null_type", "bool", "int", "uint", "double", "string", "date", "list", "map", "error".
TUOYU_DECL std::string_view to_string(value_kind k) noexcept;

class value;
class value_map;
using value_list = std::vector<value>;

namespace detail {
struct map_payload;
struct string_payload;
// The shared part of every heap payload: an atomic reference count.
struct payload {
  mutable std::atomic<std::uint32_t> refs{1};
  virtual ~payload() = default;
};
}  // namespace detail

class value {
 public:
  value() noexcept : kind_(value_kind::null) { u_.i = 0; }
  value(std::nullptr_t) noexcept : value() {}
  value(bool b) noexcept : kind_(value_kind::bool_) { u_.b = b; }
  template <std::integral I>
    requires(!std::same_as<I, bool> && std::is_signed_v<I>)
  value(I i) noexcept : kind_(value_kind::int_) {
    u_.i = static_cast<std::int64_t>(i);
  }
  template <std::integral I>
    requires(!std::same_as<I, bool> && std::is_unsigned_v<I>)
  value(I u) noexcept : kind_(value_kind::uint_) {
    u_.u = static_cast<std::uint64_t>(u);
  }
  value(double d) noexcept : kind_(value_kind::double_) { u_.d = d; }
  value(tuoyu::date d) noexcept : kind_(value_kind::date) { u_.days = d.days_since_epoch(); }
  TUOYU_DECL value(std::string s);
  value(std::string_view s) : value(std::string(s)) {}
  value(const char* s) : value(std::string(s)) {}

  static value list(value_list items);
  // Builds a map; keys must be string, int, uint or bool (otherwise the result is an error value
  // tuoyu.eval.411), and a repeated key (under CEL equality, so 1 and 1u are the same key) makes the
  // result an error value tuoyu.eval.411 too.
  static TUOYU_DECL value map(std::vector<std::pair<value, value>> entries);
  static value error(std::string id, std::string message);
  // A map whose entries a payload of a derived class makes itself (detail::map_payload); takes over
  // the payload's one reference.
  static value map_of(const detail::map_payload* payload) noexcept;
  // A string whose payload the caller made (a derived class placed elsewhere than the heap); takes
  // over the payload's one reference.
  static value string_of(const detail::string_payload* payload) noexcept;

  value(const value& o) noexcept : kind_(o.kind_), u_(o.u_) { retain(); }
  value(value&& o) noexcept : kind_(o.kind_), u_(o.u_) {
    o.kind_ = value_kind::null;
    o.u_.i = 0;
  }
  value& operator=(const value& o) noexcept {
    if (this != &o) {
      o.retain();
      release();
      kind_ = o.kind_;
      u_ = o.u_;
    }
    return *this;
  }
  value& operator=(value&& o) noexcept {
    if (this != &o) {
      release();
      kind_ = o.kind_;
      u_ = o.u_;
      o.kind_ = value_kind::null;
      o.u_.i = 0;
    }
    return *this;
  }
  ~value() { release(); }

  value_kind kind() const noexcept { return kind_; }
  bool is_null() const noexcept { return kind_ == value_kind::null; }
  bool is_bool() const noexcept { return kind_ == value_kind::bool_; }
  bool is_int() const noexcept { return kind_ == value_kind::int_; }
  bool is_uint() const noexcept { return kind_ == value_kind::uint_; }
  bool is_double() const noexcept { return kind_ == value_kind::double_; }
  bool is_number() const noexcept {
    return kind_ == value_kind::int_ || kind_ == value_kind::uint_ || kind_ == value_kind::double_;
  }
  bool is_string() const noexcept { return kind_ == value_kind::string; }
  bool is_date() const noexcept { return kind_ == value_kind::date; }
  bool is_list() const noexcept { return kind_ == value_kind::list; }
  bool is_map() const noexcept { return kind_ == value_kind::map; }
  bool is_error() const noexcept { return kind_ == value_kind::error; }

  // Accessors. Calling one on a value of another kind is a programming error: they throw
  // std::logic_error (the expression evaluator never does this).
  TUOYU_DECL bool as_bool() const;
  TUOYU_DECL std::int64_t as_int() const;
  TUOYU_DECL std::uint64_t as_uint() const;
  TUOYU_DECL double as_double() const;  // int and uint are converted
  TUOYU_DECL std::string_view as_string() const;
  TUOYU_DECL tuoyu::date as_date() const;
  TUOYU_DECL const value_list& as_list() const;
  TUOYU_DECL const value_map& as_map() const;
  TUOYU_DECL const std::string& error_id() const;
  TUOYU_DECL const std::string& error_message() const;

  // For maps: the value under a string key, or nullptr (also nullptr when this is not a map).
  TUOYU_DECL const value* find(std::string_view key) const noexcept;
  // For maps: the value under a key of any kind, by CEL key equality (nullptr as above).
  TUOYU_DECL const value* find_key(const value& key) const;

  // CEL equality: numbers compare by value across int/uint/double (NaN is unequal to itself), lists
  // element-wise, maps by key set and values; values of different kinds are unequal. Two errors are
  // equal when id and message are.
  friend TUOYU_DECL bool operator==(const value& a, const value& b) noexcept;

  // A CEL-literal-like rendering: 1, 2u, 1.5, "text", date("2025-12-31"), [1, 2], {"k": v}, null,
  // error(tuoyu.eval.401, "division by zero").
  TUOYU_DECL std::string to_string() const;

  // JSON null/bool/string/array/object map to null/bool/string/list/map; JSON integers to int (uint
  // only above the int64 range); JSON doubles to double. Strings are never turned into dates here.
  static TUOYU_DECL value from_json(const boost::json::value& json);

  // Unchecked fast accessors for the interpreter (the kind must already be known).
  bool raw_bool() const noexcept { return u_.b; }
  std::int64_t raw_int() const noexcept { return u_.i; }
  std::uint64_t raw_uint() const noexcept { return u_.u; }
  double raw_double() const noexcept { return u_.d; }
  std::int32_t raw_days() const noexcept { return u_.days; }
  const detail::payload* raw_payload() const noexcept { return u_.p; }

 private:
  value(value_kind k, const detail::payload* p) noexcept : kind_(k) { u_.p = p; }
  bool has_payload() const noexcept { return kind_ >= value_kind::string && kind_ != value_kind::date; }
  void retain() const noexcept {
    if (has_payload()) u_.p->refs.fetch_add(1, std::memory_order_relaxed);
  }
  void release() noexcept {
    if (has_payload() && u_.p->refs.fetch_sub(1, std::memory_order_acq_rel) == 1) delete u_.p;
  }

  value_kind kind_;
  union {
    bool b;
    std::int64_t i;
    std::uint64_t u;
    double d;
    std::int32_t days;
    const detail::payload* p;
  } u_;
};

static_assert(sizeof(value) == 16);

// A map: entries sorted by key (bools, then numbers by numeric value, then strings), unique under CEL
// equality. Iteration is in key order.
class value_map {
 public:
  using entry = std::pair<value, value>;
  using const_iterator = std::vector<entry>::const_iterator;

  value_map() = default;
  std::size_t size() const noexcept { return entries_.size(); }
  bool empty() const noexcept { return entries_.empty(); }
  const_iterator begin() const noexcept { return entries_.begin(); }
  const_iterator end() const noexcept { return entries_.end(); }
  const std::vector<entry>& entries() const noexcept { return entries_; }

  // Lookup under CEL key equality: a double key finds an equal int or uint key.
  TUOYU_DECL const value* find(const value& key) const noexcept;
  TUOYU_DECL const value* find(std::string_view key) const noexcept;

 private:
  friend class value;
  std::vector<entry> entries_;
};

namespace detail {
struct string_payload : payload {
  explicit string_payload(std::string s) : text(std::move(s)) {}
  std::string text;
};
struct list_payload final : payload {
  explicit list_payload(value_list v) : items(std::move(v)) {}
  value_list items;
};
struct map_payload : payload {
  value_map map;
  // A map that makes its entries only when asked for them all (a view of a facility_table row)
  // overrides both; lookups by string key then read in place.
  virtual const value* find(std::string_view key) const noexcept { return map.find(key); }
  virtual const value_map& entries() const { return map; }
};
struct error_payload final : payload {
  error_payload(std::string i, std::string m) : id(std::move(i)), message(std::move(m)) {}
  std::string id;
  std::string message;
};
}  // namespace detail

inline value value::list(value_list items) {
  return value(value_kind::list, new detail::list_payload(std::move(items)));
}
inline value value::map_of(const detail::map_payload* payload) noexcept { return value(value_kind::map, payload); }
inline value value::string_of(const detail::string_payload* payload) noexcept {
  return value(value_kind::string, payload);
}
inline value value::error(std::string id, std::string message) {
  return value(value_kind::error, new detail::error_payload(std::move(id), std::move(message)));
}

// dates → "YYYY-MM-DD"; errors → {"error": id, "message": ...}; maps → objects (non-string keys are
// rendered as their to_string()); doubles that are not finite → "Infinity", "-Infinity" or "NaN".
TUOYU_DECL boost::json::value to_json(const value& v);

}  // namespace v1
}  // namespace tuoyu

#ifdef TUOYU_HEADER_ONLY
#include <tuoyu/impl/value.ipp>
#endif
