// tuoyu departments: the policy's organisation data — departments and their name variants, duties
// (附件1 五), the clauses that make them responsible, membership of the joint meeting, and the roster.
#include "commands.hpp"
#include "output.hpp"

#include <boost/json/serialize.hpp>

#include <sstream>

namespace tuoyu::cli {

namespace {

using boost::json::array;
using boost::json::object;

const array& array_at(const boost::json::value& doc, std::string_view key) {
  static const array empty;
  if (!doc.is_object()) return empty;
  auto* v = doc.as_object().if_contains(key);
  return v && v->is_array() ? v->as_array() : empty;
}

std::string text_of(const boost::json::value& v) { return v.is_string() ? std::string(v.as_string()) : std::string(); }

std::string field(const object& o, std::string_view key) {
  auto* v = o.if_contains(key);
  return v ? text_of(*v) : std::string();
}

// Everything the organisation data says about one department, gathered into one object.
object department_view(const rulebook& book, const department& d) {
  const auto& org = book.organisation();
  object out{{"id", d.id}, {"name", d.name}, {"name_en", d.name_en}};
  array aliases;
  for (const auto& a : d.aliases) aliases.emplace_back(a);
  out["aliases"] = std::move(aliases);

  bool member = false;
  if (org.is_object())
    if (auto* jm = org.as_object().if_contains("joint_meeting"); jm && jm->is_object())
      for (const auto& m : array_at(*jm, "member_units"))
        if (m.is_object() && field(m.as_object(), "department") == d.id) member = true;
  out["member_unit"] = member;

  array duties;
  for (const auto& duty : array_at(org, "duties"))
    if (duty.is_object() && field(duty.as_object(), "department") == d.id) duties.push_back(duty);
  out["duties"] = std::move(duties);

  array clauses;
  for (const auto& c : array_at(org, "clause_responsibilities")) {
    if (!c.is_object()) continue;
    for (const auto& r : array_at(c, "responsible"))
      if (text_of(r) == d.id) clauses.emplace_back(field(c.as_object(), "clause"));
  }
  out["clauses"] = std::move(clauses);

  array rules;
  for (const auto& r : book.rules())
    if (std::find(r.responsible.begin(), r.responsible.end(), d.id) != r.responsible.end()) rules.emplace_back(r.id);
  out["rules"] = std::move(rules);

  array roster;
  for (const auto& p : array_at(org, "roster"))
    if (p.is_object() && field(p.as_object(), "department") == d.id) roster.push_back(p);
  out["roster"] = std::move(roster);
  return out;
}

void print_department(std::ostringstream& out, const object& v, bool detailed) {
  out << field(v, "id") << "  " << field(v, "name");
  const auto& aliases = v.at("aliases").as_array();
  if (!aliases.empty()) {
    out << "  (";
    for (std::size_t i = 0; i < aliases.size(); ++i) out << (i ? "、" : "") << text_of(aliases[i]);
    out << ")";
  }
  out << (v.at("member_unit").as_bool() ? "  [联席会议成员单位 member unit]" : "") << "\n";
  if (!detailed) return;
  out << "  " << field(v, "name_en") << "\n";
  out << "\n  职责 duties (附件1 五):\n";
  for (const auto& duty : v.at("duties").as_array()) {
    const auto& o = duty.as_object();
    out << "    " << field(o, "number") << ' ' << field(o, "name_as_printed") << "\n";
    for (const auto& item : array_at(duty, "items")) out << "      - " << text_of(item) << "\n";
  }
  if (v.at("duties").as_array().empty()) out << "    (none in 附件1 五)\n";
  out << "\n  责任条款 clauses naming it as responsible:";
  for (const auto& c : v.at("clauses").as_array()) out << ' ' << text_of(c);
  out << "\n  规则 rules:";
  for (const auto& r : v.at("rules").as_array()) out << ' ' << text_of(r);
  out << "\n\n  联席会议名单 roster (附件2):\n";
  for (const auto& p : v.at("roster").as_array()) {
    const auto& o = p.as_object();
    out << "    " << field(o, "role") << "  " << field(o, "name") << "  " << field(o, "title_as_printed") << "\n";
  }
  if (v.at("roster").as_array().empty()) out << "    (no one listed)\n";
}

// The joint-meeting system of 附件1: convener, deputies, office, member units and working rules.
void print_joint_meeting(std::ostringstream& out, const boost::json::value& org) {
  if (!org.is_object()) return;
  auto* jm_value = org.as_object().if_contains("joint_meeting");
  if (!jm_value || !jm_value->is_object()) return;
  const auto& jm = jm_value->as_object();
  out << "\n" << field(jm, "name") << " (joint meeting)\n";
  if (auto* c = jm.if_contains("convener"); c && c->is_object())
    out << "  召集人 convener: " << field(c->as_object(), "title") << " (" << field(c->as_object(), "department") << ")\n";
  for (const auto& d : array_at(*jm_value, "deputy_conveners"))
    if (d.is_object())
      out << "  副召集人 deputy convener: " << field(d.as_object(), "title") << " (" << field(d.as_object(), "department")
          << ")\n";
  if (auto* o = jm.if_contains("office"); o && o->is_object())
    out << "  办公室 office: " << field(o->as_object(), "department") << ": " << field(o->as_object(), "duties") << "\n";
  out << "  成员单位 member units:";
  for (const auto& m : array_at(*jm_value, "member_units"))
    if (m.is_object()) out << ' ' << field(m.as_object(), "department");
  out << "\n  工作规则 rules (附件1 三):\n";
  for (const auto& r : array_at(*jm_value, "rules"))
    if (r.is_object()) out << "    - " << field(r.as_object(), "text") << "\n";
}

}  // namespace

int run_departments(const std::vector<std::string>& args) {
  arguments a(args, {"rulebook", "format", "id"}, {}, {"rulebook"});
  auto format = a.choice("format", "text", {"text", "json"});
  auto books = load_rulebooks(a);
  const rulebook& book = books.front();
  auto directory = book.organisation().is_object() ? department_directory::from_json(book.organisation())
                                                   : department_directory::builtin();
  std::vector<const department*> chosen;
  if (a.has("id")) {
    auto* d = directory.resolve(a.get("id"));
    if (!d) throw usage_error("no department \"" + a.get("id") + "\" (give an id or any of its names)", "tuoyu.usage.504");
    chosen.push_back(d);
  } else {
    for (const auto& d : directory.departments()) chosen.push_back(&d);
  }
  if (format == "json") {
    array list;
    for (auto* d : chosen) list.push_back(department_view(book, *d));
    boost::json::value doc = list;
    if (!a.has("id") && book.organisation().is_object())
      if (auto* jm = book.organisation().as_object().if_contains("joint_meeting"))
        doc = object{{"departments", std::move(list)}, {"joint_meeting", *jm},
                     {"roster", array_at(book.organisation(), "roster")}};
    emit("", boost::json::serialize(a.has("id") ? doc.as_array().at(0) : doc) + "\n");
    return 0;
  }
  std::ostringstream out;
  for (auto* d : chosen) print_department(out, department_view(book, *d), a.has("id"));
  if (!a.has("id")) print_joint_meeting(out, book.organisation());
  if (!a.has("id")) {
    out << "\n联席会议名单 roster (附件2):\n";
    for (const auto& p : array_at(book.organisation(), "roster")) {
      const auto& o = p.as_object();
      out << "  " << field(o, "role") << "  " << field(o, "name") << "  " << field(o, "title_as_printed") << "  ("
          << field(o, "department") << ")\n";
    }
  }
  emit("", out.str());
  return 0;
}

}  // namespace tuoyu::cli
