// The columnar evaluator (internal): a rule expression compiled against a facility_table into column
// operations over blocks of rows. Each row's result is true, false or "unknown" (an error, a non-bool,
// anything this evaluator does not model); the engine re-evaluates only unknown rows with the scalar
// interpreter, so results are identical to the per-record path by construction.
#pragma once

#include <tuoyu/detail/config.hpp>
#include <tuoyu/detail/expr_ast.hpp>
#include <tuoyu/expression/activation.hpp>
#include <tuoyu/expression/expression.hpp>
#include <tuoyu/facility_table.hpp>

#include <cstdint>
#include <memory>
#include <optional>
#include <string_view>
#include <vector>

namespace tuoyu::detail {

inline constexpr std::size_t batch_block = 256;

// "a.b" for `subject.a.b`, "" for `subject` itself; nullopt if `n` is not such a chain.
TUOYU_DECL std::optional<std::string> subject_path(const node& n, std::string_view subject);

inline constexpr std::uint8_t tri_false = 0, tri_true = 1, tri_unknown = 2;

// `truth`: a value as a condition (a bool, else unknown), where logic reads a value or a rule's result is one.
enum class vop : std::uint8_t { constant, load, has, truth, logical_and, logical_or, logical_not, conditional, eq, ne, lt, le, gt, ge, in };

struct vnode {
  vop o = vop::constant;
  bool tri = false;  // result is a tri-state per row; otherwise a value pointer per row (nullptr: unknown)
  bool interned = false;  // eq/ne of strings that share payloads when equal: compare pointers
  bool root = false;      // a result the caller reads
  int a = -1, b = -1, c = -1;
  value konst;
  const facility_table::column* col = nullptr;
  const facility_table::column* parent = nullptr;  // has(): the object holding the field; nullptr: the row
};

// Per-thread scratch space of one vector_program: one buffer per node.
struct vector_workspace {
  std::vector<std::uint8_t> tri;       // node * batch_block + row
  std::vector<const value*> ptr;
  std::vector<std::uint8_t> live;      // per node: run() computes it (constants are filled once)
};

// Several expressions (every facility rule's `when` and `require`) compiled into one program, equal
// sub-expressions shared (`active(facility)` is computed once per row, not once per rule).
class vector_program {
 public:
  // `subject` names the table's row; constants come from `base` (variables and parameters).
  vector_program(const facility_table& table, const activation& base, std::string_view subject)
      : table_(&table), base_(&base), subject_(subject) {}
  // The root of `prog` as a condition (its rows hold tri-states), or -1 when it uses something this
  // evaluator does not model.
  TUOYU_DECL int add(const program& prog);
  // The same for a subtree (a filter's predicate); the caller checks the step budget.
  TUOYU_DECL int add(const node& root);
  // Scratch space for run(), made after the last add().
  TUOYU_DECL vector_workspace workspace() const;
  // Rows [begin, end), end - begin <= batch_block: computes every node a root needs.
  TUOYU_DECL void run(std::size_t begin, std::size_t end, vector_workspace& ws) const;
  // Row i (relative to `begin` of the last run) of root `k` as a value; nullptr when unknown.
  const value* pointer(const vector_workspace& ws, int k, std::size_t i) const {
    const std::size_t at = static_cast<std::size_t>(k) * batch_block + i;
    return nodes_[static_cast<std::size_t>(k)].tri ? value_of(ws.tri[at]) : ws.ptr[at];
  }
  // Root `k`'s rows of the last run as tri-states, when the node holds them so; otherwise nullptr.
  const std::uint8_t* tri_results(const vector_workspace& ws, int k) const {
    const auto at = static_cast<std::size_t>(k);
    return nodes_[at].tri ? ws.tri.data() + at * batch_block : nullptr;
  }
  // Row i (relative to `begin` of the last run) of root `k` as a tri-state.
  std::uint8_t result(const vector_workspace& ws, int k, std::size_t i) const {
    const std::size_t at = static_cast<std::size_t>(k) * batch_block + i;
    return nodes_[static_cast<std::size_t>(k)].tri ? ws.tri[at] : tri_of(ws.ptr[at]);
  }

  // A tri-state as a value (nullptr: unknown), and a value as a tri-state (anything but a bool: unknown).
  static const value* value_of(std::uint8_t tri) noexcept {
    static const value true_value{true}, false_value{false};
    return tri == tri_true ? &true_value : tri == tri_false ? &false_value : nullptr;
  }
  static std::uint8_t tri_of(const value* p) noexcept {
    return p && p->is_bool() ? static_cast<std::uint8_t>(p->raw_bool()) : tri_unknown;
  }

 private:
  TUOYU_DECL int add(const node& root, bool as_condition);

  const facility_table* table_;
  const activation* base_;
  std::string_view subject_;
  std::vector<vnode> nodes_;  // children before parents
  friend struct vector_compiler;
};

class index_cache;

// A global definition the columns can compute: `R.filter(x, P)`, `R.map(x, E)`, or `sum`, `min` or
// `max` of such a map, where R is a list of the table's rows noted in `cache` (the engine notes
// `dataset.facilities`; a filter computed here notes its result) and the columns decide P, or give
// E, for every row of R. The value is the interpreter's, without its pass over every row's map.
// nullopt when the expression is not of such a form, P or E is not modelled, some row is unknown
// (an error, which the interpreter reports), or the step budget could run out in the interpreter.
TUOYU_DECL std::optional<value> evaluate_on_columns(const expression& e, const facility_table& table,
                                                    const activation& base, index_cache& cache);

}  // namespace tuoyu::detail

#ifdef TUOYU_HEADER_ONLY
#include <tuoyu/impl/batch_eval.ipp>
#endif
