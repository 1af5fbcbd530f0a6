// A value that changes on given dates, e.g. the capacity target of 2.8 托位 per 1000 residents from
// 2022-12-31 and 4.5 from 2025-12-31. Each value is in force from its date (inclusive) until the next.
#pragma once

#include <tuoyu/date.hpp>
#include <tuoyu/detail/json_read.hpp>

#include <boost/json/value.hpp>
#include <boost/json/value_from.hpp>
#include <boost/json/value_to.hpp>
#include <boost/system/system_error.hpp>

#include <algorithm>
#include <initializer_list>
#include <span>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

namespace tuoyu {
inline namespace v1 {

template <class T>
class dated_value {
 public:
  struct entry {
    date from;  // in force from this day, inclusive
    T value;

    friend bool operator==(const entry&, const entry&) = default;
  };

  dated_value() = default;
  // Entries in any order; a later entry with the same date as an earlier one replaces it.
  dated_value(std::initializer_list<entry> entries) {
    for (const auto& e : entries) set(e.from, e.value);
  }
  explicit dated_value(std::vector<entry> entries) {
    for (auto& e : entries) set(e.from, std::move(e.value));
  }

  // Makes `value` the value in force from `from` (replacing any value from that same day).
  void set(date from, T value) {
    auto it = std::lower_bound(entries_.begin(), entries_.end(), from,
                               [](const entry& e, date d) { return e.from < d; });
    if (it != entries_.end() && it->from == from) {
      it->value = std::move(value);
    } else {
      entries_.insert(it, entry{from, std::move(value)});
    }
  }

  // The entry in force on day `d`: the last one whose date is on or before `d`; nullptr before the first.
  const entry* entry_at(date d) const noexcept {
    auto it = std::upper_bound(entries_.begin(), entries_.end(), d,
                               [](date day, const entry& e) { return day < e.from; });
    if (it == entries_.begin()) return nullptr;
    return &*std::prev(it);
  }

  // The value in force on day `d`, or nullptr before the first date.
  const T* at(date d) const noexcept {
    const entry* e = entry_at(d);
    return e ? &e->value : nullptr;
  }

  std::span<const entry> entries() const noexcept { return entries_; }  // sorted by date
  bool empty() const noexcept { return entries_.empty(); }
  std::size_t size() const noexcept { return entries_.size(); }

  friend bool operator==(const dated_value&, const dated_value&) = default;

 private:
  std::vector<entry> entries_;  // sorted by `from`, dates unique
};

namespace detail {

// Reads a T from JSON with tuoyu's error reporting for the common scalar types.
template <class T>
T read_as(const boost::json::value& jv) {
  if constexpr (std::is_same_v<T, bool>) {
    return read_bool(jv);
  } else if constexpr (std::is_integral_v<T>) {
    std::int64_t n = read_integer(jv);
    if (!std::in_range<T>(n)) throw_input("tuoyu.input.105", "number out of range: " + std::to_string(n));
    return static_cast<T>(n);
  } else if constexpr (std::is_floating_point_v<T>) {
    return static_cast<T>(read_number(jv));
  } else if constexpr (std::is_same_v<T, std::string>) {
    return read_string(jv);
  } else if constexpr (std::is_same_v<T, date>) {
    return read_date(jv);
  } else {
    try {
      return boost::json::value_to<T>(jv);
    } catch (const boost::system::system_error&) {
      throw_input("tuoyu.input.103", "value of the wrong type: " + std::string(json_kind_name(jv)));
    }
  }
}

template <class T>
boost::json::value write_as(const T& value, boost::json::storage_ptr storage) {
  if constexpr (std::is_same_v<T, date>) {
    return boost::json::value(value.to_string(), std::move(storage));
  } else {
    return boost::json::value_from(value, std::move(storage));
  }
}

}  // namespace detail

// JSON: [{"from": "2022-12-31", "value": 2.8}, {"from": "2025-12-31", "value": 4.5}], written sorted.
// Reading throws input_error 103 (types), 110 (dates), 111 (missing from/value), 115 (two entries with
// the same date).
template <class T>
void tag_invoke(const boost::json::value_from_tag&, boost::json::value& jv, const dated_value<T>& values) {
  auto& out = jv.emplace_array();
  for (const auto& e : values.entries()) {
    boost::json::object item(out.storage());
    item["from"] = e.from.to_string();
    item["value"] = detail::write_as(e.value, out.storage());
    out.emplace_back(std::move(item));
  }
}

template <class T>
dated_value<T> tag_invoke(const boost::json::value_to_tag<dated_value<T>>&, const boost::json::value& jv) {
  dated_value<T> out;
  const auto& array = detail::read_array(jv);
  for (std::size_t i = 0; i < array.size(); ++i) {
    detail::at_index(i, [&] {
      detail::object_reader reader(array[i]);
      date from = reader.required("from", detail::read_date);
      T value = reader.required("value", [](const boost::json::value& v) { return detail::read_as<T>(v); });
      if (out.entry_at(from) && out.entry_at(from)->from == from) {
        detail::throw_input("tuoyu.input.115", "a value from " + from.to_string() + " is already given", "/from");
      }
      out.set(from, std::move(value));
    });
  }
  return out;
}

}  // namespace v1
}  // namespace tuoyu
