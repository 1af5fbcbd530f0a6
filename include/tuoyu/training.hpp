// A staff training on health knowledge held by the health bureau (三（三）).
// JSON: {"date": "2023-04-12", "health_exam": true}; "date" is required, "health_exam" defaults to false.
// Unknown fields are kept in `extra`.
#pragma once

#include <tuoyu/date.hpp>
#include <tuoyu/detail/config.hpp>
#include <tuoyu/field_set.hpp>

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

namespace tuoyu {
inline namespace v1 {

struct training {
  tuoyu::date date;
  bool health_exam = false;  // included a health examination of the staff
  boost::json::object extra;
  field_set given_null;     // see field_set.hpp
  field_set given_default;

  friend bool operator==(const training&, const training&) = default;
};

TUOYU_DECL void tag_invoke(const boost::json::value_from_tag&, boost::json::value& jv, const training& t);
TUOYU_DECL training tag_invoke(const boost::json::value_to_tag<training>&, const boost::json::value& jv);

}  // namespace v1
}  // namespace tuoyu

#ifdef TUOYU_HEADER_ONLY
#include <tuoyu/impl/training.ipp>
#endif
