// A childcare facility (托育机构, 幼儿园托班, ...) as a dataset describes it (contract section 2), with its
// registration (登记) and filing (备案).
//
// Round trip: every record keeps the fields it does not know in `extra`, verbatim, and remembers in
// `given_null` / `given_default` (see field_set.hpp) which absent or default-valued fields the input wrote
// out, so that reading a dataset and writing it back loses nothing.
#pragma once

#include <tuoyu/date.hpp>
#include <tuoyu/department.hpp>
#include <tuoyu/detail/config.hpp>
#include <tuoyu/enums.hpp>
#include <tuoyu/field_set.hpp>

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace tuoyu {
inline namespace v1 {

// 登记: by the administrative-approval bureau (enterprises, social organisations) or the staffing office
// (public institutions). JSON: {"authority": "admin_approval", "date": "2021-06-01",
// "scope_includes_childcare": true}; only "authority" is required.
struct registration {
  std::string authority;           // resolved department id, e.g. "admin_approval"
  std::string authority_as_given;  // the input's spelling when it was a name or alias, not the id (e.g.
                                   // "县行政审批服务管理局"); written back instead of `authority` when not
                                   // empty, so clear it when you change `authority`
  std::optional<tuoyu::date> date;
  bool scope_includes_childcare = false;  // 经营范围 / 业务范围 includes childcare
  boost::json::object extra;
  field_set given_null;
  field_set given_default;

  friend bool operator==(const registration&, const registration&) = default;
};

// 备案 with the health bureau. JSON: {"authority": "health", "date": "2021-07-01"}; "authority" required.
struct filing {
  std::string authority;           // resolved department id
  std::string authority_as_given;  // as in registration
  std::optional<tuoyu::date> date;
  boost::json::object extra;
  field_set given_null;
  field_set given_default;

  friend bool operator==(const filing&, const filing&) = default;
};

// Youngest and oldest enrolled child, in months. JSON: {"min": 24, "max": 36}; both optional.
struct age_range {
  std::optional<std::int64_t> min;
  std::optional<std::int64_t> max;
  boost::json::object extra;
  field_set given_null;

  friend bool operator==(const age_range&, const age_range&) = default;
};

// Required in JSON: id, name, township, kind, legal_form, status, capacity. Everything else is optional.
struct facility {
  std::string id;        // unique among the dataset's facilities
  std::string name;
  std::string township;  // a township id of the dataset
  facility_kind kind = facility_kind::nursery;
  tuoyu::legal_form legal_form = tuoyu::legal_form::enterprise;
  facility_status status = facility_status::operating;
  std::optional<tuoyu::date> opened;
  std::optional<tuoyu::date> closed;
  std::int64_t capacity = 0;  // 托位, >= 0
  std::optional<std::int64_t> enrolled;  // >= 0
  std::vector<care_mode> care_modes;
  bool demonstration = false;   // 示范性
  bool inclusive = false;       // 普惠性
  bool employees_only = false;  // an employer's facility serving only its own staff
  bool free_of_charge = false;  // free welfare service (福利性)
  std::optional<tuoyu::utility_pricing> utility_pricing;
  std::optional<age_range> enrolled_age_months;
  std::optional<tuoyu::registration> registration;
  std::optional<tuoyu::filing> filing;
  boost::json::object extra;  // unknown fields, verbatim
  field_set given_null;       // known fields the input gave as null
  field_set given_default;    // flags given as false, care_modes given as []

  friend bool operator==(const facility&, const facility&) = default;
};

// Boost.JSON conversions. value_to resolves authorities with department_directory::builtin(); use
// dataset_from_json for another directory. Errors are tuoyu::input_error with a JSON pointer relative to
// the value converted (e.g. "/legal_form"); see docs/errors.md.
TUOYU_DECL void tag_invoke(const boost::json::value_from_tag&, boost::json::value& jv, const registration& r);
TUOYU_DECL registration tag_invoke(const boost::json::value_to_tag<registration>&, const boost::json::value& jv);
TUOYU_DECL void tag_invoke(const boost::json::value_from_tag&, boost::json::value& jv, const filing& f);
TUOYU_DECL filing tag_invoke(const boost::json::value_to_tag<filing>&, const boost::json::value& jv);
TUOYU_DECL void tag_invoke(const boost::json::value_from_tag&, boost::json::value& jv, const age_range& r);
TUOYU_DECL age_range tag_invoke(const boost::json::value_to_tag<age_range>&, const boost::json::value& jv);
TUOYU_DECL void tag_invoke(const boost::json::value_from_tag&, boost::json::value& jv, const facility& f);
TUOYU_DECL facility tag_invoke(const boost::json::value_to_tag<facility>&, const boost::json::value& jv);

namespace detail {
TUOYU_DECL registration read_registration(const boost::json::value& jv, const department_directory& directory);
TUOYU_DECL filing read_filing(const boost::json::value& jv, const department_directory& directory);
TUOYU_DECL facility read_facility(const boost::json::value& jv, const department_directory& directory);
}  // namespace detail

}  // namespace v1
}  // namespace tuoyu

#ifdef TUOYU_HEADER_ONLY
#include <tuoyu/impl/facility.ipp>
#endif
