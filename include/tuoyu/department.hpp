// Departments named by the policy (contract section 4) and the directory that resolves the ways a
// dataset may name one: its id, its canonical Chinese name, or any alias.
#pragma once

#include <tuoyu/detail/config.hpp>

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include <cstddef>
#include <functional>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace tuoyu {
inline namespace v1 {

struct department {
  std::string id;                    // e.g. "health"
  std::string name;                  // canonical Chinese name, e.g. "县卫生健康和体育局"
  std::string name_en;               // e.g. "County Health and Sports Bureau"
  std::vector<std::string> aliases;  // other names seen in the policy text, e.g. "县卫健体局"
  boost::json::object extra;         // any other fields of the department's JSON object, verbatim

  friend bool operator==(const department&, const department&) = default;
};

// The departments of one organisation (a county government and its bureaus), immutable once built.
//
// resolve() accepts, exactly (no trimming, case-sensitive):
//   - a department id ("health"),
//   - its canonical name ("县卫生健康和体育局") or any alias ("县卫健体局"),
//   - a name or alias whose leading "县" is written as the full jurisdiction name: with jurisdiction
//     "泽州县", "泽州县卫生健康和体育局" resolves like "县卫生健康和体育局". This applies only when the
//     jurisdiction's name ends in 县.
class department_directory {
 public:
  department_directory() = default;

  // Throws input_error tuoyu.input.107 (pointer /departments/i/...) when two departments share an id, or
  // one name or alias would name two departments; tuoyu.input.111 when an id or name is empty.
  explicit department_directory(std::vector<department> departments, std::string jurisdiction = {},
                                std::string id = {});

  // From organisation data of the shape of rules/zezhou-2022.organisation.json:
  // {"id": …, "jurisdiction": "泽州县", "departments": [{"id", "name", "name_en", "aliases"}, …], …}.
  // Only "departments" is required; other top-level keys are kept in extra().
  static department_directory from_json(const boost::json::value& organisation);

  // The built-in organisation data (rules/zezhou-2022.organisation.json, embedded at build time), parsed
  // once on first use. Thread-safe.
  static const department_directory& builtin();

  // The department named by an id, a name or an alias (see above), or nullptr.
  const department* resolve(std::string_view name_or_id) const noexcept;
  // The department with this id, or nullptr.
  const department* find(std::string_view id) const noexcept;

  std::span<const department> departments() const noexcept { return departments_; }
  const std::string& id() const noexcept { return id_; }
  const std::string& jurisdiction() const noexcept { return jurisdiction_; }
  const boost::json::object& extra() const noexcept { return extra_; }

  friend bool operator==(const department_directory& a, const department_directory& b) {
    return a.id_ == b.id_ && a.jurisdiction_ == b.jurisdiction_ && a.departments_ == b.departments_ &&
           a.extra_ == b.extra_;
  }

 private:
  void build_index();

  std::string id_;
  std::string jurisdiction_;
  std::vector<department> departments_;
  // Ids, names and aliases → department index, on the flat index of dataset ids (detail::id_index):
  // every facility record resolves two authorities, and this takes half the time of a std::map
  // lookup. Built once, immutable, shared by copies of the directory.
  struct name_entry {
    std::string id;  // an id, a name or an alias (id_index looks records up by `id`)
    std::size_t department = 0;
  };
  struct name_table;
  const name_entry* lookup(std::string_view name) const noexcept;
  std::shared_ptr<const name_table> names_;
  boost::json::object extra_;
};

// Boost.JSON conversions (errors: tuoyu::input_error with a relative JSON pointer).
TUOYU_DECL void tag_invoke(const boost::json::value_from_tag&, boost::json::value& jv, const department& d);
TUOYU_DECL department tag_invoke(const boost::json::value_to_tag<department>&, const boost::json::value& jv);
TUOYU_DECL void tag_invoke(const boost::json::value_from_tag&, boost::json::value& jv,
                           const department_directory& directory);
TUOYU_DECL department_directory tag_invoke(const boost::json::value_to_tag<department_directory>&,
                                           const boost::json::value& jv);

}  // namespace v1
}  // namespace tuoyu

#ifdef TUOYU_HEADER_ONLY
#include <tuoyu/impl/department.ipp>
#endif
