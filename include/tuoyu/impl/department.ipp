// Out-of-line part of <tuoyu/department.hpp>.
#pragma once

#include <tuoyu/department.hpp>
#include <tuoyu/detail/builtin_data.hpp>
#include <tuoyu/detail/id_index.hpp>
#include <tuoyu/detail/json_read.hpp>
#include <tuoyu/input.hpp>

#include <memory>
#include <stdexcept>
#include <utility>

namespace tuoyu {
inline namespace v1 {

TUOYU_DECL department_directory::department_directory(std::vector<department> departments, std::string jurisdiction,
                                                      std::string id)
    : id_(std::move(id)), jurisdiction_(std::move(jurisdiction)), departments_(std::move(departments)) {
  build_index();
}

struct department_directory::name_table {
  explicit name_table(std::vector<name_entry> e) : entries(std::move(e)), index(entries) {}
  std::vector<name_entry> entries;
  detail::id_index<name_entry> index;  // over `entries`, so declared after it
};

TUOYU_DECL void department_directory::build_index() {
  // Ids first, so a clash between an id and another department's alias is reported at the alias.
  std::vector<name_entry> entries;
  std::vector<std::string> pointers;
  for (std::size_t i = 0; i < departments_.size(); ++i) {
    entries.push_back({departments_[i].id, i});
    pointers.push_back("/departments/" + std::to_string(i) + "/id");
  }
  const std::size_t ids = entries.size();
  for (std::size_t i = 0; i < departments_.size(); ++i) {
    const auto& d = departments_[i];
    const std::string at = "/departments/" + std::to_string(i);
    entries.push_back({d.name, i});
    pointers.push_back(at + "/name");
    for (std::size_t k = 0; k < d.aliases.size(); ++k) {
      entries.push_back({d.aliases[k], i});
      pointers.push_back(at + "/aliases/" + std::to_string(k));
    }
  }
  auto table = std::make_shared<name_table>(std::move(entries));
  for (std::size_t k = 0; k < table->entries.size(); ++k) {
    const name_entry& e = table->entries[k];
    if (e.id.empty()) detail::throw_input("tuoyu.input.111", "empty department id or name", pointers[k]);
    const std::size_t first = table->index.insert(k);
    if (first == table->index.npos) continue;
    if (k < ids)
      detail::throw_input("tuoyu.input.107", "duplicate department id " + detail::json_quote(e.id), pointers[k]);
    const std::size_t earlier = table->entries[first].department;
    if (earlier != e.department) {  // a department may repeat its own name as an alias
      detail::throw_input("tuoyu.input.107",
                          "duplicate department name or id " + detail::json_quote(e.id) + " (also /departments/" +
                              std::to_string(earlier) + ")",
                          pointers[k]);
    }
  }
  names_ = std::move(table);
}

TUOYU_DECL const department_directory::name_entry* department_directory::lookup(std::string_view name) const noexcept {
  if (!names_) return nullptr;
  const std::size_t k = names_->index.find(name);
  return k == names_->index.npos ? nullptr : &names_->entries[k];
}

TUOYU_DECL const department* department_directory::find(std::string_view id) const noexcept {
  const name_entry* e = lookup(id);
  if (!e || departments_[e->department].id != id) return nullptr;
  return &departments_[e->department];
}

TUOYU_DECL const department* department_directory::resolve(std::string_view name_or_id) const noexcept {
  if (const name_entry* e = lookup(name_or_id)) return &departments_[e->department];
  // "泽州县卫生健康和体育局" → "县卫生健康和体育局"
  constexpr std::string_view county = "县";
  std::string_view full = jurisdiction_;
  if (full.size() > county.size() && full.ends_with(county) && name_or_id.size() > full.size() &&
      name_or_id.starts_with(full)) {
    std::string shortened(county);
    shortened += name_or_id.substr(full.size());
    if (const name_entry* e = lookup(shortened)) return &departments_[e->department];
  }
  return nullptr;
}

TUOYU_DECL department_directory department_directory::from_json(const boost::json::value& organisation) {
  detail::object_reader reader(organisation);
  department_directory out;
  if (const auto* id = reader.find("id"); id && !id->is_null()) {
    out.id_ = detail::at_key("id", [&] { return detail::read_string(*id); });
  }
  if (const auto* name = reader.find("jurisdiction"); name && !name->is_null()) {
    out.jurisdiction_ = detail::at_key("jurisdiction", [&] { return detail::read_string(*name); });
  }
  out.departments_ = reader.required("departments", [](const boost::json::value& jv) {
    return detail::read_vector<department>(jv, [](const boost::json::value& d) {
      return boost::json::value_to<department>(d);
    });
  });
  out.extra_ = reader.extra();
  out.build_index();
  return out;
}

TUOYU_DECL const department_directory& department_directory::builtin() {
  static const department_directory directory = [] {
    for (const auto& file : detail::builtin_files) {
      if (file.name == "zezhou-2022.organisation.json") {
        try {
          return from_json(parse_json(file.text, file.name));
        } catch (error& e) {
          e.set_file(std::string(file.name));
          throw;
        }
      }
    }
    throw std::logic_error("tuoyu: the built-in organisation data is missing from this build");
  }();
  return directory;
}

TUOYU_DECL void tag_invoke(const boost::json::value_from_tag&, boost::json::value& jv, const department& d) {
  auto& out = jv.emplace_object();
  out["id"] = d.id;
  out["name"] = d.name;
  out["aliases"] = boost::json::array(d.aliases.begin(), d.aliases.end());
  out["name_en"] = d.name_en;
  detail::append_extra(out, d.extra);
}

TUOYU_DECL department tag_invoke(const boost::json::value_to_tag<department>&, const boost::json::value& jv) {
  detail::object_reader reader(jv);
  department out;
  out.id = reader.required("id", detail::read_string);
  out.name = reader.required("name", detail::read_string);
  field_set ignored;
  out.name_en = reader.optional("name_en", ignored, detail::read_string).value_or(std::string());
  out.aliases = reader.optional("aliases", ignored, [](const boost::json::value& list) {
                      return detail::read_vector<std::string>(list, detail::read_string);
                    }).value_or(std::vector<std::string>());
  out.extra = reader.extra();
  return out;
}

TUOYU_DECL void tag_invoke(const boost::json::value_from_tag&, boost::json::value& jv,
                           const department_directory& directory) {
  auto& out = jv.emplace_object();
  if (!directory.id().empty()) out["id"] = directory.id();
  if (!directory.jurisdiction().empty()) out["jurisdiction"] = directory.jurisdiction();
  auto& list = out["departments"].emplace_array();
  for (const auto& d : directory.departments()) list.push_back(boost::json::value_from(d, list.storage()));
  detail::append_extra(out, directory.extra());
}

TUOYU_DECL department_directory tag_invoke(const boost::json::value_to_tag<department_directory>&,
                                           const boost::json::value& jv) {
  return department_directory::from_json(jv);
}

}  // namespace v1
}  // namespace tuoyu
