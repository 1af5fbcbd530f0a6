// A compiled rulebook: rules, dated parameters and definitions, checked completely when loaded.
// Immutable once built; copies share one body, so any number of threads may use it at once.
#pragma once

#include <tuoyu/date.hpp>
#include <tuoyu/detail/config.hpp>
#include <tuoyu/expression/environment.hpp>
#include <tuoyu/expression/expression.hpp>
#include <tuoyu/expression/value.hpp>
#include <tuoyu/input.hpp>
#include <tuoyu/report.hpp>

#include <boost/json/value.hpp>

#include <filesystem>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace tuoyu {
inline namespace v1 {

// A half-open period [from, until); either end may be open.
struct period {
  std::optional<date> from;
  std::optional<date> until;
  bool contains(date d) const noexcept { return (!from || *from <= d) && (!until || d < *until); }
};

struct source_document {
  std::string title;
  std::string number;
  std::string issuer;
  std::optional<date> issued;
};

// A parameter whose value changes on given dates.
struct parameter {
  struct entry {
    date from;
    tuoyu::value value;
  };
  std::string name;
  tuoyu::type type;
  localized_text description;
  std::vector<entry> values;  // sorted by `from`, strictly increasing

  // The entry in force on `d`, or nullptr before the first date.
  const entry* at(date d) const noexcept {
    const entry* found = nullptr;
    for (const auto& e : values)
      if (e.from <= d) found = &e;
    return found;
  }
};

// One clause of the source document and what became of it.
struct clause {
  std::string ref;
  std::string text;
  std::vector<std::string> rules;         // rule ids that enforce it
  std::vector<std::string> organisation;  // organisation data it became
  std::string unchecked;                  // why it cannot be checked from data
};

// A message with {expression} holes, evaluated in the rule's environment.
struct message_template {
  struct part {
    std::string literal;                     // text before the hole
    std::optional<tuoyu::expression> hole;   // empty for the trailing literal
  };
  std::string source;
  std::vector<part> parts;
};

struct rule {
  std::string id;
  subject_kind subject = subject_kind::facility;
  std::optional<tuoyu::expression> when;  // applicability; absent: always applies
  std::optional<tuoyu::expression> require;  // must hold; a finding when false (always set once loaded)
  tuoyu::severity severity = severity::error;
  std::string clause;
  std::string clause_text;
  std::vector<std::string> responsible;
  std::string action;
  message_template message_zh;
  message_template message_en;
  period in_force;
  std::optional<tuoyu::expression> years_from;  // subject year only
  std::optional<tuoyu::expression> years_to;
  // What the rule reads, derived from its expressions: dataset paths and definitions (each compiled
  // so a finding can show its value) and parameters.
  struct evidence_item {
    std::string path;
    tuoyu::expression expr;
  };
  std::vector<evidence_item> evidence;
  std::vector<std::string> parameters;
  std::string notes;
};

// A zero-argument definition that does not depend on the subject: computed once per check.
struct global_definition {
  std::string name;
  tuoyu::expression expr;
};

namespace detail {
struct rulebook_body;
}

class rulebook {
 public:
  const std::string& id() const noexcept;
  const std::string& version() const noexcept;
  const localized_text& title() const noexcept;
  const source_document& source() const noexcept;
  const period& in_force() const noexcept;
  const std::vector<rule>& rules() const noexcept;
  const std::vector<parameter>& parameters() const noexcept;
  const std::vector<clause>& clauses() const noexcept;
  const std::vector<global_definition>& global_definitions() const noexcept;
  // The organisation data named by the rulebook (departments, duties, roster), as JSON; null if none.
  const boost::json::value& organisation() const noexcept;
  const rule* find_rule(std::string_view id) const noexcept;
  const parameter* find_parameter(std::string_view name) const noexcept;
  // The environment rules of this subject kind were compiled in (for one-off expressions).
  const environment& environment_for(subject_kind kind) const;

  explicit rulebook(std::shared_ptr<const detail::rulebook_body> body) : body_(std::move(body)) {}

 private:
  std::shared_ptr<const detail::rulebook_body> body_;
};

// Loading options: limits on evaluation that compiled expressions carry.
struct rulebook_options {
  std::string file_name;  // for error messages
  limits expression_limits{};
  input_limits document_limits{};  // of the rulebook's JSON text: size and nesting (tuoyu.rulebook.201)
};

// Parses and checks a rulebook document. Throws rulebook_error naming the rule id, the JSON pointer
// and, for expressions, the line:column inside the expression.
TUOYU_DECL rulebook parse_rulebook(std::string_view json_text, const rulebook_options& options = {});
TUOYU_DECL rulebook load_rulebook(const std::filesystem::path& path, const rulebook_options& options = {});
// A rulebook embedded in the library at build time ("zezhou-2022"); needs no files at run time.
TUOYU_DECL rulebook builtin_rulebook(std::string_view id);
TUOYU_DECL std::vector<std::string> builtin_rulebook_ids();

}  // namespace v1
}  // namespace tuoyu

#ifdef TUOYU_HEADER_ONLY
#include <tuoyu/impl/rulebook.ipp>
#endif
