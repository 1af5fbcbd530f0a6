// A township (乡镇) of the jurisdiction. JSON: {"id": "T01", "name": "巴公镇", "population": 68000}, all
// required; population is an integer > 0 (常住人口). Unknown fields are kept in `extra`.
#pragma once

#include <tuoyu/detail/config.hpp>

#include <boost/json/object.hpp>
#include <boost/json/value.hpp>

#include <cstdint>
#include <string>

namespace tuoyu {
inline namespace v1 {

struct township {
  std::string id;  // unique among the dataset's townships
  std::string name;
  std::int64_t population = 1;  // > 0
  boost::json::object extra;

  friend bool operator==(const township&, const township&) = default;
};

TUOYU_DECL void tag_invoke(const boost::json::value_from_tag&, boost::json::value& jv, const township& t);
TUOYU_DECL township tag_invoke(const boost::json::value_to_tag<township>&, const boost::json::value& jv);

}  // namespace v1
}  // namespace tuoyu

#ifdef TUOYU_HEADER_ONLY
#include <tuoyu/impl/township.ipp>
#endif
