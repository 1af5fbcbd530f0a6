// Out-of-line part of check.hpp: the evaluation engine.
#pragma once

#include <tuoyu/check.hpp>
#include <tuoyu/detail/dataset_values.hpp>

#include <tuoyu/detail/batch_eval.hpp>
#include <tuoyu/detail/column_findings.hpp>
#include <tuoyu/detail/filter_index.hpp>
#include <tuoyu/detail/id_index.hpp>
#include <tuoyu/detail/parallel.hpp>

#include <algorithm>
#include <array>
#include <deque>
#include <functional>
#include <numeric>
#include <unordered_map>

namespace tuoyu {
inline namespace v1 {
namespace detail {

// The step budget grows with the data (docs/decisions/0011): a linear pass over every record is
// always affordable, a quadratic one over a large dataset is not.
inline constexpr std::uint64_t steps_per_record = 256;
inline std::uint64_t scaled_step_budget(const rulebook& rules, const dataset* data) {
  std::uint64_t base = rules.environment_for(subject_kind::jurisdiction).current_limits().step_budget;
  if (!data) return base;
  std::uint64_t records = data->facilities.size() + data->townships.size() + data->meetings.size() +
                          data->trainings.size();
  return base + steps_per_record * records;
}

// Everything one check shares between subjects: the dataset as values, the globals, the parameters.
class evaluation_context {
 public:
  // `shared`: the dataset's values converted beforehand (prepared_dataset); otherwise they are built
  // here when `build_values` (the batch path may not need them).
  // `table`: the facilities as columns (the batch path), for definitions the columns can compute.
  evaluation_context(const rulebook& rules, const dataset* data, date as_of, const check_options& options,
                     bool organisation = false, const dataset_value_set* shared = nullptr, bool build_values = true,
                     const facility_table* table = nullptr)
      : rules_(rules), as_of_(as_of), values_(&own_) {
    for (const auto& p : rules.parameters()) {
      parameter_use use{p.name, value(), std::nullopt};
      if (auto* e = p.at(as_of)) {
        use.result = e->value;
        use.from = e->from;
      }
      for (const auto& [name, v] : options.parameter_overrides)
        if (name == p.name) {
          use.result = v;
          use.from.reset();
        }
      parameters_.push_back(std::move(use));
    }
    if (shared) values_ = shared;
    else if (data && build_values) own_ = dataset_values(*data);
    if (organisation) {
      // Lint: organisation rules see the organisation data, one department at a time.
      const auto& org = rules.organisation();
      base_.bind("organisation", value::from_json(org));
      if (org.is_object())
        if (auto* deps = org.as_object().if_contains("departments"); deps && deps->is_array())
          for (const auto& d : deps->as_array()) own_.departments.push_back(value::from_json(d));
    }
    base_.bind("as_of", value(as_of));
    base_.bind("dataset", values_->dataset);
    base_.bind("jurisdiction", values_->jurisdiction);
    base_.set_parameter_lookup([this](std::string_view name) { return parameter_value(name); });
    base_.set_step_budget(options.step_budget ? options.step_budget : scaled_step_budget(rules, data));
    // Aggregates over the check's lists (per-township subsets, say) are indexed once, not once per subject.
    auto cache = std::make_shared<index_cache>();
    base_.set_index_cache(cache);
    // Without the dataset's values there is nothing for definitions to read: the caller knows no rule needs them.
    if (!shared && !build_values && !organisation) return;
    // Definitions over the facilities are computed on the columns where they can be: the cache
    // learns which rows `dataset.facilities` holds, and each filter computed so adds its own.
    const bool columns = table && !organisation && note_all_rows(*cache, *table);
    for (const auto& g : rules.global_definitions()) {
      std::optional<value> by_columns;
      if (columns) by_columns = evaluate_on_columns(g.expr, *table, base_, *cache);
      base_.bind(g.name, by_columns ? std::move(*by_columns) : g.expr.evaluate(base_));
    }
  }

  value parameter_value(std::string_view name) const {
    for (const auto& p : parameters_)
      if (p.name == name) {
        if (p.result.kind() == value_kind::null && !p.from)
          return value::error("tuoyu.eval.409", "parameter '" + std::string(name) + "' has no value before " +
                                                    rules_.find_parameter(name)->values.front().from.to_string());
        return p.result;
      }
    return value::error("tuoyu.eval.409", "unknown parameter '" + std::string(name) + "'");
  }

  const parameter_use* parameter(std::string_view name) const {
    for (const auto& p : parameters_)
      if (p.name == name) return &p;
    return nullptr;
  }

  const activation& base() const { return base_; }
  const dataset_value_set& values() const { return *values_; }
  date as_of() const { return as_of_; }
  const rulebook& rules() const { return rules_; }

  // Binds the subject variable of rule `r` into `a` (a copy of base()); rebinding reuses the slot.
  void bind_subject(activation& a, const rule& r, std::size_t index) const {
    switch (r.subject) {
      case subject_kind::facility: a.bind("facility", values_->facilities[index]); break;
      case subject_kind::township: a.bind("township", values_->townships[index]); break;
      case subject_kind::year: a.bind("year", value(static_cast<std::int64_t>(index))); break;
      case subject_kind::organisation: a.bind("department", values_->departments[index]); break;
      case subject_kind::jurisdiction: break;
    }
  }
  activation for_subject(const rule& r, std::size_t index) const {
    activation a = base_;
    bind_subject(a, r, index);
    return a;
  }

  subject_ref subject_of(const rule& r, std::size_t index, const dataset* data) const {
    switch (r.subject) {
      case subject_kind::facility: return {subject_kind::facility, data->facilities[index].id, std::nullopt};
      case subject_kind::township: return {subject_kind::township, data->townships[index].id, std::nullopt};
      case subject_kind::year:
        return {subject_kind::year, data ? data->jurisdiction.id : std::string(), static_cast<int>(index)};
      case subject_kind::organisation:
        if (auto* id = values_->departments[index].find("id"); id && id->is_string())
          return {subject_kind::organisation, std::string(id->as_string()), std::nullopt};
        return {subject_kind::organisation, std::to_string(index), std::nullopt};
      case subject_kind::jurisdiction: return {subject_kind::jurisdiction, data->jurisdiction.id, std::nullopt};
    }
    return {};
  }

  boost::json::object evidence(const rule& r, const activation& a, const value& failure) const {
    boost::json::object out;
    for (const auto& item : r.evidence) {
      auto v = item.expr.evaluate(a);
      out[item.path] = v.is_error() ? boost::json::value(nullptr) : evidence_value(v);
    }
    for (auto& kv : parameter_evidence(r)) out[kv.key()] = std::move(kv.value());
    if (failure.is_error())
      out["error"] = boost::json::object{{"id", failure.error_id()}, {"message", failure.error_message()}};
    return out;
  }

  // The "param:name" entries of a finding's evidence: the same for every subject.
  boost::json::object parameter_evidence(const rule& r) const {
    boost::json::object out;
    for (const auto& name : r.parameters)
      if (auto* p = parameter(name)) {
        boost::json::object entry{{"value", to_json(p->result)}};
        if (p->from) entry["from"] = p->from->to_string();
        out["param:" + name] = std::move(entry);
      }
    return out;
  }

  std::string render(const message_template& m, const activation& a) const {
    std::string out;
    for (const auto& part : m.parts) {
      out += part.literal;
      if (!part.hole) continue;
      auto v = part.hole->evaluate(a);
      out += v.is_error() ? std::string("?") : display(v);
    }
    return out;
  }

 private:
  // `dataset.facilities` as rows of `table`, when it is the table's rows in order.
  bool note_all_rows(index_cache& cache, const facility_table& table) const {
    const value* list = values_->dataset.find("facilities");
    if (!list || !list->is_list() || list->as_list().size() != table.size() || table.size() > UINT32_MAX) return false;
    std::vector<std::uint32_t> rows(table.size());
    std::iota(rows.begin(), rows.end(), std::uint32_t{0});
    cache.note_rows(*list, table, std::move(rows));
    return true;
  }

  const rulebook& rules_;
  date as_of_;
  std::vector<parameter_use> parameters_;
  dataset_value_set own_;
  const dataset_value_set* values_;
  activation base_;
};

enum class subject_outcome : std::uint8_t { not_applicable, held, fired };

// A `when` or `require` result as a condition: a bool, or an error. Any other kind (a table a caller
// filled with numbers where the schema has bools) is an error too, as a filter's predicate would be.
inline value condition_value(value v) {
  if (v.is_bool() || v.is_error()) return v;
  return value::error("tuoyu.eval.404", "a rule's condition gave " + std::string(to_string(v.kind())) + ", not bool");
}

// Evaluates one rule for one subject; appends a finding if the rule applies and does not hold.
inline subject_outcome evaluate_bound(const evaluation_context& ctx, const rule& r,
                                      const std::function<subject_ref()>& subject, const activation& a,
                                      std::vector<finding>& out);

inline subject_outcome evaluate_subject(const evaluation_context& ctx, const rule& r, std::size_t index,
                                        const dataset* data, activation& a, std::vector<finding>& out) {
  ctx.bind_subject(a, r, index);
  return evaluate_bound(ctx, r, [&] { return ctx.subject_of(r, index, data); }, a, out);
}

// Evaluates one rule for the subject bound in `a`; `subject` names it (called only for a finding).
inline subject_outcome evaluate_bound(const evaluation_context& ctx, const rule& r,
                                      const std::function<subject_ref()>& subject, const activation& a,
                                      std::vector<finding>& out) {
  if (r.when) {
    auto applies = condition_value(r.when->evaluate(a));
    if (!applies.is_error() && !applies.as_bool()) return subject_outcome::not_applicable;
    if (applies.is_error()) {
      // Applicability could not be decided: report it, with the error in the evidence.
      out.push_back({r.id, r.severity, subject(), r.clause, r.responsible, r.action,
                     {"规则无法评估：" + applies.error_message(), "rule could not be evaluated: " + applies.error_message()},
                     ctx.evidence(r, a, applies)});
      return subject_outcome::fired;
    }
  }
  auto holds = condition_value(r.require->evaluate(a));
  if (!holds.is_error() && holds.as_bool()) return subject_outcome::held;
  finding f{r.id, r.severity, subject(), r.clause, r.responsible, r.action, {}, ctx.evidence(r, a, holds)};
  if (holds.is_error()) {
    f.message = {"规则无法评估：" + holds.error_message(), "rule could not be evaluated: " + holds.error_message()};
  } else {
    f.message = {ctx.render(r.message_zh, a), ctx.render(r.message_en, a)};
  }
  out.push_back(std::move(f));
  return subject_outcome::fired;
}

// The subjects a rule iterates over, as indices (years are the years themselves).
inline std::vector<std::size_t> subjects_of(const evaluation_context& ctx, const rule& r, const dataset* data) {
  std::vector<std::size_t> out;
  switch (r.subject) {
    case subject_kind::facility:
      out.resize(data->facilities.size());
      break;
    case subject_kind::township:
      out.resize(data->townships.size());
      break;
    case subject_kind::jurisdiction:
      out.resize(1);
      break;
    case subject_kind::organisation:
      out.resize(ctx.values().departments.size());
      break;
    case subject_kind::year: {
      auto from = r.years_from->evaluate(ctx.base());
      auto to = r.years_to->evaluate(ctx.base());
      if (from.kind() != value_kind::int_ || to.kind() != value_kind::int_) return out;
      // Bounded: a rulebook cannot make a check iterate over more than a thousand years.
      for (auto y = from.as_int(); y <= to.as_int() && y - from.as_int() < 1000; ++y)
        out.push_back(static_cast<std::size_t>(y));
      return out;
    }
  }
  std::iota(out.begin(), out.end(), std::size_t{0});
  return out;
}

// Where the batch path finds facilities: columns to decide, and a whole record for rows it cannot.
struct facility_rows {
  const facility_table* table = nullptr;
  const dataset* data = nullptr;                 // may be null (a bare table)
  const dataset_value_set* values = nullptr;     // facility values already built, if any
  value row(std::size_t i) const {
    if (values && values->facilities.size() == table->size()) return values->facilities[i];
    if (data) return facility_value(data->facilities[i]);
    return table->row_view(i);
  }
  // Row i's id: the table's cell, read beside the finding's other cells, or the record's when the
  // table has no id column.
  std::string id(std::size_t i) const { return data && !ids_in_table ? data->facilities[i].id : table->id(i); }
  bool ids_in_table = table && table->find("id");
};

// One rule's findings for in_contract_order, which places groups by rule id and has each written
// straight into the result: fill(to) writes the group's `size` findings, in subject order, over
// to[0 .. size), default-constructed findings in their final place.
struct finding_group {
  std::string_view rule;
  std::size_t size = 0;
  std::function<void(finding* to)> fill;
};

// A group of findings made already (`found` outlives the group): moved into place, then freed.
inline finding_group moved_in(std::string_view rule, std::vector<finding>& found) {
  return {rule, found.size(), [&found](finding* to) {
            std::move(found.begin(), found.end(), to);
            std::vector<finding>().swap(found);  // freed by the worker that moved them, in parallel
          }};
}

// What the batch path decided for one piece of rows and one rule: the rows that fired, in row order.
struct fired_rows {
  std::vector<std::size_t> planned;           // rows whose finding the rule's plan builds
  std::vector<finding> interpreted;           // findings the interpreter made
  std::vector<std::size_t> interpreted_rows;  // their rows
  std::size_t size() const { return planned.size() + interpreted.size(); }
};

// The batch path's result: per piece of rows and per rule, the rows that fired. Findings are built
// later, by in_contract_order, each in its place in the result, on all threads.
struct facility_decisions {
  const facility_rows* rows = nullptr;
  std::vector<const rule*> rules;
  std::vector<std::optional<column_finding_plan>> plans;  // per rule
  std::vector<std::vector<fired_rows>> pieces;            // per piece (in row order), per rule

  // Per rule, each piece's findings as groups, in row order; the groups refer to this. A group has
  // at most 512 findings the plan builds: pieces of rows are uneven (the first are large), and
  // threads taking small groups finish together.
  void add_groups(std::vector<finding_group>& out) {
    constexpr std::size_t most = 512;
    for (std::size_t k = 0; k < rules.size(); ++k)
      for (std::size_t p = 0; p < pieces.size(); ++p) {
        const fired_rows& f = pieces[p][k];
        const auto& interpreted_rows = f.interpreted_rows;
        for (std::size_t a = 0, b = 0; a < f.planned.size() || b < f.interpreted.size();) {
          // Planned findings a .. a_end, and the interpreted ones b .. b_end of rows before a_end's.
          std::size_t a_end = std::min(a + most, f.planned.size());
          std::size_t b_end = interpreted_rows.size();
          if (a_end < f.planned.size())
            b_end = static_cast<std::size_t>(
                std::lower_bound(interpreted_rows.begin() + b, interpreted_rows.end(), f.planned[a_end]) -
                interpreted_rows.begin());
          out.push_back({rules[k]->id, (a_end - a) + (b_end - b),
                         [this, k, p, a, a_end, b, b_end](finding* to) { write(k, pieces[p][k], {a, a_end}, {b, b_end}, to); }});
          a = a_end;
          b = b_end;
        }
      }
  }

 private:
  // Planned findings planned[a.first .. a.second) and interpreted ones b.first .. b.second, merged in
  // row order; each planned one is built while the cells of those a few rows ahead are fetched.
  void write(std::size_t k, fired_rows& fired, std::pair<std::size_t, std::size_t> a,
             std::pair<std::size_t, std::size_t> b, finding* to) const {
    const column_finding_plan* plan = plans[k] ? &*plans[k] : nullptr;
    const auto& planned = fired.planned;
    while (a.first < a.second || b.first < b.second) {
      if (b.first < b.second && (a.first == a.second || fired.interpreted_rows[b.first] < planned[a.first])) {
        *to++ = std::move(fired.interpreted[b.first++]);
        continue;
      }
      if (a.first + 8 < a.second) plan->prefetch_cells(planned[a.first + 8]);
      if (a.first + 2 < a.second) plan->prefetch(planned[a.first + 2]);
      plan->build(*to++, *rows->table, planned[a.first], rows->id(planned[a.first]));
      ++a.first;
    }
  }
};

// The `when` rows of a rule without one.
inline constexpr auto always_applies = [] {
  std::array<std::uint8_t, batch_block> rows{};
  rows.fill(tri_true);
  return rows;
}();
static_assert(batch_block <= 65536, "rows of a block are listed as 16-bit offsets");

// The batch path: each facility rule's `when` and `require` run column by column over blocks of rows.
// A row the columns decided as a finding gets it from the columns (column_findings.hpp) where the
// rule's evidence and messages allow; rows with an error or anything not modelled, and rules
// without such a plan, go to the interpreter. Threads take contiguous pieces of rows in turn
// (piece_queue); pieces are kept in row order, so the result is the same for any thread count.
inline facility_decisions run_facility_rules(const evaluation_context& ctx, const std::vector<const rule*>& rules,
                                             const facility_rows& rows, unsigned threads,
                                             rule_counters* counters = nullptr) {
  const std::size_t n = rows.table->size();
  unsigned workers = std::min<unsigned>(worker_count(threads), static_cast<unsigned>(n / 4096 + 1));
  expect_parts(workers);  // the threads wake while the programs and plans below are built
  // One program for all rules; roots[k] = {when (or -1 if none), require}; -2 marks a rule left to
  // the interpreter.
  vector_program prog(*rows.table, ctx.base(), "facility");
  std::vector<std::pair<int, int>> roots(rules.size());
  for (std::size_t k = 0; k < rules.size(); ++k) {
    const rule& r = *rules[k];
    int w = r.when ? prog.add(r.when->program()) : -1;
    int q = r.when && w < 0 ? -1 : prog.add(r.require->program());
    roots[k] = q < 0 ? std::pair{-2, -2} : std::pair{w, q};
  }
  facility_decisions out{&rows, rules, {}, {}};
  // Findings of rows the columns decided are built from the columns, where the rule allows it.
  for (const rule* r : rules)
    out.plans.push_back(column_finding_plan::make(*r, *rows.table, ctx.base(), ctx.parameter_evidence(*r)));
  const auto& plans = out.plans;
  // Whole blocks, and at least four: a piece's own cost stays small.
  piece_queue queue(n, workers, 4 * batch_block, batch_block);
  out.pieces.assign(queue.count(), std::vector<fired_rows>(rules.size()));
  // Per worker and rule: outcomes for coverage (subject_outcome order), added to `counters` at the end.
  std::vector<std::vector<std::array<std::uint64_t, 3>>> tallies(
      counters ? workers : 0, std::vector<std::array<std::uint64_t, 3>>(rules.size(), {0, 0, 0}));
  auto work = [&](unsigned w) {
    activation a = ctx.base();
    vector_workspace ws = prog.workspace();
    std::array<std::uint16_t, batch_block> rows_left;  // rows of a block that a rule has to look at
    // Decides rows b .. e (one block) and notes the rows that fired in `fired_per_rule` (a piece's).
    auto run_block = [&](std::size_t b, std::size_t e, std::vector<fired_rows>& fired_per_rule) {
      prog.run(b, e, ws);
      for (std::size_t k = 0; k < rules.size(); ++k) {
        const rule& r = *rules[k];
        auto [when_root, require_root] = roots[k];
        auto& fired = fired_per_rule[k];
        // A rule the columns decide has both roots as tri-states (vector_program::add compiles a
        // rule's roots as conditions); a rule without `when` applies to every row.
        const bool on_columns = when_root != -2;
        const std::uint8_t* when_rows =
            !on_columns ? nullptr : when_root >= 0 ? prog.tri_results(ws, when_root) : always_applies.data();
        const std::uint8_t* require_rows = on_columns ? prog.tri_results(ws, require_root) : nullptr;
        // The rows left to look at (neither not applicable nor held, a few percent) are listed first
        // without a branch per row: a branch on each row's outcome is mispredicted as often as a rule
        // fires, and costs more than deciding the row did. Counting coverage looks at every row.
        std::size_t left = 0;
        if (on_columns && !counters) {
          for (std::size_t i = 0; i < e - b; ++i) {
            rows_left[left] = static_cast<std::uint16_t>(i);
            const bool passed =
                (when_rows[i] == tri_false) | ((when_rows[i] == tri_true) & (require_rows[i] == tri_true));
            left += !passed;
          }
        } else {
          for (std::size_t i = 0; i < e - b; ++i) rows_left[left++] = static_cast<std::uint16_t>(i);
        }
        for (std::size_t r_left = 0; r_left < left; ++r_left) {
          const std::size_t i = b + rows_left[r_left];
          if (on_columns) {
            auto applies = when_rows[i - b];
            auto holds = applies == tri_true ? require_rows[i - b] : tri_unknown;
            auto decided = applies == tri_false ? subject_outcome::not_applicable
                           : holds == tri_true  ? subject_outcome::held
                                                : subject_outcome::fired;
            bool planned = decided == subject_outcome::fired && holds == tri_false && plans[k];
            if (planned) fired.planned.push_back(i);
            if (decided != subject_outcome::fired || planned) {
              if (counters) ++tallies[w][k][static_cast<std::size_t>(decided)];
              continue;
            }
          }
          // An error, or something the columns do not model: the interpreter decides.
          a.bind("facility", rows.row(i));
          auto outcome = evaluate_bound(
              ctx, r, [&] { return subject_ref{subject_kind::facility, rows.id(i), std::nullopt}; }, a,
              fired.interpreted);
          fired.interpreted_rows.resize(fired.interpreted.size(), i);
          if (counters) ++tallies[w][k][static_cast<std::size_t>(outcome)];
        }
      }
    };
    for (std::size_t p = queue.take(); p < queue.count(); p = queue.take())
      for (std::size_t b = queue.begin(p); b < queue.end(p); b += batch_block)
        run_block(b, std::min(queue.end(p), b + batch_block), out.pieces[p]);
  };
  run_parts(workers, work);
  if (counters) {
    const rule* first = ctx.rules().rules().data();
    for (const auto& per_worker : tallies)
      for (std::size_t k = 0; k < rules.size(); ++k) {
        auto index = static_cast<std::size_t>(rules[k] - first);
        if (index >= counters->size()) continue;
        auto& c = (*counters)[index];
        const auto& t = per_worker[k];
        c.subjects.fetch_add(t[0] + t[1] + t[2], std::memory_order_relaxed);
        c.applied.fetch_add(t[1] + t[2], std::memory_order_relaxed);
        c.held.fetch_add(t[1], std::memory_order_relaxed);
        c.fired.fetch_add(t[2], std::memory_order_relaxed);
      }
  }
  return out;
}

// Contract order (finding_order) from groups, each of one rule's findings in subject order (as
// subjects come in the dataset), a rule's groups consecutive. Groups are placed by rule id and
// written in place on `threads` threads, which take groups in turn and check the order of what they
// wrote while it is in cache; a rule's range is sorted only if it is not in order already.
inline std::vector<finding> in_contract_order(std::vector<finding_group> groups, unsigned threads = 1) {
  std::erase_if(groups, [](const auto& g) { return g.size == 0; });
  std::stable_sort(groups.begin(), groups.end(), [](const auto& a, const auto& b) { return a.rule < b.rule; });
  std::vector<std::size_t> offsets{0};
  for (const auto& g : groups) offsets.push_back(offsets.back() + g.size);
  const std::size_t total = offsets.back();
  // A worker per 256 findings at most: building one takes about a microsecond, and the pool's threads
  // are awake after the check, so a part costs microseconds to hand out (docs/decisions/0069).
  unsigned n = std::min<unsigned>(worker_count(threads), static_cast<unsigned>(total / 256 + 1));
  // A large result is fresh memory: its pages are mapped by the workers, a piece at a time, before
  // the single-threaded value-initialisation writes them (docs/decisions/0056, 0058).
  std::vector<finding> out;
  out.reserve(total);
  const auto* storage = reinterpret_cast<const std::byte*>(out.data());
  piece_queue spans(total * sizeof(finding), n, std::size_t{1} << 20);
  run_parts(std::min<unsigned>(n, static_cast<unsigned>(spans.count())), [&](unsigned) {
    for (std::size_t p = spans.take(); p < spans.count(); p = spans.take())
      populate_pages(storage + spans.begin(p), spans.end(p) - spans.begin(p));
  });
  out.resize(total);
  std::vector<char> group_in_order(groups.size(), 1);  // char, not bool: workers write their own groups'
  auto by_subject = [](const finding& a, const finding& b) { return subject_order(a.subject, b.subject); };
  piece_queue queue(groups.size(), n, 1);
  run_parts(n, [&](unsigned) {
    for (std::size_t p = queue.take(); p < queue.count(); p = queue.take())
      for (std::size_t k = queue.begin(p); k < queue.end(p); ++k) {
        finding* to = out.data() + offsets[k];
        groups[k].fill(to);
        for (std::size_t i = 1; i < groups[k].size && group_in_order[k]; ++i)
          if (by_subject(to[i], to[i - 1])) group_in_order[k] = 0;
      }
  });
  // A rule's groups k .. j: in order if each group is and so is each seam between two of them.
  // Within a rule only the subjects can be out of order (then the dataset's ids are not sorted).
  for (std::size_t k = 0; k < groups.size();) {
    bool in_order = group_in_order[k];
    std::size_t j = k + 1;
    for (; j < groups.size() && groups[j].rule == groups[k].rule; ++j)
      in_order = in_order && group_in_order[j] && !by_subject(out[offsets[j]], out[offsets[j] - 1]);
    auto first = out.begin() + static_cast<std::ptrdiff_t>(offsets[k]);
    if (!in_order) std::stable_sort(first, out.begin() + static_cast<std::ptrdiff_t>(offsets[j]), by_subject);
    k = j;
  }
  return out;
}

inline std::vector<finding> run_rules(const evaluation_context& ctx, const dataset* data, bool organisation,
                                      unsigned threads, const facility_rows* batch = nullptr,
                                      rule_counters* counters = nullptr) {
  std::vector<finding_group> groups;
  std::vector<const rule*> batched;
  if (batch)
    for (const auto& r : ctx.rules().rules())
      if (r.subject == subject_kind::facility && !organisation && r.in_force.contains(ctx.as_of())) batched.push_back(&r);
  facility_decisions decided;
  if (!batched.empty()) {
    decided = run_facility_rules(ctx, batched, *batch, threads, counters);
    decided.add_groups(groups);
  }
  std::deque<std::vector<finding>> made;  // the other rules' findings, a list per rule or slice (never moved)
  std::size_t next_batched = 0;
  const auto& all = ctx.rules().rules();
  for (std::size_t ri = 0; ri < all.size(); ++ri) {
    const auto& r = all[ri];
    if ((r.subject == subject_kind::organisation) != organisation) continue;
    if (!r.in_force.contains(ctx.as_of())) continue;
    if (next_batched < batched.size() && batched[next_batched] == &r) {
      ++next_batched;
      continue;
    }
    auto subjects = subjects_of(ctx, r, data);
    unsigned n = std::min<unsigned>(worker_count(threads), static_cast<unsigned>(subjects.size() / 256 + 1));
    rule_counter* counter = counters && ri < counters->size() ? &(*counters)[ri] : nullptr;
    auto run_slice = [&](std::size_t begin, std::size_t end, std::vector<finding>& out) {
      activation a = ctx.base();
      if (!counter) {
        for (std::size_t i = begin; i < end; ++i) evaluate_subject(ctx, r, subjects[i], data, a, out);
        return;
      }
      // Tallied per slice, then added once: the shared atomics are touched once per slice.
      std::uint64_t held = 0, fired = 0, applied = 0;
      for (std::size_t i = begin; i < end; ++i) {
        auto o = evaluate_subject(ctx, r, subjects[i], data, a, out);
        held += o == subject_outcome::held;
        fired += o == subject_outcome::fired;
        applied += o != subject_outcome::not_applicable;
      }
      counter->subjects.fetch_add(end - begin, std::memory_order_relaxed);
      counter->applied.fetch_add(applied, std::memory_order_relaxed);
      counter->held.fetch_add(held, std::memory_order_relaxed);
      counter->fired.fetch_add(fired, std::memory_order_relaxed);
    };
    const std::size_t first = made.size();
    if (n <= 1) {
      run_slice(0, subjects.size(), made.emplace_back());
    } else {
      // Contiguous slices that workers take in turn, each a group, in order: the result is the same
      // for any thread count.
      piece_queue queue(subjects.size(), n, 256);
      for (std::size_t p = 0; p < queue.count(); ++p) made.emplace_back();
      run_parts(n, [&](unsigned) {
        for (std::size_t p = queue.take(); p < queue.count(); p = queue.take())
          run_slice(queue.begin(p), queue.end(p), made[first + p]);
      });
    }
    for (std::size_t i = first; i < made.size(); ++i) groups.push_back(moved_in(r.id, made[i]));
  }
  return in_contract_order(std::move(groups), threads);
}

inline void add_target(metrics& m, const evaluation_context& ctx) {
  if (auto* p = ctx.parameter("capacity_per_1000"); p && p->from && p->result.kind() == value_kind::double_)
    m.target = capacity_target{p->result.as_double(), *p->from};
}

// Contract section 3's metrics: `for_each_counted(index, add)` calls add(t, capacity) for each
// counted facility, t being its township's position in data.townships (index.find), npos if none.
template <class ForEachCounted>
metrics tally_metrics(const dataset& data, ForEachCounted&& for_each_counted) {
  metrics m;
  m.population = data.jurisdiction.population;
  id_index index(data.townships);
  for (std::size_t i = 0; i < data.townships.size(); ++i) {
    index.insert(i);  // a repeated id (only in a dataset built by hand) counts under its first entry
    m.townships.push_back({data.townships[i].id, 0, 0});
  }
  for_each_counted(index, [&](std::size_t t, std::int64_t capacity) {
    m.counted_capacity += capacity;
    if (t != index.npos) {
      m.townships[t].counted_capacity += capacity;
      ++m.townships[t].counted_facilities;
    }
  });
  m.capacity_per_1000 =
      m.population > 0 ? static_cast<double>(m.counted_capacity) * 1000.0 / static_cast<double>(m.population) : 0.0;
  return m;
}

// The same metrics read from the table's columns, which the batch path has built anyway: seven
// contiguous arrays instead of a million facility records, a township string looked up once per
// distinct string. nullopt if the table lacks a column it reads (then the records are read).
// `table` holds all the dataset's facilities (`data` may hold their records too).
inline std::optional<metrics> metrics_from_columns(const dataset& data, const facility_table& table, date as_of) {
  const auto* status = table.find("status");
  const auto* opened = table.find("opened");
  const auto* closed = table.find("closed");
  const auto* registration = table.find("registration");
  const auto* filing = table.find("filing");
  const auto* township = table.find("township");
  const auto* capacity = table.find("capacity");
  if (!status || !opened || !closed || !registration || !filing || !township || !capacity) return std::nullopt;
  auto day = [](const value& v) { return v.is_date() ? std::optional<date>(v.as_date()) : std::nullopt; };
  const std::string_view operating = to_string(facility_status::operating);
  return tally_metrics(data, [&](const auto& index, auto add) {
    std::unordered_map<const payload*, std::size_t> position;  // by string: cells of one string share it
    for (std::size_t i = 0; i < table.size(); ++i) {
      const value& s = status->cells[i];
      if (!is_counted(s.is_string() && s.as_string() == operating, day(opened->cells[i]), day(closed->cells[i]),
                      !registration->cells[i].is_null(), !filing->cells[i].is_null(), as_of))
        continue;
      const value& t = township->cells[i];
      std::size_t at = index.npos;
      if (t.is_string()) {
        auto [it, added] = position.try_emplace(t.raw_payload(), index.npos);
        if (added) it->second = index.find(t.as_string());
        at = it->second;
      }
      add(at, capacity->cells[i].is_int() ? capacity->cells[i].raw_int() : 0);
    }
  });
}

}  // namespace detail

TUOYU_DECL metrics compute_metrics(const dataset& data, date as_of) {
  return detail::tally_metrics(data, [&](const auto& index, auto add) {
    for (const auto& f : data.facilities)
      if (detail::is_counted(f, as_of)) add(index.find(f.township), f.capacity);
  });
}

namespace detail {

// The facility paths ("registration.authority") that facility rules read, in conditions, evidence and
// messages: the columns the batch path needs.
inline std::vector<std::string> facility_paths(const rulebook& rules) {
  std::vector<std::string> out;
  auto add = [&](const std::optional<expression>& e) {
    if (!e) return;
    for (const auto& p : e->field_paths())
      if (p.rfind("facility.", 0) == 0) out.push_back(p.substr(9));
  };
  for (const auto& r : rules.rules())
    if (r.subject == subject_kind::facility) {
      add(r.when);
      add(r.require);
      for (const auto& item : r.evidence) add(item.expr);
      for (const auto* m : {&r.message_zh, &r.message_en})
        for (const auto& part : m->parts) add(part.hole);
    }
  out.push_back("id");
  return out;
}

// Whether anything but the facility rules reads the dataset's values (then they are built).
inline bool needs_values(const rulebook& rules, date as_of) {
  if (!rules.global_definitions().empty()) return true;
  for (const auto& r : rules.rules())
    if (r.subject != subject_kind::facility && r.subject != subject_kind::organisation && r.in_force.contains(as_of))
      return true;
  return false;
}

// `table`: all the dataset's facilities as columns. With `only_columns`, `data` has none of their
// records (prepared_dataset from columns): everything about the facilities is read from the table.
inline report check_with(const rulebook& rules, const dataset& data, const facility_table* table,
                         const std::function<const dataset_value_set*()>& shared, date as_of,
                         const check_options& options, bool only_columns = false) {
  report out;
  out.rulebook_id = rules.id();
  out.rulebook_version = rules.version();
  out.as_of = as_of;
  bool batch = options.batch && table;
  auto by_columns = batch ? metrics_from_columns(data, *table, as_of) : std::nullopt;
  if (only_columns && !by_columns) throw std::logic_error("check: the facility table lacks a column the metrics read");
  out.metrics = by_columns ? std::move(*by_columns) : compute_metrics(data, as_of);
  bool need = !batch || needs_values(rules, as_of);
  const dataset_value_set* values = need && shared ? shared() : nullptr;
  check_options scaled = options;  // the step budget grows with the facilities the records do not count
  if (only_columns && !scaled.step_budget)
    scaled.step_budget = scaled_step_budget(rules, &data) + steps_per_record * table->size();
  evaluation_context ctx(rules, &data, as_of, scaled, false, values, need, batch ? table : nullptr);
  add_target(out.metrics, ctx);
  if (!rules.in_force().contains(as_of)) return out;
  facility_rows rows{table, only_columns ? nullptr : &data, need ? &ctx.values() : nullptr};
  out.findings = run_rules(ctx, &data, false, options.threads, batch ? &rows : nullptr, options.counters);
  return out;
}

}  // namespace detail

TUOYU_DECL report check(const rulebook& rules, const dataset& data, date as_of, const check_options& options) {
  if (!options.batch) return detail::check_with(rules, data, nullptr, {}, as_of, options);
  if (!detail::needs_values(rules, as_of)) {
    auto table = facility_table::from_dataset(data, detail::facility_paths(rules));
    return detail::check_with(rules, data, &table, {}, as_of, options);
  }
  // The dataset's values are needed too: they are built from a complete table, sharing its strings.
  auto table = facility_table::from_dataset(data);
  auto values = detail::dataset_values(data, &table);
  return detail::check_with(rules, data, &table, [&] { return &values; }, as_of, options);
}

TUOYU_DECL report check(const rulebook& rules, const prepared_dataset& data, date as_of, const check_options& options) {
  // The per-record path reads records: made here if the facilities came as columns.
  if (!options.batch) return detail::check_with(rules, data.data(), nullptr, {}, as_of, options);
  return detail::check_with(rules, data.checked_data(), &data.facilities(), [&] { return &data.values(); }, as_of,
                            options, data.facilities_only_as_columns());
}

TUOYU_DECL std::vector<finding> check_facilities(const rulebook& rules, const facility_table& facilities, date as_of,
                                                 const check_options& options) {
  if (!rules.in_force().contains(as_of)) return {};
  // Definitions and the dataset are computed only if a facility rule (or its evidence) reads them.
  bool need = false;
  for (const auto& r : rules.rules()) {
    if (r.subject != subject_kind::facility) continue;
    auto reads_more = [](const expression& e) {
      for (const auto& v : e.variables())
        if (v != "facility" && v != "as_of") return true;
      return false;
    };
    if ((r.when && reads_more(*r.when)) || reads_more(*r.require)) need = true;
    for (const auto& item : r.evidence) need = need || reads_more(item.expr);
    for (const auto* m : {&r.message_zh, &r.message_en})
      for (const auto& part : m->parts) need = need || (part.hole && reads_more(*part.hole));
  }
  detail::dataset_value_set values;
  if (need) {
    values.facilities = facilities.row_views();
    values.jurisdiction = value::map({});
    values.dataset = value::map({{value("jurisdiction"), values.jurisdiction},
                                 {value("townships"), value::list({})},
                                 {value("facilities"), value::list(values.facilities)},
                                 {value("meetings"), value::list({})},
                                 {value("trainings"), value::list({})}});
  }
  detail::evaluation_context ctx(rules, nullptr, as_of, options, false, need ? &values : nullptr, false,
                                 options.batch ? &facilities : nullptr);
  detail::facility_rows rows{&facilities, nullptr, need ? &values : nullptr};
  std::vector<const rule*> batched;
  for (const auto& r : rules.rules())
    if (r.subject == subject_kind::facility && r.in_force.contains(as_of)) batched.push_back(&r);
  std::vector<detail::finding_group> groups;
  if (options.batch) {
    auto decided = detail::run_facility_rules(ctx, batched, rows, options.threads, options.counters);
    decided.add_groups(groups);
    return detail::in_contract_order(std::move(groups), options.threads);
  }
  std::deque<std::vector<finding>> made;  // a list per rule (never moved)
  activation a = ctx.base();
  for (const rule* r : batched) {
    auto& out = made.emplace_back();
    for (std::size_t i = 0; i < facilities.size(); ++i) {
      a.bind("facility", rows.row(i));
      detail::evaluate_bound(ctx, *r, [&] { return subject_ref{subject_kind::facility, rows.id(i), std::nullopt}; }, a,
                             out);
    }
    groups.push_back(detail::moved_in(r->id, out));
  }
  return detail::in_contract_order(std::move(groups));
}

TUOYU_DECL report lint(const rulebook& rules, date as_of) {
  report out;
  out.rulebook_id = rules.id();
  out.rulebook_version = rules.version();
  out.as_of = as_of;
  dataset empty;
  check_options options;
  detail::evaluation_context ctx(rules, &empty, as_of, options, true);
  out.findings = detail::run_rules(ctx, &empty, true, 1);
  return out;
}

TUOYU_DECL rule_explanation explain(const rulebook& rules, const dataset& data, date as_of, std::string_view rule_id,
                                    std::string_view subject_id, const check_options& options) {
  const rule* r = rules.find_rule(rule_id);
  if (!r) throw input_error("tuoyu.input.120", "no rule \"" + std::string(rule_id) + "\" in rulebook " + rules.id());
  detail::evaluation_context ctx(rules, &data, as_of, options);
  auto subjects = detail::subjects_of(ctx, *r, &data);
  std::optional<std::size_t> chosen;
  for (auto s : subjects) {
    auto ref = ctx.subject_of(*r, s, &data);
    bool match = subject_id.empty() ? subjects.size() == 1
                 : r->subject == subject_kind::year ? std::to_string(s) == subject_id
                                                    : ref.id == subject_id;
    if (match) chosen = s;
  }
  if (!chosen) {
    // Year rules can be explained for any year, even outside the range the rule iterates over.
    if (r->subject == subject_kind::year && !subject_id.empty() && subject_id.size() <= 4 &&
        subject_id.find_first_not_of("0123456789") == std::string_view::npos)
      chosen = static_cast<std::size_t>(std::stoi(std::string(subject_id)));
    else
      throw input_error("tuoyu.input.121", "rule " + r->id + " has no subject \"" + std::string(subject_id) +
                                               "\" (give --subject with a " + std::string(to_string(r->subject)) +
                                               (r->subject == subject_kind::year ? ")" : " id)"));
  }
  rule_explanation out;
  out.rule = r->id;
  out.subject = ctx.subject_of(*r, *chosen, &data);
  out.as_of = as_of;
  out.in_force = rules.in_force().contains(as_of) && r->in_force.contains(as_of);
  activation a = ctx.for_subject(*r, *chosen);
  out.applies = true;
  if (r->when) {
    auto trace = r->when->explain(a);
    for (const auto& s : trace.entries) out.when_steps.push_back({s.source_text, s.depth, s.result});
    auto v = detail::condition_value(r->when->evaluate(a));
    out.applies = v.is_error() || v.as_bool();
  }
  if (out.applies) {
    auto trace = r->require->explain(a);
    for (const auto& s : trace.entries) out.require_steps.push_back({s.source_text, s.depth, s.result});
    out.outcome = detail::condition_value(r->require->evaluate(a));
    out.finding = out.in_force && (out.outcome.is_error() || !out.outcome.as_bool());
  }
  for (const auto& name : r->parameters)
    if (auto* p = ctx.parameter(name)) out.parameters.push_back(*p);
  out.evidence = ctx.evidence(*r, a, out.outcome);
  return out;
}

TUOYU_DECL value evaluate_in(const rulebook& rules, const dataset& data, date as_of, const expression& expr,
                             const std::vector<std::pair<std::string, value>>& variables) {
  check_options options;
  detail::evaluation_context ctx(rules, &data, as_of, options);
  activation a = ctx.base();
  for (const auto& [name, v] : variables) a.bind(name, v);
  return expr.evaluate(a);
}

TUOYU_DECL boost::json::value to_json(const rule_explanation& e) {
  auto steps = [](const std::vector<explanation_step>& in) {
    boost::json::array out;
    for (const auto& s : in)
      out.push_back(boost::json::object{{"expression", s.expression}, {"depth", s.depth}, {"value", to_json(s.result)}});
    return out;
  };
  boost::json::array params;
  for (const auto& p : e.parameters) {
    boost::json::object o{{"name", p.name}, {"value", to_json(p.result)}};
    if (p.from) o["from"] = p.from->to_string();
    params.push_back(std::move(o));
  }
  boost::json::object subject{{"kind", to_string(e.subject.kind == subject_kind::year ? subject_kind::jurisdiction
                                                                                         : e.subject.kind)},
                              {"id", e.subject.id}};
  if (e.subject.year) subject["year"] = *e.subject.year;
  return boost::json::object{{"rule", e.rule},
                             {"subject", std::move(subject)},
                             {"as_of", e.as_of.to_string()},
                             {"in_force", e.in_force},
                             {"applies", e.applies},
                             {"outcome", to_json(e.outcome)},
                             {"finding", e.finding},
                             {"when", steps(e.when_steps)},
                             {"require", steps(e.require_steps)},
                             {"parameters", std::move(params)},
                             {"evidence", e.evidence}};
}

}  // namespace v1
}  // namespace tuoyu
