// A small sorted set of field names. Records read from JSON use two of them to remember how the input
// wrote fields that hold no value, so that writing a record back gives the document it came from:
// `given_null` (known optional fields written as null) and `given_default` (fields written out although
// they hold their default: a false flag, an empty list).
#pragma once

#include <algorithm>
#include <initializer_list>
#include <string>
#include <string_view>
#include <vector>

namespace tuoyu {
inline namespace v1 {

class field_set {
 public:
  field_set() = default;
  field_set(std::initializer_list<std::string_view> names) {
    for (auto name : names) insert(name);
  }

  bool contains(std::string_view name) const noexcept {
    auto it = std::lower_bound(names_.begin(), names_.end(), name, std::less<>{});
    return it != names_.end() && *it == name;
  }
  void insert(std::string_view name) {
    auto it = std::lower_bound(names_.begin(), names_.end(), name, std::less<>{});
    if (it == names_.end() || *it != name) names_.insert(it, std::string(name));
  }
  void erase(std::string_view name) {
    auto it = std::lower_bound(names_.begin(), names_.end(), name, std::less<>{});
    if (it != names_.end() && *it == name) names_.erase(it);
  }
  void clear() noexcept { names_.clear(); }
  bool empty() const noexcept { return names_.empty(); }
  std::size_t size() const noexcept { return names_.size(); }
  auto begin() const noexcept { return names_.begin(); }
  auto end() const noexcept { return names_.end(); }

  friend bool operator==(const field_set&, const field_set&) = default;

 private:
  std::vector<std::string> names_;  // sorted, unique
};

}  // namespace v1
}  // namespace tuoyu
