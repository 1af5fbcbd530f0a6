// What a facility record holds that its row of a facility_table does not, and the record made again
// from the two. A DataFrame's facilities are read into columns only (register_dataset.cpp); their
// records are made when someone asks for them (to_dict, say), and must be exactly the records the
// JSON form gives: a flag written as false, an authority written by name, come back as written.
#pragma once

#include <tuoyu/enums.hpp>
#include <tuoyu/facility.hpp>
#include <tuoyu/facility_table.hpp>

#include <array>
#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace tuoyu::python {

// One row's marks: the fields given at their default, and how each authority was spelt.
struct facility_marks {
  std::uint8_t defaults = 0;                // bits of given_defaults below
  std::uint16_t registration_spelling = 0;  // an index into facility_spellings; 0: the id itself
  std::uint16_t filing_spelling = 0;
};

// The facility fields whose default value (false, []) a record remembers having been written out.
inline constexpr std::array<std::string_view, 5> given_defaults{"care_modes", "demonstration", "employees_only",
                                                                "free_of_charge", "inclusive"};

// The authorities' spellings seen, each once; [0] is "" (the id was given).
class facility_spellings {
 public:
  // nullopt when there are too many to number (then the records are kept instead).
  std::optional<std::uint16_t> number(const std::string& spelling) {
    if (spelling.empty()) return 0;
    for (std::size_t i = 1; i < all_.size(); ++i)
      if (all_[i] == spelling) return static_cast<std::uint16_t>(i);
    if (all_.size() > UINT16_MAX) return std::nullopt;
    all_.push_back(spelling);
    return static_cast<std::uint16_t>(all_.size() - 1);
  }
  const std::string& operator[](std::uint16_t i) const { return all_[i]; }

 private:
  std::vector<std::string> all_{""};
};

// The marks of `f`, or nullopt if it holds something neither they nor the table carry (a null given
// for a known field; unknown fields the table builder refuses itself).
inline std::optional<facility_marks> marks_of(const facility& f, facility_spellings& spellings) {
  facility_marks m;
  if (!f.given_null.empty()) return std::nullopt;
  for (const auto& name : f.given_default) {
    std::size_t k = 0;
    while (k < given_defaults.size() && given_defaults[k] != name) ++k;
    if (k == given_defaults.size()) return std::nullopt;
    m.defaults = static_cast<std::uint8_t>(m.defaults | 1u << k);
  }
  if (const auto& r = f.registration) {
    // A scope written as false is in the table (false, not absent); nothing else is.
    if (!r->given_null.empty() || r->given_default.size() > r->given_default.contains("scope_includes_childcare"))
      return std::nullopt;
    auto n = spellings.number(r->authority_as_given);
    if (!n) return std::nullopt;
    m.registration_spelling = *n;
  }
  if (const auto& g = f.filing) {
    if (!g->given_null.empty() || !g->given_default.empty()) return std::nullopt;
    auto n = spellings.number(g->authority_as_given);
    if (!n) return std::nullopt;
    m.filing_spelling = *n;
  }
  if (f.enrolled_age_months && !f.enrolled_age_months->given_null.empty()) return std::nullopt;
  return m;
}

// The records of a table built from facilities and their marks, in row order.
inline std::vector<facility> records_of(const facility_table& t, const std::vector<facility_marks>& marks,
                                        const facility_spellings& spellings) {
  auto column = [&](const char* path) -> const std::vector<value>& {
    const auto* c = t.find(path);
    if (!c) throw std::logic_error(std::string("facility records: no column ") + path);
    return c->cells;
  };
  const auto &id = column("id"), &name = column("name"), &township = column("township"), &kind = column("kind"),
             &legal_form = column("legal_form"), &status = column("status"), &opened = column("opened"),
             &closed = column("closed"), &capacity = column("capacity"), &enrolled = column("enrolled"),
             &care_modes = column("care_modes"), &demonstration = column("demonstration"),
             &inclusive = column("inclusive"), &employees_only = column("employees_only"),
             &free_of_charge = column("free_of_charge"), &utility_pricing = column("utility_pricing"),
             &ages = column("enrolled_age_months"), &age_min = column("enrolled_age_months.min"),
             &age_max = column("enrolled_age_months.max"), &registration = column("registration"),
             &registration_authority = column("registration.authority"),
             &registration_date = column("registration.date"),
             &registration_scope = column("registration.scope_includes_childcare"), &filing = column("filing"),
             &filing_authority = column("filing.authority"), &filing_date = column("filing.date");
  auto text = [](const value& v) { return std::string(v.as_string()); };
  auto day = [](const value& v) { return v.is_null() ? std::optional<date>() : std::optional<date>(v.as_date()); };
  auto count = [](const value& v) { return v.is_null() ? std::optional<std::int64_t>() : std::optional(v.as_int()); };
  auto choice = [](const value& v, auto parse) { return *parse(v.as_string()); };

  std::vector<facility> out(t.size());
  for (std::size_t i = 0; i < t.size(); ++i) {
    facility& f = out[i];
    f.id = text(id[i]);
    f.name = text(name[i]);
    f.township = text(township[i]);
    f.kind = choice(kind[i], parse_facility_kind);
    f.legal_form = choice(legal_form[i], parse_legal_form);
    f.status = choice(status[i], parse_facility_status);
    f.opened = day(opened[i]);
    f.closed = day(closed[i]);
    f.capacity = capacity[i].as_int();
    f.enrolled = count(enrolled[i]);
    for (const auto& m : care_modes[i].as_list()) f.care_modes.push_back(choice(m, parse_care_mode));
    f.demonstration = demonstration[i].as_bool();
    f.inclusive = inclusive[i].as_bool();
    f.employees_only = employees_only[i].as_bool();
    f.free_of_charge = free_of_charge[i].as_bool();
    if (!utility_pricing[i].is_null()) f.utility_pricing = choice(utility_pricing[i], parse_utility_pricing);
    if (!ages[i].is_null()) f.enrolled_age_months = age_range{count(age_min[i]), count(age_max[i]), {}, {}};
    if (!registration[i].is_null()) {
      auto& r = f.registration.emplace();
      r.authority = text(registration_authority[i]);
      r.authority_as_given = spellings[marks[i].registration_spelling];
      r.date = day(registration_date[i]);
      if (const auto& scope = registration_scope[i]; !scope.is_null()) {
        r.scope_includes_childcare = scope.as_bool();
        if (!r.scope_includes_childcare) r.given_default.insert("scope_includes_childcare");
      }
    }
    if (!filing[i].is_null()) {
      auto& g = f.filing.emplace();
      g.authority = text(filing_authority[i]);
      g.authority_as_given = spellings[marks[i].filing_spelling];
      g.date = day(filing_date[i]);
    }
    for (std::size_t k = 0; k < given_defaults.size(); ++k)
      if (marks[i].defaults >> k & 1u) f.given_default.insert(given_defaults[k]);
  }
  return out;
}

}  // namespace tuoyu::python
