// Out-of-line part of <tuoyu/facility.hpp>.
#pragma once

#include <tuoyu/detail/json_read.hpp>
#include <tuoyu/facility.hpp>

namespace tuoyu {
inline namespace v1 {
namespace detail {

inline std::string read_authority(const boost::json::value& jv, const department_directory& directory,
                                  std::string& as_given) {
  std::string text = read_string(jv);
  if (const department* d = directory.resolve(text)) {
    if (text != d->id) as_given = std::move(text);  // keep a name or alias as written
    return d->id;
  }
  throw_input("tuoyu.input.109",
              "unknown authority " + json_quote(text) + " (not a department id, name or alias; see `tuoyu departments`)");
}

inline boost::json::value date_json(const date& d) { return boost::json::value(d.to_string()); }
inline boost::json::value count_json(std::int64_t n) { return boost::json::value(n); }
inline boost::json::value bool_json(bool b) { return boost::json::value(b); }

TUOYU_DECL registration read_registration(const boost::json::value& jv, const department_directory& directory) {
  object_reader reader(jv);
  registration out;
  out.authority = reader.required("authority", [&](const boost::json::value& v) {
    return read_authority(v, directory, out.authority_as_given);
  });
  out.date = reader.optional("date", out.given_null, read_date);
  out.scope_includes_childcare =
      reader.defaulted("scope_includes_childcare", false, out.given_null, out.given_default, read_bool);
  out.extra = reader.extra();
  return out;
}

TUOYU_DECL filing read_filing(const boost::json::value& jv, const department_directory& directory) {
  object_reader reader(jv);
  filing out;
  out.authority = reader.required("authority", [&](const boost::json::value& v) {
    return read_authority(v, directory, out.authority_as_given);
  });
  out.date = reader.optional("date", out.given_null, read_date);
  out.extra = reader.extra();
  return out;
}

TUOYU_DECL facility read_facility(const boost::json::value& jv, const department_directory& directory) {
  object_reader reader(jv);
  facility out;
  auto& nulls = out.given_null;
  auto& defaults = out.given_default;
  out.id = reader.required("id", read_string);
  out.name = reader.required("name", read_string);
  out.township = reader.required("township", read_string);
  out.kind = reader.required("kind", enum_from_json<facility_kind>);
  out.legal_form = reader.required("legal_form", enum_from_json<legal_form>);
  out.status = reader.required("status", enum_from_json<facility_status>);
  out.opened = reader.optional("opened", nulls, read_date);
  out.closed = reader.optional("closed", nulls, read_date);
  out.capacity = reader.required("capacity", read_count);
  out.enrolled = reader.optional("enrolled", nulls, read_count);
  out.care_modes = reader.defaulted("care_modes", std::vector<care_mode>(), nulls, defaults,
                                    [](const boost::json::value& v) {
                                      return read_vector<care_mode>(v, enum_from_json<care_mode>);
                                    });
  out.demonstration = reader.defaulted("demonstration", false, nulls, defaults, read_bool);
  out.inclusive = reader.defaulted("inclusive", false, nulls, defaults, read_bool);
  out.employees_only = reader.defaulted("employees_only", false, nulls, defaults, read_bool);
  out.free_of_charge = reader.defaulted("free_of_charge", false, nulls, defaults, read_bool);
  out.utility_pricing = reader.optional("utility_pricing", nulls, enum_from_json<utility_pricing>);
  out.enrolled_age_months = reader.optional("enrolled_age_months", nulls, [](const boost::json::value& v) {
    return boost::json::value_to<age_range>(v);
  });
  out.registration = reader.optional("registration", nulls, [&](const boost::json::value& v) {
    return read_registration(v, directory);
  });
  out.filing = reader.optional("filing", nulls, [&](const boost::json::value& v) { return read_filing(v, directory); });
  out.extra = reader.extra();
  return out;
}

}  // namespace detail

TUOYU_DECL void tag_invoke(const boost::json::value_from_tag&, boost::json::value& jv, const registration& r) {
  auto& out = jv.emplace_object();
  out["authority"] = r.authority_as_given.empty() ? r.authority : r.authority_as_given;
  detail::put_optional(out, "date", r.date, r.given_null, detail::date_json);
  detail::put_defaulted(out, "scope_includes_childcare", r.scope_includes_childcare, false, r.given_null,
                        r.given_default, detail::bool_json);
  detail::append_extra(out, r.extra);
}

TUOYU_DECL registration tag_invoke(const boost::json::value_to_tag<registration>&, const boost::json::value& jv) {
  return detail::read_registration(jv, department_directory::builtin());
}

TUOYU_DECL void tag_invoke(const boost::json::value_from_tag&, boost::json::value& jv, const filing& f) {
  auto& out = jv.emplace_object();
  out["authority"] = f.authority_as_given.empty() ? f.authority : f.authority_as_given;
  detail::put_optional(out, "date", f.date, f.given_null, detail::date_json);
  detail::append_extra(out, f.extra);
}

TUOYU_DECL filing tag_invoke(const boost::json::value_to_tag<filing>&, const boost::json::value& jv) {
  return detail::read_filing(jv, department_directory::builtin());
}

TUOYU_DECL void tag_invoke(const boost::json::value_from_tag&, boost::json::value& jv, const age_range& r) {
  auto& out = jv.emplace_object();
  detail::put_optional(out, "min", r.min, r.given_null, detail::count_json);
  detail::put_optional(out, "max", r.max, r.given_null, detail::count_json);
  detail::append_extra(out, r.extra);
}

TUOYU_DECL age_range tag_invoke(const boost::json::value_to_tag<age_range>&, const boost::json::value& jv) {
  detail::object_reader reader(jv);
  age_range out;
  out.min = reader.optional("min", out.given_null, detail::read_count);
  out.max = reader.optional("max", out.given_null, detail::read_count);
  out.extra = reader.extra();
  return out;
}

TUOYU_DECL void tag_invoke(const boost::json::value_from_tag&, boost::json::value& jv, const facility& f) {
  auto& out = jv.emplace_object();
  const auto& nulls = f.given_null;
  const auto& defaults = f.given_default;
  out["id"] = f.id;
  out["name"] = f.name;
  out["township"] = f.township;
  out["kind"] = to_string(f.kind);
  out["legal_form"] = to_string(f.legal_form);
  out["status"] = to_string(f.status);
  detail::put_optional(out, "opened", f.opened, nulls, detail::date_json);
  detail::put_optional(out, "closed", f.closed, nulls, detail::date_json);
  out["capacity"] = f.capacity;
  detail::put_optional(out, "enrolled", f.enrolled, nulls, detail::count_json);
  detail::put_defaulted(out, "care_modes", f.care_modes, std::vector<care_mode>(), nulls, defaults,
                        [](const std::vector<care_mode>& modes) {
                          boost::json::array list;
                          for (auto mode : modes) list.emplace_back(to_string(mode));
                          return boost::json::value(std::move(list));
                        });
  detail::put_defaulted(out, "demonstration", f.demonstration, false, nulls, defaults, detail::bool_json);
  detail::put_defaulted(out, "inclusive", f.inclusive, false, nulls, defaults, detail::bool_json);
  detail::put_defaulted(out, "employees_only", f.employees_only, false, nulls, defaults, detail::bool_json);
  detail::put_defaulted(out, "free_of_charge", f.free_of_charge, false, nulls, defaults, detail::bool_json);
  detail::put_optional(out, "utility_pricing", f.utility_pricing, nulls,
                       [](utility_pricing p) { return boost::json::value(to_string(p)); });
  detail::put_optional(out, "enrolled_age_months", f.enrolled_age_months, nulls,
                       [](const age_range& r) { return boost::json::value_from(r); });
  detail::put_optional(out, "registration", f.registration, nulls,
                       [](const registration& r) { return boost::json::value_from(r); });
  detail::put_optional(out, "filing", f.filing, nulls, [](const filing& x) { return boost::json::value_from(x); });
  detail::append_extra(out, f.extra);
}

TUOYU_DECL facility tag_invoke(const boost::json::value_to_tag<facility>&, const boost::json::value& jv) {
  return detail::read_facility(jv, department_directory::builtin());
}

}  // namespace v1
}  // namespace tuoyu
