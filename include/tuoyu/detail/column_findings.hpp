// Findings built straight from a facility_table (internal): for a row the column program decided (the
// rule applies and its condition is false), the finding's evidence and messages read the table's
// cells, with no map of the row and no second evaluation. A rule gets such a plan only when every
// evidence item and message hole is a column of the table or the same for every facility; the others
// keep the interpreter, so findings are identical either way (tests/test_batch.cpp checks it).
#pragma once

#include <tuoyu/detail/batch_eval.hpp>
#include <tuoyu/detail/dataset_values.hpp>
#include <tuoyu/facility_table.hpp>
#include <tuoyu/report.hpp>
#include <tuoyu/rulebook.hpp>

#include <boost/json/object.hpp>

#include <algorithm>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace tuoyu::detail {

// Large values in evidence are summarised: a finding shows what decided, not the whole dataset.
inline boost::json::value evidence_value(const value& v) {
  if (v.kind() == value_kind::list && v.as_list().size() > 16)
    return boost::json::object{{"size", v.as_list().size()}};
  if (v.kind() == value_kind::map && v.as_map().size() > 16)
    return boost::json::object{{"size", v.as_map().size()}};
  return to_json(v);
}

// One evidence item or message hole: a column read per row, or a value computed once.
struct cell_source {
  const facility_table::column* col = nullptr;  // nullptr: use `fixed`
  value fixed;
};

class column_finding_plan {
 public:
  // nullopt when some evidence item or hole needs the interpreter. `base` binds everything but the
  // subject; `params` is the rule's parameter evidence ("param:name" entries), the same for every row.
  static std::optional<column_finding_plan> make(const rule& r, const facility_table& table, const activation& base,
                                                 boost::json::object params) {
    column_finding_plan plan;
    plan.rule_ = &r;
    plan.params_ = std::move(params);
    for (const auto& item : r.evidence) {
      auto s = source_of(item.expr, table, base);
      if (!s) return std::nullopt;
      plan.evidence_.emplace_back(item.path, std::move(*s));
    }
    for (auto [m, out] : {std::pair{&r.message_zh, &plan.zh_}, std::pair{&r.message_en, &plan.en_}})
      for (const auto& part : m->parts) {
        std::optional<cell_source> s;
        if (part.hole && !(s = source_of(*part.hole, table, base))) return std::nullopt;
        out->emplace_back(part.literal, std::move(s));
      }
    return plan;
  }

  // The finding of row `i`, whose condition evaluated to false.
  finding build(const facility_table& table, std::size_t i, std::string subject_id) const {
    const rule& r = *rule_;
    finding f{r.id, r.severity, {subject_kind::facility, std::move(subject_id), std::nullopt},
              r.clause, r.responsible, r.action, {render(zh_, table, i), render(en_, table, i)}, {}};
    f.evidence.reserve(evidence_.size() + params_.size());
    for (const auto& [path, s] : evidence_) {
      value v = s.col ? table.cell(i, *s.col) : s.fixed;
      f.evidence.emplace(path, v.is_error() || (s.col && v.is_null()) ? boost::json::value(nullptr) : evidence_value(v));
    }
    for (const auto& kv : params_) f.evidence.emplace(kv.key(), kv.value());
    return f;
  }

 private:
  // `facility.a.b` whose column the row reaches (every enclosing path an object column), or an
  // expression that does not read the facility at all.
  static std::optional<cell_source> source_of(const expression& e, const facility_table& table, const activation& base) {
    const auto& vars = e.variables();
    if (std::find(vars.begin(), vars.end(), "facility") == vars.end()) return cell_source{nullptr, e.evaluate(base)};
    auto path = subject_path(*e.program().root, "facility");
    if (!path || path->empty()) return std::nullopt;
    const auto* col = table.find(*path);
    if (!col) return std::nullopt;
    for (auto dot = path->find('.'); dot != std::string::npos; dot = path->find('.', dot + 1))
      if (const auto* outer = table.find(std::string_view(*path).substr(0, dot)); !outer || !outer->object)
        return std::nullopt;
    return cell_source{col, value()};
  }

  static std::string render(const std::vector<std::pair<std::string, std::optional<cell_source>>>& parts,
                            const facility_table& table, std::size_t i) {
    std::string out;
    for (const auto& [literal, hole] : parts) {
      out += literal;
      if (!hole) continue;
      value v = hole->col ? table.cell(i, *hole->col) : hole->fixed;
      out += v.is_error() || (hole->col && v.is_null()) ? std::string("?") : display(v);
    }
    return out;
  }

  const rule* rule_ = nullptr;
  std::vector<std::pair<std::string, cell_source>> evidence_;
  boost::json::object params_;
  std::vector<std::pair<std::string, std::optional<cell_source>>> zh_, en_;
};

}  // namespace tuoyu::detail
