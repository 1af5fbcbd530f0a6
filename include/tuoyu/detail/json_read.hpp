// Internal helpers for reading known fields out of Boost.JSON values with tuoyu::input_error reporting.
// Every helper throws with a pointer relative to the value it was given; callers prefix the pointer on
// the way out (at_key, at_index), so an error deep inside a dataset names its full JSON pointer.
#pragma once

#include <tuoyu/date.hpp>
#include <tuoyu/detail/config.hpp>
#include <tuoyu/detail/parallel.hpp>
#include <tuoyu/error.hpp>
#include <tuoyu/field_set.hpp>

#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <vector>

namespace tuoyu {
inline namespace v1 {
namespace detail {

// Largest count, population or age accepted in a document (so sums of 10^7 of them fit in int64).
inline constexpr std::int64_t max_input_integer = 2147483647;

// "a string", "an object", "null", ... for messages.
TUOYU_DECL std::string_view json_kind_name(const boost::json::value& jv) noexcept;
// A string quoted for a message: JSON-escaped, cut to about 80 bytes at a character boundary.
TUOYU_DECL std::string json_quote(std::string_view text);
// "/" followed by `key` escaped as RFC 6901 requires (~ → ~0, / → ~1).
TUOYU_DECL std::string pointer_token(std::string_view key);

[[noreturn]] TUOYU_DECL void throw_input(std::string id, std::string detail, std::string pointer = {});
[[noreturn]] TUOYU_DECL void throw_wrong_type(std::string_view expected, const boost::json::value& got);
[[noreturn]] TUOYU_DECL void throw_unknown_enum(std::string_view text, const std::string& expected);

TUOYU_DECL const boost::json::object& read_object(const boost::json::value& jv);  // 103
TUOYU_DECL const boost::json::array& read_array(const boost::json::value& jv);    // 103
TUOYU_DECL std::string read_string(const boost::json::value& jv);                 // 103
TUOYU_DECL bool read_bool(const boost::json::value& jv);                          // 103
TUOYU_DECL date read_date(const boost::json::value& jv);                          // 103, 110
TUOYU_DECL double read_number(const boost::json::value& jv);                      // 103, 105 (not finite)
// A whole number (JSON integer, or a double such as 60.0) with |n| <= max_input_integer: 103, 105.
TUOYU_DECL std::int64_t read_integer(const boost::json::value& jv);
// A whole number >= 0: 103, 105.
TUOYU_DECL std::int64_t read_count(const boost::json::value& jv);
// A whole number > 0: 103, 105, 106.
TUOYU_DECL std::int64_t read_population(const boost::json::value& jv);

// Runs `read()`; a tuoyu::error escaping it gets `token` ("/key" or "/3") put in front of its pointer.
template <class F>
decltype(auto) at_token(std::string_view token, F&& read) {
  try {
    return std::forward<F>(read)();
  } catch (error& e) {
    e.prefix_pointer(token);
    throw;
  }
}
template <class F>
decltype(auto) at_key(std::string_view key, F&& read) {
  try {
    return std::forward<F>(read)();
  } catch (error& e) {
    e.prefix_pointer(pointer_token(key));
    throw;
  }
}
template <class F>
decltype(auto) at_index(std::size_t index, F&& read) {
  try {
    return std::forward<F>(read)();
  } catch (error& e) {
    e.prefix_pointer('/' + std::to_string(index));
    throw;
  }
}

// Reads the fields of one JSON object, remembering which keys are known so that the rest can be kept
// verbatim in the record's `extra`.
class object_reader {
 public:
  explicit object_reader(const boost::json::value& jv) : object_(&read_object(jv)) {
    for (const auto& field : *object_) present_ |= key_bit(field.key());
  }

  const boost::json::object& object() const noexcept { return *object_; }

  // The value of `key` (nullptr when absent); marks `key` as known. Readers ask for keys in the order
  // writers put them, so the member after the last one found is tried before searching.
  const boost::json::value* find(std::string_view key) {
    const auto* begin = object_->begin();
    std::size_t n = object_->size();
    if (!(present_ & key_bit(key))) return nullptr;  // no member has a key like it: absent, no search
    std::size_t i = next_ < n && begin[next_].key() == key ? next_ : static_cast<std::size_t>(object_->find(key) - begin);
    if (i == n) return nullptr;
    mark_known(i);
    next_ = i + 1;
    return &begin[i].value();
  }

  // A required field: missing → 111; errors from `read(value)` are reported at "/key".
  template <class F>
  auto required(std::string_view key, F&& read) {
    const boost::json::value* jv = find(key);
    if (!jv) throw_input("tuoyu.input.111", "missing required field " + json_quote(key), pointer_token(key));
    return at_key(key, [&] { return read(*jv); });
  }

  // An optional field: std::nullopt when absent or null; a null is remembered in `given_null`.
  template <class F>
  auto optional(std::string_view key, field_set& given_null, F&& read)
      -> std::optional<std::decay_t<decltype(read(std::declval<const boost::json::value&>()))>> {
    const boost::json::value* jv = find(key);
    if (!jv) return std::nullopt;
    if (jv->is_null()) {
      given_null.insert(key);
      return std::nullopt;
    }
    return at_key(key, [&] { return read(*jv); });
  }

  // A field with a default: absent or null gives `fallback` (null remembered in `given_null`); a value
  // equal to `fallback` is remembered in `given_default`.
  template <class T, class F>
  T defaulted(std::string_view key, T fallback, field_set& given_null, field_set& given_default, F&& read) {
    const boost::json::value* jv = find(key);
    if (!jv) return fallback;
    if (jv->is_null()) {
      given_null.insert(key);
      return fallback;
    }
    T out = at_key(key, [&] { return read(*jv); });
    if (out == fallback) given_default.insert(key);
    return out;
  }

  // Every field not asked for so far, verbatim.
  TUOYU_DECL boost::json::object extra() const;

 private:
  // A one-bit summary of a key (its length and ends): an optional field is mostly absent, and a clear
  // bit in `present_` says so without comparing keys.
  static std::uint64_t key_bit(std::string_view key) noexcept {
    std::size_t h = key.size() * 7;
    if (!key.empty()) h += static_cast<unsigned char>(key.front()) + 3u * static_cast<unsigned char>(key.back());
    return std::uint64_t{1} << (h & 63);
  }

  // Members found so far, by index: a bit each for the first 64 (a record's fields), a list beyond.
  void mark_known(std::size_t i) {
    if (i < 64) known_low_ |= std::uint64_t{1} << i;
    else known_high_.push_back(i);
  }
  bool is_known(std::size_t i) const {
    if (i < 64) return (known_low_ >> i) & 1;
    return std::find(known_high_.begin(), known_high_.end(), i) != known_high_.end();
  }

  const boost::json::object* object_;
  std::uint64_t present_ = 0;  // key_bit of every member
  std::size_t next_ = 0;
  std::uint64_t known_low_ = 0;
  std::vector<std::size_t> known_high_;
};

// Reads each element of a JSON array with `read(element)`, errors reported at "/index".
// On `threads` threads (0: one per core) when the array is long enough to gain from it: each reads
// a contiguous part into its place, and the error reported is the one of the first element that has
// one, as when reading in order. `read` must be safe to call from several threads at once.
template <class T, class F>
std::vector<T> read_vector(const boost::json::value& jv, F&& read, unsigned threads = 1) {
  const auto& array = read_array(jv);
  std::size_t n = array.size();
  constexpr std::size_t min_part = 8192;  // below this, starting a thread costs more than it saves
  auto parts = static_cast<unsigned>(std::min<std::size_t>(worker_count(threads), std::max<std::size_t>(1, n / min_part)));
  std::vector<T> out;
  if (parts == 1) {
    out.reserve(n);
    for (std::size_t i = 0; i < n; ++i) out.push_back(at_index(i, [&] { return read(array[i]); }));
    return out;
  }
  out.resize(n);
  run_parts(parts, [&](unsigned p) {
    for (std::size_t i = n * p / parts; i < n * (p + 1) / parts; ++i) out[i] = at_index(i, [&] { return read(array[i]); });
  });
  return out;
}

// Writing: puts `extra` fields not already present into `out` (known fields win).
TUOYU_DECL void append_extra(boost::json::object& out, const boost::json::object& extra);

// Writing an optional field: the value, or null if the input gave null, or nothing.
template <class T, class F>
void put_optional(boost::json::object& out, std::string_view key, const std::optional<T>& field,
                  const field_set& given_null, F&& write) {
  if (field) {
    out[key] = write(*field);
  } else if (given_null.contains(key)) {
    out[key] = nullptr;
  }
}

// Writing a field with a default: written when it differs from the default or the input wrote it.
template <class T, class F>
void put_defaulted(boost::json::object& out, std::string_view key, const T& field, const T& fallback,
                   const field_set& given_null, const field_set& given_default, F&& write) {
  if (!(field == fallback) || given_default.contains(key)) {
    out[key] = write(field);
  } else if (given_null.contains(key)) {
    out[key] = nullptr;
  }
}

}  // namespace detail
}  // namespace v1
}  // namespace tuoyu

#ifdef TUOYU_HEADER_ONLY
#include <tuoyu/impl/json_read.ipp>
#endif
