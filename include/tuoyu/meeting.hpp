// A session of the joint meeting on childcare (联席会议, 附件1 三).
// JSON: {"date": "2023-06-10", "kind": "plenary"}, both required. Unknown fields are kept in `extra`.
#pragma once

#include <tuoyu/date.hpp>
#include <tuoyu/detail/config.hpp>
#include <tuoyu/enums.hpp>

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

namespace tuoyu {
inline namespace v1 {

struct meeting {
  tuoyu::date date;
  meeting_kind kind = meeting_kind::plenary;
  boost::json::object extra;

  friend bool operator==(const meeting&, const meeting&) = default;
};

TUOYU_DECL void tag_invoke(const boost::json::value_from_tag&, boost::json::value& jv, const meeting& m);
TUOYU_DECL meeting tag_invoke(const boost::json::value_to_tag<meeting>&, const boost::json::value& jv);

}  // namespace v1
}  // namespace tuoyu

#ifdef TUOYU_HEADER_ONLY
#include <tuoyu/impl/meeting.ipp>
#endif
