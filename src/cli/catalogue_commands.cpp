// tuoyu rules (the catalogue and the clause table) and tuoyu lint.
#include "commands.hpp"
#include "output.hpp"
#include "render.hpp"

#include <boost/json/serialize.hpp>

#include <sstream>

namespace tuoyu::cli {

namespace {

boost::json::array string_array(const std::vector<std::string>& v) {
  boost::json::array out;
  for (const auto& s : v) out.emplace_back(s);
  return out;
}

boost::json::object rule_json(const rule& r) {
  boost::json::object o{{"id", r.id},
                        {"subject", to_string(r.subject)},
                        {"severity", to_string(r.severity)},
                        {"clause", r.clause},
                        {"clause_text", r.clause_text},
                        {"responsible", string_array(r.responsible)},
                        {"when", r.when ? std::string(r.when->source()) : std::string()},
                        {"require", std::string(r.require->source())},
                        {"parameters", string_array(r.parameters)}};
  if (!r.action.empty()) o["action"] = r.action;
  if (r.in_force.from) o["in_force_from"] = r.in_force.from->to_string();
  if (r.in_force.until) o["in_force_until"] = r.in_force.until->to_string();
  return o;
}

boost::json::object clause_json(const clause& c) {
  boost::json::object o{{"ref", c.ref}, {"text", c.text}};
  if (!c.rules.empty()) o["rules"] = string_array(c.rules);
  if (!c.organisation.empty()) o["organisation"] = string_array(c.organisation);
  if (!c.unchecked.empty()) o["unchecked"] = c.unchecked;
  return o;
}

std::string join(const std::vector<std::string>& v, const char* sep) {
  std::string out;
  for (const auto& s : v) out += (out.empty() ? "" : sep) + s;
  return out;
}

}  // namespace

// What became of a clause, in one line: its rules, its organisation data, or why it is not checked.
std::string clause_outcome(const clause& c) {
  if (!c.rules.empty()) return "rules: " + join(c.rules, ", ");
  if (!c.organisation.empty()) return "organisation data: " + join(c.organisation, ", ");
  return "not checked: " + c.unchecked;
}

int run_rules(const std::vector<std::string>& args) {
  arguments a(args, {"rulebook", "format"}, {"clauses"}, {"rulebook"});
  auto format = a.choice("format", "text", {"text", "json"});
  auto books = load_rulebooks(a);
  bool clauses = a.has("clauses");
  if (format == "json") {
    boost::json::array out;
    for (const auto& b : books) {
      if (clauses)
        for (const auto& c : b.clauses()) out.push_back(clause_json(c));
      else
        for (const auto& r : b.rules()) {
          auto o = rule_json(r);
          o["rulebook"] = b.id();
          out.push_back(std::move(o));
        }
    }
    emit("", boost::json::serialize(out) + "\n");
    return 0;
  }
  std::ostringstream out;
  for (const auto& b : books) {
    out << b.id() << ' ' << b.version() << "  " << b.source().number << "  " << b.title().zh << "\n\n";
    if (clauses) {
      for (const auto& c : b.clauses()) out << c.ref << "\n    " << clause_outcome(c) << "\n";
      continue;
    }
    for (const auto& r : b.rules())
      out << r.id << "  [" << to_string(r.severity) << "]  " << to_string(r.subject) << "  " << r.clause << "  "
          << join(r.responsible, ",") << "\n";
  }
  emit("", out.str());
  return 0;
}

int run_lint(const std::vector<std::string>& args) {
  arguments a(args, {"rulebook", "format", "as-of", "lang"}, {}, {"rulebook"});
  auto format = a.choice("format", "text", {"text", "json"});
  auto lang = a.choice("lang", "zh", {"zh", "en"});
  auto books = load_rulebooks(a);
  auto as_of = as_of_argument(a);
  report merged = lint(books.front(), as_of);
  for (std::size_t i = 1; i < books.size(); ++i) {
    auto more = lint(books[i], as_of);
    std::move(more.findings.begin(), more.findings.end(), std::back_inserter(merged.findings));
  }
  std::stable_sort(merged.findings.begin(), merged.findings.end(), finding_order);
  if (format == "json") {
    boost::json::object doc{{"rulebook", boost::json::object{{"id", merged.rulebook_id}, {"version", merged.rulebook_version}}},
                            {"summary", boost::json::object{{"error", merged.count(severity::error)},
                                                            {"warning", merged.count(severity::warning)},
                                                            {"info", merged.count(severity::info)}}}};
    boost::json::array findings;
    for (const auto& f : merged.findings) findings.push_back(to_json(f));
    doc["findings"] = std::move(findings);
    emit("", boost::json::serialize(doc) + "\n");
  } else {
    const auto& w = words_for(lang);
    std::ostringstream out;
    out << "lint " << merged.rulebook_id << ' ' << merged.rulebook_version << ": " << merged.count(severity::error)
        << ' ' << w.error << ", " << merged.count(severity::warning) << ' ' << w.warning << ", "
        << merged.count(severity::info) << ' ' << w.info << "\n";
    for (const auto& f : merged.findings)
      out << "  [" << severity_word(f.severity, w) << "] " << f.rule << "  " << f.clause << "  " << f.subject.id
          << "\n      " << f.message.in(lang) << "\n";
    emit("", out.str());
  }
  // Info and warning findings describe the source document's own gaps; only errors fail the command.
  return merged.count(severity::error) > 0 ? 1 : 0;
}

}  // namespace tuoyu::cli
