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
  struct member {  // an object column's members, sorted by key as maps are
    std::string key;
    const facility_table::column* col = nullptr;
    std::vector<member> members;
  };
  const facility_table::column* col = nullptr;  // nullptr: the value computed once, below
  std::vector<member> members;                  // col->object: its members
  boost::json::value fixed_json;                // that value as evidence
  std::string fixed_text;                       // and in a message
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
    // What prefetch_cells and prefetch fetch ahead: every column the finding reads (an object's
    // members too), and of the columns named directly (the id, an item, a hole) those of unshared
    // strings.
    auto note = [&](auto& self, const facility_table::column* c, const std::vector<cell_source::member>& members,
                    bool named) -> void {
      if (!c) return;
      auto add = [c](auto& list) {
        if (std::find(list.begin(), list.end(), c) == list.end()) list.push_back(c);
      };
      add(plan.read_);
      if (named && !c->object && !c->interned) add(plan.scattered_);
      for (const auto& m : members) self(self, m.col, m.members, false);
    };
    note(note, table.find("id"), {}, true);
    for (const auto& item : plan.evidence_) note(note, item.second.col, item.second.members, true);
    for (const auto* parts : {&plan.zh_, &plan.en_})
      for (const auto& part : *parts)
        if (part.second) note(note, part.second->col, part.second->members, true);
    return plan;
  }

  // Starts fetching the cells row `i`'s finding reads through a pointer: strings no other row shares
  // (names, ids), a cache miss each. Called a few findings ahead of building the row's.
  void prefetch(std::size_t i) const {
    for (const auto* c : scattered_)
      if (const value& v = c->cells[i]; v.is_string()) prefetch_payload(v);
  }
  // Starts fetching row `i`'s cells themselves, a few findings ahead of prefetch(i).
  void prefetch_cells(std::size_t i) const {
    for (const auto* c : read_) prefetch_address(&c->cells[i]);
  }

  // Writes the finding of row `i`, whose condition evaluated to false, into `f`, a default-constructed
  // finding in its place in the result (no finding is moved later). Cells are read in place (no
  // copies: their reference counts are shared between threads) and objects go straight to JSON.
  void build(finding& f, const facility_table& table, std::size_t i, std::string subject_id) const {
    const rule& r = *rule_;
    f.rule = r.id;
    f.severity = r.severity;
    f.subject = {subject_kind::facility, std::move(subject_id), std::nullopt};
    f.clause = r.clause;
    f.responsible = r.responsible;
    f.action = r.action;
    f.message = {render(zh_, table, i), render(en_, table, i)};
    f.evidence.reserve(evidence_.size() + params_.size());
    for (const auto& [path, s] : evidence_) {
      if (!s.col) {
        f.evidence.emplace(path, s.fixed_json);
        continue;
      }
      const value& v = s.col->cells[i];
      if (v.is_null()) f.evidence.emplace(path, nullptr);
      else if (s.col->object) f.evidence.emplace(path, object_json(s.members, i, true));
      else f.evidence.emplace(path, evidence_value(v));
    }
    for (const auto& kv : params_) f.evidence.emplace(kv.key(), kv.value());
  }

 private:
  // `facility.a.b` whose column the row reaches (every enclosing path an object column), or an
  // expression that does not read the facility at all.
  static std::optional<cell_source> source_of(const expression& e, const facility_table& table, const activation& base) {
    const auto& vars = e.variables();
    if (std::find(vars.begin(), vars.end(), "facility") == vars.end()) {
      cell_source s;
      value fixed = e.evaluate(base);
      s.fixed_json = fixed.is_error() ? boost::json::value(nullptr) : evidence_value(fixed);
      s.fixed_text = fixed.is_error() ? std::string("?") : display(fixed);
      return s;
    }
    auto path = subject_path(*e.program().root, "facility");
    if (!path || path->empty()) return std::nullopt;
    const auto* col = table.find(*path);
    if (!col) return std::nullopt;
    for (auto dot = path->find('.'); dot != std::string::npos; dot = path->find('.', dot + 1))
      if (const auto* outer = table.find(std::string_view(*path).substr(0, dot)); !outer || !outer->object)
        return std::nullopt;
    cell_source s;
    s.col = col;
    if (col->object) s.members = members_of(table, *path);
    return s;
  }

  static std::vector<cell_source::member> members_of(const facility_table& table, const std::string& path) {
    std::vector<cell_source::member> out;
    for (const auto& c : table.columns()) {
      if (c.path.size() <= path.size() + 1 || c.path.compare(0, path.size(), path) != 0 || c.path[path.size()] != '.')
        continue;
      std::string key = c.path.substr(path.size() + 1);
      if (key.find('.') != std::string::npos) continue;
      out.push_back({key, &c, c.object ? members_of(table, c.path) : std::vector<cell_source::member>{}});
    }
    std::sort(out.begin(), out.end(), [](const auto& a, const auto& b) { return a.key < b.key; });
    return out;
  }

  // An object cell as evidence: its present members; summarised past 16 at the top, as maps are.
  static boost::json::value object_json(const std::vector<cell_source::member>& members, std::size_t i, bool top) {
    std::size_t present = 0;
    for (const auto& m : members) present += !m.col->cells[i].is_null();
    if (top && present > 16) return boost::json::object{{"size", present}};
    boost::json::object o;
    o.reserve(present);
    for (const auto& m : members) {
      const value& v = m.col->cells[i];
      if (!v.is_null()) o.emplace(m.key, m.col->object ? object_json(m.members, i, false) : to_json(v));
    }
    return o;
  }

  static std::string render(const std::vector<std::pair<std::string, std::optional<cell_source>>>& parts,
                            const facility_table& table, std::size_t i) {
    std::string out;
    out.reserve(128);
    for (const auto& [literal, hole] : parts) {
      out += literal;
      if (!hole) continue;
      if (!hole->col) {
        out += hole->fixed_text;
        continue;
      }
      const value& v = hole->col->cells[i];
      if (v.is_null()) out += '?';
      else if (v.is_string()) out += v.as_string();
      else out += display(hole->col->object ? table.cell(i, *hole->col) : v);
    }
    return out;
  }

  static void prefetch_payload(const value& v) { prefetch_address(v.raw_payload()); }
  static void prefetch_address(const void* p) {
#if defined(__GNUC__) || defined(__clang__)
    __builtin_prefetch(p);
#else
    (void)p;
#endif
  }

  const rule* rule_ = nullptr;
  std::vector<const facility_table::column*> scattered_;  // columns of unshared strings the finding reads
  std::vector<const facility_table::column*> read_;       // every column the finding reads
  std::vector<std::pair<std::string, cell_source>> evidence_;
  boost::json::object params_;
  std::vector<std::pair<std::string, std::optional<cell_source>>> zh_, en_;
};

}  // namespace tuoyu::detail
