// Out-of-line part of rulebook.hpp: reading, checking and compiling a rulebook document.
#pragma once

#include <tuoyu/department.hpp>
#include <tuoyu/detail/builtin_data.hpp>
#include <tuoyu/detail/dataset_values.hpp>
#include <tuoyu/detail/json_reader.hpp>
#include <tuoyu/rulebook.hpp>

#include <boost/json/parse.hpp>

#include <algorithm>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

namespace tuoyu {
inline namespace v1 {
namespace detail {

struct rulebook_body {
  std::string id;
  std::string version;
  localized_text title;
  source_document source;
  period in_force;
  std::vector<rule> rules;
  std::vector<parameter> parameters;
  std::vector<clause> clauses;
  std::vector<global_definition> globals;
  boost::json::value organisation;
  std::map<subject_kind, environment> environments;
};

using rb_reader = json_reader<rulebook_error>;
inline constexpr const char* rb_shape = "tuoyu.rulebook.202";

inline date read_date(const rb_reader& r) {
  auto text = r.string();
  auto d = date::try_parse(text);
  if (!d) r.fail("tuoyu.rulebook.209", "invalid date \"" + text + "\" (expected a real day as YYYY-MM-DD)");
  return *d;
}

inline period read_period(const rb_reader& parent, std::string_view key) {
  period p;
  if (!parent.has(key)) return p;
  auto r = parent.at(key);
  if (r.has("from")) p.from = read_date(r.at("from"));
  if (r.has("until")) p.until = read_date(r.at("until"));
  return p;
}

inline localized_text read_localized(const rb_reader& parent, std::string_view key) {
  localized_text t;
  if (!parent.has(key)) return t;
  auto r = parent.at(key);
  if (r.value().is_string()) {
    t.zh = t.en = r.string();
    return t;
  }
  t.zh = r.string_or("zh", "");
  t.en = r.string_or("en", t.zh);
  if (t.zh.empty()) t.zh = t.en;
  return t;
}

// Compiles one expression of the rulebook, turning an expression error into a rulebook error that
// names the rule (or definition), the JSON pointer, and the line:column inside the expression.
inline expression compile_at(const rb_reader& r, const environment& env, std::string_view owner) {
  auto source = r.string();
  try {
    return expression::compile(source, env);
  } catch (const expression_error& e) {
    location where{"", r.pointer(), e.where().line, e.where().column};
    throw rulebook_error("tuoyu.rulebook.206",
                         std::string(owner) + ": " + json_quote(source) + " at " + std::to_string(e.where().line) + ':' +
                             std::to_string(e.where().column) + ": [" + e.id() + "] " + e.detail(),
                         where);
  }
}

// Splits "text {expr} text" into literal parts and compiled holes. "{{" and "}}" are literal braces.
inline message_template compile_message(const rb_reader& r, const environment& env, std::string_view owner) {
  message_template out;
  out.source = r.string();
  const std::string& s = out.source;
  std::string literal;
  for (std::size_t i = 0; i < s.size(); ++i) {
    char c = s[i];
    if ((c == '{' || c == '}') && i + 1 < s.size() && s[i + 1] == c) {
      literal += c;
      ++i;
      continue;
    }
    if (c == '}') r.fail("tuoyu.rulebook.211", std::string(owner) + ": unmatched '}' in message");
    if (c != '{') {
      literal += c;
      continue;
    }
    auto close = s.find('}', i + 1);
    if (close == std::string::npos) r.fail("tuoyu.rulebook.211", std::string(owner) + ": unmatched '{' in message");
    std::string hole_source = s.substr(i + 1, close - i - 1);
    boost::json::value hole_json(hole_source);
    rb_reader hole_reader(hole_json, r.pointer(), "", rb_shape);
    out.parts.push_back({std::move(literal), compile_at(hole_reader, env, owner)});
    literal.clear();
    i = close;
  }
  out.parts.push_back({std::move(literal), std::nullopt});
  return out;
}

inline void add_unique(std::vector<std::string>& into, const std::vector<std::string>& more) {
  for (const auto& m : more)
    if (std::find(into.begin(), into.end(), m) == into.end()) into.push_back(m);
}

inline rulebook build_rulebook(const boost::json::value& doc, const rulebook_options& options) {
  auto body = std::make_shared<rulebook_body>();
  rb_reader root(doc, "", options.file_name, rb_shape);
  root.object();
  if (root.has("tuoyu_rulebook")) {
    auto v = root.at("tuoyu_rulebook");
    if (!v.value().is_int64() || v.value().get_int64() != 1)
      v.fail("tuoyu.rulebook.212", "unsupported rulebook format version (expected 1)");
  }
  body->id = root.at("id").string();
  body->version = root.string_or("version", "0");
  body->title = read_localized(root, "title");
  if (root.has("source")) {
    auto s = root.at("source");
    body->source.title = s.string_or("title", "");
    body->source.number = s.string_or("number", "");
    body->source.issuer = s.string_or("issuer", "");
    if (s.has("issued")) body->source.issued = read_date(s.at("issued"));
  }
  body->in_force = read_period(root, "in_force");

  // Organisation data: the built-in one named by id, or an inline object.
  if (root.has("organisation")) {
    auto o = root.at("organisation");
    if (o.value().is_string()) {
      auto name = o.string() + ".organisation.json";
      bool found = false;
      for (const auto& f : builtin_files)
        if (f.name == name) {
          body->organisation = boost::json::parse(f.text);
          found = true;
        }
      if (!found) o.fail("tuoyu.rulebook.213", "unknown organisation \"" + o.string() + "\"");
    } else {
      o.object();
      body->organisation = o.value();
    }
  }
  const department_directory directory =
      body->organisation.is_object() && body->organisation.as_object().contains("departments")
          ? department_directory::from_json(body->organisation)
          : department_directory::builtin();

  // Parameters.
  environment base = dataset_environment(root.has("fields") ? root.at("fields").value() : boost::json::value());
  base.set_limits(options.expression_limits);
  if (root.has("parameters")) {
    auto params = root.at("parameters");
    for (const auto& [name, _] : params.object()) {
      auto p = params.at(name);
      parameter param;
      param.name = name;
      auto type_name = p.string_or("type", "double");
      auto t = parse_scalar_type(type_name);
      if (!t) p.at("type").fail("tuoyu.rulebook.209", "unknown parameter type \"" + type_name + "\" (expected int, double, string, bool)");
      param.type = *t;
      param.description = read_localized(p, "description");
      auto values = p.at("values");
      for (std::size_t i = 0; i < values.size(); ++i) {
        auto e = values.at(i);
        parameter::entry entry{read_date(e.at("from")), value::from_json(e.at("value").value())};
        if (!value_fits_type(entry.value, param.type))
          e.at("value").fail("tuoyu.rulebook.209", "value does not have the parameter's type " + type_name);
        if (!param.values.empty() && !(param.values.back().from < entry.from))
          e.at("from").fail("tuoyu.rulebook.209", "parameter dates must be strictly increasing");
        param.values.push_back(std::move(entry));
      }
      if (param.values.empty()) values.fail("tuoyu.rulebook.209", "a parameter needs at least one dated value");
      base.declare_parameter(name, param.type);
      body->parameters.push_back(std::move(param));
    }
  }

  // Definitions: with parameters they are macros; without, and independent of any subject, they are
  // computed once per check and seen by rules as variables.
  std::vector<std::pair<std::string, std::string>> subject_macros;  // (name, JSON pointer)
  if (root.has("definitions")) {
    auto defs = root.at("definitions");
    for (const auto& [name, _] : defs.object()) {
      auto d = defs.at(name);
      auto params = d.strings("params");
      auto source = d.at("expr").string();
      std::string owner = "definition " + std::string(name);
      if (params.empty()) {
        try {
          auto compiled = compile_at(d.at("expr"), base, owner);
          base.declare_variable(name, compiled.result_type());
          body->globals.push_back({std::string(name), std::move(compiled)});
          continue;
        } catch (const rulebook_error&) {
          // Refers to a subject variable: kept as a macro, expanded where used; checked below.
          subject_macros.emplace_back(std::string(name), d.pointer());
        }
      }
      try {
        base.define(name, params, source);
      } catch (const expression_error& e) {
        d.at("expr").fail("tuoyu.rulebook.206", owner + ": [" + e.id() + "] " + e.detail());
      }
    }
  }

  for (auto kind : {subject_kind::facility, subject_kind::township, subject_kind::jurisdiction, subject_kind::year,
                    subject_kind::organisation})
    body->environments.emplace(kind, subject_environment(base, kind));
  // A zero-argument definition that needs a subject must check for at least one subject kind;
  // otherwise it is simply wrong, and the facility environment's error says why.
  for (const auto& [name, pointer] : subject_macros) {
    bool checks = false;
    for (const auto& [kind, env] : body->environments) {
      try {
        (void)expression::compile(name, env);
        checks = true;
        break;
      } catch (const expression_error&) {
      }
    }
    if (!checks) (void)compile_at(root.at("definitions").at(name).at("expr"), body->environments.at(subject_kind::facility),
                                  "definition " + name);
  }

  // Rules.
  std::set<std::string> seen;
  auto rules = root.at("rules");
  for (std::size_t i = 0; i < rules.size(); ++i) {
    auto r = rules.at(i);
    rule out;
    out.id = r.at("id").string();
    if (!seen.insert(out.id).second) r.at("id").fail("tuoyu.rulebook.203", "duplicate rule id \"" + out.id + "\"");
    std::string owner = "rule " + out.id;
    auto subject_text = r.at("subject").string();
    auto kind = parse_subject_kind(subject_text);
    if (!kind)
      r.at("subject").fail("tuoyu.rulebook.208", owner + ": unknown subject \"" + subject_text +
                                                     "\" (expected facility, township, jurisdiction, year, organisation)");
    out.subject = *kind;
    const environment& env = body->environments.at(out.subject);
    if (r.has("when")) out.when = compile_at(r.at("when"), env, owner);
    out.require = compile_at(r.at("require"), env, owner);
    for (auto* e : {&out.when, &out.require})
      if (*e && (*e)->result_type() != type::bool_() && !(*e)->result_type().is_dyn())
        r.at(e == &out.when ? "when" : "require")
            .fail("tuoyu.rulebook.206", owner + ": expression must be a bool, not " + (*e)->result_type().to_string());
    auto sev_text = r.string_or("severity", "error");
    auto sev = parse_severity(sev_text);
    if (!sev) r.at("severity").fail("tuoyu.rulebook.208", owner + ": unknown severity \"" + sev_text + "\" (expected error, warning, info)");
    out.severity = *sev;
    if (!r.has("clause") || r.at("clause").string().empty())
      r.fail("tuoyu.rulebook.204", owner + ": a rule must cite its clause");
    out.clause = r.at("clause").string();
    out.clause_text = r.string_or("clause_text", "");
    out.responsible = r.strings("responsible");
    for (std::size_t k = 0; k < out.responsible.size(); ++k)
      if (!directory.find(out.responsible[k]))
        r.at("responsible").at(k).fail("tuoyu.rulebook.205",
                                        owner + ": unknown department id \"" + out.responsible[k] + "\"");
    out.action = r.string_or("action", "");
    out.notes = r.string_or("notes", "");
    out.in_force = read_period(r, "in_force");
    if (r.has("message")) {
      auto m = r.at("message");
      if (m.has("zh")) out.message_zh = compile_message(m.at("zh"), env, owner);
      if (m.has("en")) out.message_en = compile_message(m.at("en"), env, owner);
    }
    if (out.subject == subject_kind::year) {
      auto y = r.at("years");
      const environment& global_env = body->environments.at(subject_kind::jurisdiction);
      out.years_from = compile_at(y.at("from"), global_env, owner);
      out.years_to = compile_at(y.at("to"), global_env, owner);
    }
    std::vector<std::string> paths;
    for (auto* e : {&out.when, &out.require}) {
      if (!*e) continue;
      add_unique(paths, (*e)->field_paths());
      add_unique(out.parameters, (*e)->parameters());
    }
    // Paths inside comprehensions ("dataset.facilities[].status") describe many values: the rule's
    // message and the definitions it reads carry those; evidence keeps the paths a subject has one value for.
    for (const auto& path : paths)
      if (path.find('[') == std::string::npos) out.evidence.push_back({path, expression::compile(path, env)});
    body->rules.push_back(std::move(out));
  }

  // Clauses: every clause of the source and what became of it.
  if (root.has("clauses")) {
    auto cs = root.at("clauses");
    for (std::size_t i = 0; i < cs.size(); ++i) {
      auto c = cs.at(i);
      clause out;
      out.ref = c.at("ref").string();
      out.text = c.string_or("text", "");
      out.rules = c.strings("rules");
      out.organisation = c.strings("organisation");
      out.unchecked = c.string_or("unchecked", "");
      for (std::size_t k = 0; k < out.rules.size(); ++k)
        if (!seen.count(out.rules[k]))
          c.at("rules").at(k).fail("tuoyu.rulebook.207", "clause " + out.ref + " names unknown rule \"" + out.rules[k] + "\"");
      body->clauses.push_back(std::move(out));
    }
  }
  return rulebook(std::move(body));
}

}  // namespace detail

TUOYU_DECL const std::string& rulebook::id() const noexcept { return body_->id; }
TUOYU_DECL const std::string& rulebook::version() const noexcept { return body_->version; }
TUOYU_DECL const localized_text& rulebook::title() const noexcept { return body_->title; }
TUOYU_DECL const source_document& rulebook::source() const noexcept { return body_->source; }
TUOYU_DECL const period& rulebook::in_force() const noexcept { return body_->in_force; }
TUOYU_DECL const std::vector<rule>& rulebook::rules() const noexcept { return body_->rules; }
TUOYU_DECL const std::vector<parameter>& rulebook::parameters() const noexcept { return body_->parameters; }
TUOYU_DECL const std::vector<clause>& rulebook::clauses() const noexcept { return body_->clauses; }
TUOYU_DECL const std::vector<global_definition>& rulebook::global_definitions() const noexcept {
  return body_->globals;
}
TUOYU_DECL const boost::json::value& rulebook::organisation() const noexcept { return body_->organisation; }
TUOYU_DECL const rule* rulebook::find_rule(std::string_view id) const noexcept {
  for (const auto& r : body_->rules)
    if (r.id == id) return &r;
  return nullptr;
}
TUOYU_DECL const parameter* rulebook::find_parameter(std::string_view name) const noexcept {
  for (const auto& p : body_->parameters)
    if (p.name == name) return &p;
  return nullptr;
}
TUOYU_DECL const environment& rulebook::environment_for(subject_kind kind) const {
  return body_->environments.at(kind);
}

TUOYU_DECL rulebook parse_rulebook(std::string_view json_text, const rulebook_options& options) {
  auto doc = detail::parse_hand_written<rulebook_error>(json_text, options.file_name, "tuoyu.rulebook.201",
                                                                options.document_limits);
  try {
    return detail::build_rulebook(doc, options);
  } catch (rulebook_error& e) {
    if (e.where().file.empty()) e.set_file(options.file_name);
    throw;
  }
}

TUOYU_DECL rulebook load_rulebook(const std::filesystem::path& path, const rulebook_options& options) {
  std::string text;
  try {
    text = read_input_file(path, options.document_limits);
  } catch (const input_error& e) {  // too large: a rulebook error like the other document limits
    throw rulebook_error("tuoyu.rulebook.201", "[" + e.id() + "] " + e.detail(), e.where());
  }
  auto with_name = options;
  if (with_name.file_name.empty()) with_name.file_name = path.string();
  return parse_rulebook(text, with_name);
}

TUOYU_DECL std::vector<std::string> builtin_rulebook_ids() {
  std::vector<std::string> ids;
  constexpr std::string_view suffix = ".json";
  for (const auto& f : detail::builtin_files) {
    if (f.name.find(".organisation.") != std::string_view::npos) continue;
    ids.emplace_back(f.name.substr(0, f.name.size() - suffix.size()));
  }
  return ids;
}

TUOYU_DECL rulebook builtin_rulebook(std::string_view id) {
  // Compiled once per id and shared: a rulebook is immutable.
  static const auto compiled = [] {
    std::map<std::string, rulebook, std::less<>> all;
    for (const auto& f : detail::builtin_files) {
      if (f.name.find(".organisation.") != std::string_view::npos) continue;
      rulebook_options options;
      options.file_name = "builtin:" + std::string(f.name);
      auto rb = parse_rulebook(f.text, options);
      all.emplace(rb.id(), rb);
    }
    return all;
  }();
  auto it = compiled.find(id);
  if (it == compiled.end())
    throw rulebook_error("tuoyu.rulebook.210", "no built-in rulebook \"" + std::string(id) + "\"");
  return it->second;
}

}  // namespace v1
}  // namespace tuoyu
