// DataFrame columns as the core reads them, and a facilities row read straight into a tuoyu::facility.
//
// The direct reader takes a row only when every cell is plainly valid (a known enum spelling, a real
// date, a whole number >= 0, a known authority, ...) and gives it exactly the facility that the row's
// JSON record would give through detail::read_facility. Any other row, and any table with a column it
// does not know, goes through the JSON record, so that errors come from the one validator
// (docs/decisions/0020).
#pragma once

#include "convert.hpp"

#include <tuoyu/department.hpp>
#include <tuoyu/enums.hpp>
#include <tuoyu/facility.hpp>

#include <pybind11/pybind11.h>

#include <array>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <limits>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace tuoyu::python {

namespace py = pybind11;

// One column, read through the buffer protocol (not numpy's C structures, whose layout changed in numpy
// 2). The Python layer hands over float64, int64, uint64, bool or object arrays, and datetime64[ns] as
// an int64 view with kind 'M'.
struct column_reader {
  std::string name;
  std::vector<std::string> path;
  py::buffer_info buffer;
  char kind = 'O';
  bool integer_field = false;

  const char* at(py::ssize_t row) const { return static_cast<const char*>(buffer.ptr) + row * buffer.strides[0]; }
};

inline constexpr std::int64_t nanoseconds_per_day = 86'400'000'000'000;

// A cell as the direct reader sees it. `other`: anything it leaves to the JSON record.
struct frame_cell {
  enum kind_t : std::uint8_t { missing, text, integer, real, boolean, day, other } kind = missing;
  std::string_view string;
  std::int64_t number = 0;
  double fraction = 0;
  bool flag = false;
  std::int32_t days = 0;
};

inline frame_cell not_plain() {
  frame_cell c;
  c.kind = frame_cell::other;
  return c;
}

inline frame_cell classify_cell(const column_reader& c, py::ssize_t row) {
  const char* base = c.at(row);
  frame_cell out;
  switch (c.kind) {
    case 'f':
      std::memcpy(&out.fraction, base, sizeof out.fraction);
      out.kind = std::isnan(out.fraction) ? frame_cell::missing : frame_cell::real;
      return out;
    case 'i':
      std::memcpy(&out.number, base, sizeof out.number);
      out.kind = frame_cell::integer;
      return out;
    case 'b':
      out.flag = *reinterpret_cast<const bool*>(base);
      out.kind = frame_cell::boolean;
      return out;
    case 'M': {
      std::int64_t ns;
      std::memcpy(&ns, base, sizeof ns);
      if (ns == std::numeric_limits<std::int64_t>::min()) return out;  // NaT
      if (ns % nanoseconds_per_day != 0) return not_plain();  // a time of day: the record reports it
      out.days = static_cast<std::int32_t>(ns / nanoseconds_per_day);
      out.kind = frame_cell::day;
      return out;
    }
    case 'O': {
      PyObject* obj = *reinterpret_cast<PyObject* const*>(base);
      if (PyUnicode_Check(obj)) {
        Py_ssize_t size = 0;
        const char* data = PyUnicode_AsUTF8AndSize(obj, &size);
        if (!data) {
          PyErr_Clear();
          return not_plain();
        }
        out.string = std::string_view(data, static_cast<std::size_t>(size));
        out.kind = frame_cell::text;
        return out;
      }
      if (PyBool_Check(obj)) {
        out.flag = obj == Py_True;
        out.kind = frame_cell::boolean;
        return out;
      }
      if (PyLong_CheckExact(obj)) {
        int overflow = 0;
        out.number = PyLong_AsLongLongAndOverflow(obj, &overflow);
        out.kind = overflow ? frame_cell::other : frame_cell::integer;
        return out;
      }
      if (PyFloat_CheckExact(obj)) {
        out.fraction = PyFloat_AS_DOUBLE(obj);
        out.kind = std::isnan(out.fraction) ? frame_cell::missing : frame_cell::real;
        return out;
      }
      if (is_missing(obj)) return out;
      return not_plain();
    }
    default: return not_plain();
  }
}

// Reads facilities rows straight into records; see the top of this file.
class direct_facility_reader {
 public:
  explicit direct_facility_reader(const std::vector<column_reader>& columns) {
    for (const auto& c : columns) {
      std::size_t i = 0;
      while (i < names.size() && names[i] != c.name) ++i;
      if (i == names.size()) return;  // a column it does not read: every row goes through its record
      slots_[i] = &c;
    }
    usable_ = true;
  }

  bool usable() const noexcept { return usable_; }

  // True when row `row` was read into `out` (a default facility on entry).
  bool read(py::ssize_t row, facility& out, const department_directory& directory) const {
    // Each cell classified once: the presence tests below look at some cells before they are read.
    std::array<frame_cell, field_count> cells{};
    for (std::size_t f = 0; f < field_count; ++f)
      if (slots_[f]) cells[f] = classify_cell(*slots_[f], row);
    auto cell = [&](field f) -> const frame_cell& { return cells[f]; };
    auto text = [&](field f, std::string& into) {
      auto c = cell(f);
      if (c.kind != frame_cell::text) return false;
      into.assign(c.string);
      return true;
    };
    auto choice = [&](field f, auto& into, auto parse) {
      auto c = cell(f);
      if (c.kind != frame_cell::text) return false;
      auto e = parse(c.string);
      if (!e) return false;
      into = *e;
      return true;
    };
    // Each reader below returns false when the cell is not plainly valid; an optional field's missing
    // cell is plainly valid and leaves the field absent.
    auto count = [&](field f, std::optional<std::int64_t>& into) {
      auto c = cell(f);
      if (c.kind == frame_cell::missing) return true;
      if (c.kind == frame_cell::real && std::isfinite(c.fraction) && c.fraction == std::trunc(c.fraction) &&
          std::fabs(c.fraction) < 9.0e15) {
        c.kind = frame_cell::integer;
        c.number = static_cast<std::int64_t>(c.fraction);
      }
      if (c.kind != frame_cell::integer || c.number < 0) return false;
      into = c.number;
      return true;
    };
    auto day = [&](field f, std::optional<date>& into) {
      auto c = cell(f);
      if (c.kind == frame_cell::missing) return true;
      if (c.kind == frame_cell::day) into = date::from_days(c.days);
      else if (c.kind == frame_cell::text) into = date::try_parse(c.string);
      return into.has_value();
    };
    auto flag = [&](field f, const char* key, bool& into, field_set& given_default) {
      auto c = cell(f);
      if (c.kind == frame_cell::missing) return true;
      if (c.kind != frame_cell::boolean) return false;
      into = c.flag;
      if (!c.flag) given_default.insert(key);
      return true;
    };
    auto authority = [&](field f, std::string& id, std::string& as_given) {
      auto c = cell(f);
      if (c.kind != frame_cell::text) return false;
      const department* d = directory.resolve(c.string);
      if (!d) return false;
      id = d->id;
      if (c.string != d->id) as_given.assign(c.string);
      return true;
    };
    auto present = [&](std::initializer_list<field> fs) {
      for (auto f : fs)
        if (cell(f).kind != frame_cell::missing) return true;
      return false;
    };

    std::optional<std::int64_t> capacity;
    if (!text(col_id, out.id) || !text(col_name, out.name) || !text(col_township, out.township) ||
        !choice(col_kind, out.kind, parse_facility_kind) || !choice(col_legal_form, out.legal_form, parse_legal_form) ||
        !choice(col_status, out.status, parse_facility_status) || !day(col_opened, out.opened) || !day(col_closed, out.closed) ||
        !count(col_capacity, capacity) || !capacity || !count(col_enrolled, out.enrolled))
      return false;
    out.capacity = *capacity;
    auto& defaults = out.given_default;
    if (!flag(col_demonstration, "demonstration", out.demonstration, defaults) ||
        !flag(col_inclusive, "inclusive", out.inclusive, defaults) ||
        !flag(col_employees_only, "employees_only", out.employees_only, defaults) ||
        !flag(col_free_of_charge, "free_of_charge", out.free_of_charge, defaults))
      return false;
    if (cell(col_utility_pricing).kind != frame_cell::missing) {
      tuoyu::utility_pricing p{};
      if (!choice(col_utility_pricing, p, parse_utility_pricing)) return false;
      out.utility_pricing = p;
    }
    if (present({col_age_min, col_age_max})) {
      age_range& r = out.enrolled_age_months.emplace();
      if (!count(col_age_min, r.min) || !count(col_age_max, r.max)) return false;
    }
    if (present({col_registration_authority, col_registration_date, col_registration_scope})) {
      registration& r = out.registration.emplace();
      if (!authority(col_registration_authority, r.authority, r.authority_as_given) || !day(col_registration_date, r.date) ||
          !flag(col_registration_scope, "scope_includes_childcare", r.scope_includes_childcare, r.given_default))
        return false;
    }
    if (present({col_filing_authority, col_filing_date})) {
      filing& f = out.filing.emplace();
      if (!authority(col_filing_authority, f.authority, f.authority_as_given) || !day(col_filing_date, f.date)) return false;
    }
    return true;
  }

 private:
  enum field : std::uint8_t {
    col_id, col_name, col_township, col_kind, col_legal_form, col_status, col_opened, col_closed, col_capacity,
    col_enrolled, col_demonstration, col_inclusive, col_employees_only, col_free_of_charge, col_utility_pricing,
    col_age_min, col_age_max, col_registration_authority, col_registration_date, col_registration_scope,
    col_filing_authority, col_filing_date, field_count
  };
  // The column names, in the order of `field`.
  static constexpr std::array<std::string_view, field_count> names{
      "id", "name", "township", "kind", "legal_form", "status", "opened", "closed", "capacity", "enrolled",
      "demonstration", "inclusive", "employees_only", "free_of_charge", "utility_pricing",
      "enrolled_age_months.min", "enrolled_age_months.max", "registration.authority", "registration.date",
      "registration.scope_includes_childcare", "filing.authority", "filing.date"};

  std::array<const column_reader*, field_count> slots_{};
  bool usable_ = false;
};

}  // namespace tuoyu::python
