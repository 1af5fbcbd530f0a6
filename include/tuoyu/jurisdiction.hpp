// The jurisdiction (a county) a dataset describes. JSON: {"id": "zezhou", "name": "泽州县", "population": 480000},
// all required; population is an integer > 0 (常住人口). Unknown fields are kept in `extra`.
#pragma once

#include <tuoyu/detail/config.hpp>

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include <cstdint>
#include <string>

namespace tuoyu {
inline namespace v1 {

struct jurisdiction {
  std::string id;
  std::string name;
  std::int64_t population = 1;  // > 0
  boost::json::object extra;

  friend bool operator==(const jurisdiction&, const jurisdiction&) = default;
};

TUOYU_DECL void tag_invoke(const boost::json::value_from_tag&, boost::json::value& jv, const jurisdiction& t);
TUOYU_DECL jurisdiction tag_invoke(const boost::json::value_to_tag<jurisdiction>&, const boost::json::value& jv);

}  // namespace v1
}  // namespace tuoyu

#ifdef TUOYU_HEADER_ONLY
#include <tuoyu/impl/jurisdiction.ipp>
#endif
