// Out-of-line part of <tuoyu/meeting.hpp>.
#pragma once

#include <tuoyu/detail/json_read.hpp>
#include <tuoyu/meeting.hpp>

namespace tuoyu {
inline namespace v1 {

TUOYU_DECL void tag_invoke(const boost::json::value_from_tag&, boost::json::value& jv, const meeting& m) {
  auto& out = jv.emplace_object();
  out["date"] = m.date.to_string();
  out["kind"] = to_string(m.kind);
  detail::append_extra(out, m.extra);
}

TUOYU_DECL meeting tag_invoke(const boost::json::value_to_tag<meeting>&, const boost::json::value& jv) {
  detail::object_reader reader(jv);
  meeting out;
  out.date = reader.required("date", detail::read_date);
  out.kind = reader.required("kind", detail::enum_from_json<meeting_kind>);
  out.extra = reader.extra();
  return out;
}

}  // namespace v1
}  // namespace tuoyu
