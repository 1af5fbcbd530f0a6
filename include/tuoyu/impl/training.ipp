// Out-of-line part of <tuoyu/training.hpp>.
#pragma once

#include <tuoyu/detail/json_read.hpp>
#include <tuoyu/training.hpp>

namespace tuoyu {
inline namespace v1 {

TUOYU_DECL void tag_invoke(const boost::json::value_from_tag&, boost::json::value& jv, const training& t) {
  auto& out = jv.emplace_object();
  out["date"] = t.date.to_string();
  detail::put_defaulted(out, "health_exam", t.health_exam, false, t.given_null, t.given_default,
                        [](bool b) { return boost::json::value(b); });
  detail::append_extra(out, t.extra);
}

TUOYU_DECL training tag_invoke(const boost::json::value_to_tag<training>&, const boost::json::value& jv) {
  detail::object_reader reader(jv);
  training out;
  out.date = reader.required("date", detail::read_date);
  out.health_exam = reader.defaulted("health_exam", false, out.given_null, out.given_default, detail::read_bool);
  out.extra = reader.extra();
  return out;
}

}  // namespace v1
}  // namespace tuoyu
