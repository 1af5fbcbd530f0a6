// Out-of-line part of <tuoyu/township.hpp>.
#pragma once

#include <tuoyu/detail/json_read.hpp>
#include <tuoyu/township.hpp>

namespace tuoyu {
inline namespace v1 {

TUOYU_DECL void tag_invoke(const boost::json::value_from_tag&, boost::json::value& jv, const township& t) {
  auto& out = jv.emplace_object();
  out["id"] = t.id;
  out["name"] = t.name;
  out["population"] = t.population;
  detail::append_extra(out, t.extra);
}

TUOYU_DECL township tag_invoke(const boost::json::value_to_tag<township>&, const boost::json::value& jv) {
  detail::object_reader reader(jv);
  township out;
  out.id = reader.required("id", detail::read_string);
  out.name = reader.required("name", detail::read_string);
  out.population = reader.required("population", detail::read_population);
  out.extra = reader.extra();
  return out;
}

}  // namespace v1
}  // namespace tuoyu
