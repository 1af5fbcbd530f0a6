// The columnar evaluator (internal): a rule expression compiled against a facility_table into column
// operations over blocks of rows. Each row's result is true, false or "unknown" (an error, a non-bool,
// anything this evaluator does not model); the engine re-evaluates only unknown rows with the scalar
// interpreter, so results are identical to the per-record path by construction.
#pragma once

#include <tuoyu/detail/config.hpp>
#include <tuoyu/detail/expr_ast.hpp>
#include <tuoyu/expression/activation.hpp>
#include <tuoyu/facility_table.hpp>

#include <cstdint>
#include <memory>
#include <optional>
#include <string_view>
#include <vector>

namespace tuoyu::detail {

inline constexpr std::size_t batch_block = 1024;

inline constexpr std::uint8_t tri_false = 0, tri_true = 1, tri_unknown = 2;

enum class vop : std::uint8_t { constant, load, has, logical_and, logical_or, logical_not, conditional, eq, ne, lt, le, gt, ge, in };

struct vnode {
  vop o = vop::constant;
  bool tri = false;  // result is a tri-state per row; otherwise a value pointer per row (nullptr: unknown)
  int a = -1, b = -1, c = -1;
  value konst;
  const facility_table::column* col = nullptr;
  const facility_table::column* parent = nullptr;  // has(): the object holding the field; nullptr: the row
};

// Per-thread scratch space of one vector_program: one buffer per node.
struct vector_workspace {
  std::vector<std::uint8_t> tri;       // node * batch_block + row
  std::vector<const value*> ptr;
};

class vector_program {
 public:
  // Compiles `prog` where `subject` names the table's row; constants come from `base` (variables and
  // parameters). Empty when the expression uses something this evaluator does not model.
  static TUOYU_DECL std::optional<vector_program> compile(const program& prog, const facility_table& table,
                                                          const activation& base, std::string_view subject);
  TUOYU_DECL vector_workspace workspace() const;
  // Rows [begin, end), end - begin <= batch_block; writes one tri-state per row to `out`.
  TUOYU_DECL void run(std::size_t begin, std::size_t end, vector_workspace& ws, std::uint8_t* out) const;

 private:
  std::vector<vnode> nodes_;  // children before parents
  int root_ = -1;
  friend struct vector_compiler;
};

}  // namespace tuoyu::detail

#ifdef TUOYU_HEADER_ONLY
#include <tuoyu/impl/batch_eval.ipp>
#endif
