// Out-of-line part of detail/batch_eval.hpp.
#pragma once

#include <tuoyu/detail/batch_eval.hpp>
#include <tuoyu/detail/expr_interpreter.hpp>
#include <tuoyu/detail/filter_index.hpp>

#include <algorithm>
#include <string>

namespace tuoyu::detail {

// The interpreter's ordering (expr_interpreter.ipp): -1/0/1, 2 unordered, 3 no ordering between kinds.
TUOYU_DECL int order(const value& a, const value& b);

TUOYU_DECL std::optional<std::string> subject_path(const node& n, std::string_view subject) {
  auto chain = select_chain_of(n);
  if (!chain || chain->root->name != subject) return std::nullopt;
  std::string path;
  for (const auto& field : chain->fields) {
    if (!path.empty()) path += '.';
    path += field;
  }
  return path;
}

struct vector_compiler {
  const facility_table& table;
  const activation& base;
  std::string_view subject;
  vector_program& out;

  // Constants are shared only when they are the same object for pointer comparisons too.
  static bool same_constant(const value& x, const value& y) {
    if (x.kind() != y.kind()) return false;
    switch (x.kind()) {
      case value_kind::null: return true;
      case value_kind::bool_: return x.raw_bool() == y.raw_bool();
      case value_kind::int_: return x.raw_int() == y.raw_int();
      case value_kind::uint_: return x.raw_uint() == y.raw_uint();
      case value_kind::date: return x.raw_days() == y.raw_days();
      case value_kind::double_: return false;  // -0.0 and NaN: not worth the care
      default: return x.raw_payload() == y.raw_payload();
    }
  }

  // Equal nodes are shared: the same operation on the same inputs.
  int add(vnode n) {
    for (std::size_t k = 0; k < out.nodes_.size(); ++k) {
      const vnode& m = out.nodes_[k];
      if (m.o == n.o && m.a == n.a && m.b == n.b && m.c == n.c && m.col == n.col && m.parent == n.parent &&
          m.tri == n.tri && m.interned == n.interned && m.konst.kind() == n.konst.kind() &&
          (n.o != vop::constant || same_constant(m.konst, n.konst)))
        return static_cast<int>(k);
    }
    out.nodes_.push_back(std::move(n));
    return static_cast<int>(out.nodes_.size()) - 1;
  }

  // For eq/ne between a string column and a string constant: the column's own payload of that text
  // (columns store each distinct string once), so equal strings are equal pointers.
  int intern_against(int load, int konst) {
    const auto& l = out.nodes_[load];
    const auto& k = out.nodes_[konst];
    if (l.o != vop::load || k.o != vop::constant || !k.konst.is_string() || !l.col->interned) return -1;
    for (const auto& d : l.col->dictionary)
      if (d.as_string() == k.konst.as_string()) return constant(d);
    return konst;  // no cell holds this text: no pointer will match, which is right
  }
  // A node as a condition: tri-states as they are, a value through `truth`.
  int condition(int k) {
    if (k < 0 || out.nodes_[static_cast<std::size_t>(k)].tri) return k;
    vnode v;
    v.o = vop::truth;
    v.tri = true;
    v.a = k;
    return add(std::move(v));
  }
  int constant(value v) {
    vnode n;
    n.o = vop::constant;
    n.konst = std::move(v);
    return add(std::move(n));
  }

  // -1: not vectorisable.
  int compile(const node& n) {
    switch (n.kind) {
      case node_kind::literal: return constant(n.literal);
      case node_kind::ident: {
        if (n.name == subject || n.slot < 0) return -1;
        const value* v = base.find(n.name);
        return v ? constant(*v) : -1;
      }
      case node_kind::select:
      case node_kind::has: {
        if (n.args.size() != 1) return -1;
        auto p = subject_path(*n.args[0], subject);
        if (!p) return -1;
        std::string path = p->empty() ? n.name : *p + "." + n.name;
        const auto* col = table.find(path);
        if (!col) return -1;
        vnode v;
        v.col = col;
        if (n.kind == node_kind::select) {
          if (col->object) return -1;  // an object as a value: the scalar path builds maps
          v.o = vop::load;
          return add(std::move(v));
        }
        v.o = vop::has;
        v.tri = true;
        if (!p->empty()) {
          v.parent = table.find(*p);
          if (!v.parent || !v.parent->object) return -1;
        }
        return add(std::move(v));
      }
      case node_kind::list: {
        value_list items;
        for (const auto& a : n.args) {
          if (a->kind != node_kind::literal) return -1;
          items.push_back(a->literal);
        }
        return constant(value::list(std::move(items)));
      }
      case node_kind::call: break;
      default: return -1;
    }
    auto binary = [&](vop o) {
      if (n.args.size() != 2) return -1;
      int a = compile(*n.args[0]);
      if (a < 0) return -1;
      int b = compile(*n.args[1]);
      if (b < 0) return -1;
      if (o == vop::logical_and || o == vop::logical_or) {  // logic reads its operands as conditions
        a = condition(a);
        b = condition(b);
      }
      vnode v;
      v.o = o;
      v.tri = true;
      if (o == vop::eq || o == vop::ne) {
        if (int k = intern_against(a, b); k >= 0) {
          b = k;
          v.interned = true;
        } else if (int j = intern_against(b, a); j >= 0) {
          a = j;
          v.interned = true;
        }
      }
      v.a = a;
      v.b = b;
      return add(std::move(v));
    };
    switch (n.fn) {
      case op::logical_and: return binary(vop::logical_and);
      case op::logical_or: return binary(vop::logical_or);
      case op::eq: return binary(vop::eq);
      case op::ne: return binary(vop::ne);
      case op::lt: return binary(vop::lt);
      case op::le: return binary(vop::le);
      case op::gt: return binary(vop::gt);
      case op::ge: return binary(vop::ge);
      case op::in: return binary(vop::in);
      case op::logical_not: {
        if (n.args.size() != 1) return -1;
        int a = condition(compile(*n.args[0]));
        if (a < 0) return -1;
        vnode v;
        v.o = vop::logical_not;
        v.tri = true;
        v.a = a;
        return add(std::move(v));
      }
      case op::conditional: {
        if (n.args.size() != 3) return -1;
        int c = condition(compile(*n.args[0]));
        int a = c < 0 ? -1 : compile(*n.args[1]);
        int b = a < 0 ? -1 : compile(*n.args[2]);
        if (b < 0) return -1;
        vnode v;
        v.o = vop::conditional;
        v.tri = out.nodes_[a].tri && out.nodes_[b].tri;
        v.a = a;
        v.b = b;
        v.c = c;
        return add(std::move(v));
      }
      case op::param: {
        const auto& lookup = base.get_parameter_lookup();
        if (!lookup || n.args.size() != 1 || !n.args[0]->literal.is_string()) return -1;
        return constant(lookup(n.args[0]->literal.as_string()));
      }
      default: return -1;
    }
  }
};

inline std::size_t count_nodes(const node& n) {
  std::size_t k = 1;
  for (const auto& a : n.args) k += count_nodes(*a);
  return k;
}

TUOYU_DECL int vector_program::add(const program& prog) {
  // Without comprehensions an evaluation takes at most one step per node: a budget smaller than
  // that could run out, which only the interpreter reproduces exactly.
  if (!prog.root || base_->step_budget().value_or(prog.step_budget) < count_nodes(*prog.root)) return -1;
  return add(*prog.root, true);
}

TUOYU_DECL int vector_program::add(const node& root) {
  return add(root, false);
}

TUOYU_DECL int vector_program::add(const node& root, bool as_condition) {
  vector_compiler c{*table_, *base_, subject_, *this};
  int k = c.compile(root);
  if (as_condition) k = c.condition(k);
  if (k >= 0) nodes_[static_cast<std::size_t>(k)].root = true;
  return k;
}

// Nodes that read a column's cells themselves, not their operands' buffers: eq/ne of a string column
// against one of its own strings, and a column's cells as a condition. Their operands are computed
// only if something else needs them.
inline bool is_load(const std::vector<vnode>& nodes, int k) { return nodes[static_cast<std::size_t>(k)].o == vop::load; }
inline bool reads_operands_directly(const std::vector<vnode>& nodes, const vnode& v) {
  switch (v.o) {
    case vop::eq:
    case vop::ne: return v.interned && is_load(nodes, v.a) != is_load(nodes, v.b);
    case vop::truth: return is_load(nodes, v.a);
    default: return false;
  }
}

// The list a range expression names, when it is bound for the whole evaluation in `base`: a
// variable or definition (`counted_facilities`), or a field of one (`dataset.facilities`).
inline const value* bound_range(const node& n, const activation& base) {
  auto chain = select_chain_of(n);
  if (!chain || chain->root->slot < 0) return nullptr;
  const value* v = base.find(chain->root->name);
  for (const auto& field : chain->fields)
    if (v = v && v->is_map() ? v->find(std::string_view(field)) : nullptr; !v) return nullptr;
  return v && v->is_list() ? v : nullptr;
}

TUOYU_DECL const value* ev_aggregate(const node& n, const std::vector<const value*>& items, value& tmp);

TUOYU_DECL std::optional<value> evaluate_on_columns(const expression& e, const facility_table& table,
                                                    const activation& base, index_cache& cache) {
  const node& root = *e.program().root;
  // sum(R.map(...)), min(...), max(...): the aggregate of the map's values, as the interpreter takes it.
  const bool aggregate = root.kind == node_kind::call && (root.fn == op::sum || root.fn == op::min || root.fn == op::max) &&
                         root.args.size() == 1;
  const node& n = aggregate ? *root.args[0] : root;
  if (n.kind != node_kind::comprehension || (n.mac != macro::filter && n.mac != macro::map) || n.has_filter ||
      n.slot2 >= 0 || (aggregate && n.mac != macro::map))
    return std::nullopt;
  const value* range = bound_range(*n.args[0], base);
  const table_rows* rows = range ? cache.rows_of(*range) : nullptr;
  if (!rows || rows->table != &table || rows->rows.size() != range->as_list().size()) return std::nullopt;
  const node& body = *n.args[1];
  // The interpreter spends at most one step per node, and one per element of the loop: where its
  // budget could run out, only it reproduces running out.
  const std::uint64_t count = rows->rows.size();
  const std::uint64_t budget = base.step_budget().value_or(e.program().step_budget);
  if (count_nodes(root) + count * (2 + count_nodes(body)) >= budget) return std::nullopt;
  vector_program prog(table, base, n.name);
  int k = prog.add(body);
  if (k < 0) return std::nullopt;
  auto ws = prog.workspace();
  const auto& items = range->as_list();
  value_list out;
  std::vector<std::uint32_t> kept;  // a filter's rows, noted for the definitions after it
  std::vector<const value*> values;
  // The rows are ascending: each block of the table holding some of them is run once.
  for (std::size_t at = 0; at < count;) {
    const std::size_t begin = rows->rows[at] / batch_block * batch_block;
    const std::size_t end = std::min(table.size(), begin + batch_block);
    prog.run(begin, end, ws);
    for (; at < count && rows->rows[at] < end; ++at) {
      const std::size_t i = rows->rows[at] - begin;
      if (n.mac == macro::filter) {
        auto r = prog.result(ws, k, i);
        if (r == tri_unknown) return std::nullopt;  // an error or a non-bool: the interpreter's to report
        if (r == tri_true) {
          out.push_back(items[at]);
          kept.push_back(rows->rows[at]);
        }
        continue;
      }
      const value* v = prog.pointer(ws, k, i);
      if (!v) return std::nullopt;
      if (aggregate) values.push_back(v);  // cells and the constants of `pointer` outlive the loop
      else out.push_back(*v);
    }
  }
  if (aggregate) {
    value tmp;
    const value* r = ev_aggregate(root, values, tmp);
    return r == &tmp ? std::move(tmp) : *r;
  }
  value result = value::list(std::move(out));
  if (n.mac == macro::filter) cache.note_rows(result, table, std::move(kept));
  return result;
}

TUOYU_DECL vector_workspace vector_program::workspace() const {
  vector_workspace ws;
  ws.tri.assign(nodes_.size() * batch_block, tri_unknown);
  ws.ptr.assign(nodes_.size() * batch_block, nullptr);
  // A node is computed only when a root needs it: the loads of columns that interned comparisons read
  // directly, and constants left behind by interning, are not. Constants are the same for every
  // block, so they are written here once.
  ws.live.assign(nodes_.size(), 0);
  for (std::size_t k = nodes_.size(); k-- > 0;) {
    const vnode& v = nodes_[k];
    if (v.o == vop::constant) {
      std::fill_n(ws.ptr.data() + k * batch_block, batch_block, v.konst.is_error() ? nullptr : &v.konst);
      continue;
    }
    if (!v.root && !ws.live[k]) continue;
    ws.live[k] = 1;
    if (reads_operands_directly(nodes_, v)) continue;
    for (int child : {v.a, v.b, v.c})
      if (child >= 0) ws.live[static_cast<std::size_t>(child)] = 1;
  }
  return ws;
}

TUOYU_DECL void vector_program::run(std::size_t begin, std::size_t end, vector_workspace& ws) const {
  const std::size_t n = end - begin;
  auto tris = [&](int k) { return ws.tri.data() + static_cast<std::size_t>(k) * batch_block; };
  auto ptrs = [&](int k) { return ws.ptr.data() + static_cast<std::size_t>(k) * batch_block; };
  // An operand's rows as tri-states or as value pointers, whichever the node holds, read through a
  // local view: through the workspace, every store to `t` (bytes, which may alias anything) made
  // the compiler reload the node table and the buffers on the next row.
  struct operand_rows {
    const std::uint8_t* tri = nullptr;  // set when the node holds tri-states
    const value* const* ptr = nullptr;  // otherwise
    std::uint8_t tri_at(std::size_t i) const { return tri ? tri[i] : tri_of(ptr[i]); }
    const value* ptr_at(std::size_t i) const { return tri ? value_of(tri[i]) : ptr[i]; }
  };
  auto operand = [&](int k) {
    operand_rows r;
    if (k < 0) return r;
    if (nodes_[static_cast<std::size_t>(k)].tri) r.tri = tris(k);
    else r.ptr = ptrs(k);
    return r;
  };
  for (std::size_t k = 0; k < nodes_.size(); ++k) {
    if (!ws.live[k]) continue;
    const vnode& v = nodes_[k];
    std::uint8_t* t = tris(static_cast<int>(k));
    const value** p = ptrs(static_cast<int>(k));
    const operand_rows ra = operand(v.a), rb = operand(v.b), rc = operand(v.c);
    switch (v.o) {
      case vop::constant: break;  // written by workspace()
      case vop::load: {
        // Without a branch per row: absent and present cells are mixed at random, and a mispredicted
        // branch costs more than the whole row.
        const value* cells = v.col->cells.data() + begin;
        for (std::size_t i = 0; i < n; ++i) {
          const auto present = static_cast<std::uintptr_t>(!cells[i].is_null());
          p[i] = reinterpret_cast<const value*>(reinterpret_cast<std::uintptr_t>(&cells[i]) & (0 - present));
        }
        break;
      }
      case vop::has: {
        const value* cells = v.col->cells.data() + begin;
        const value* parent = v.parent ? v.parent->cells.data() + begin : nullptr;
        for (std::size_t i = 0; i < n; ++i) t[i] = static_cast<std::uint8_t>(!cells[i].is_null());
        if (parent)  // unknown where the parent is absent, again without a branch per row
          for (std::size_t i = 0; i < n; ++i) {
            const auto absent = static_cast<std::uint8_t>(parent[i].is_null());
            t[i] = static_cast<std::uint8_t>(t[i] + absent * (tri_unknown - t[i]));
          }
        break;
      }
      case vop::truth:
        if (reads_operands_directly(nodes_, v)) {  // a column's cells, without a branch per row
          const value* cells = nodes_[static_cast<std::size_t>(v.a)].col->cells.data() + begin;
          for (std::size_t i = 0; i < n; ++i)
            t[i] = cells[i].is_bool() ? static_cast<std::uint8_t>(cells[i].raw_bool()) : tri_unknown;
          break;
        }
        for (std::size_t i = 0; i < n; ++i) t[i] = ra.tri_at(i);
        break;
      // The compiler gives logic only conditions to read (`truth` over anything else), so the
      // operands of &&, || and !, and the condition of ?:, hold tri-states.
      case vop::logical_and:
      case vop::logical_or: {
        // CEL's commutative logic: a decisive operand wins over an unknown one. With false 0, true
        // 1, unknown 2: unless an operand is decisive, the larger one is the result.
        static_assert(tri_false == 0 && tri_true == 1 && tri_unknown == 2);
        const std::uint8_t decisive = v.o == vop::logical_or ? tri_true : tri_false;
        const std::uint8_t* x = ra.tri;
        const std::uint8_t* y = rb.tri;
        for (std::size_t i = 0; i < n; ++i)
          t[i] = (x[i] == decisive) | (y[i] == decisive) ? decisive : std::max(x[i], y[i]);
        break;
      }
      case vop::logical_not:
        for (std::size_t i = 0; i < n; ++i)
          t[i] = ra.tri[i] == tri_unknown ? tri_unknown : static_cast<std::uint8_t>(ra.tri[i] ^ 1);
        break;
      case vop::conditional:
        for (std::size_t i = 0; i < n; ++i) {
          const auto c = rc.tri[i];
          const operand_rows& chosen = c == tri_true ? ra : rb;
          if (v.tri) t[i] = c == tri_unknown ? tri_unknown : chosen.tri_at(i);
          else p[i] = c == tri_unknown ? nullptr : chosen.ptr_at(i);
        }
        break;
      case vop::eq:
      case vop::ne:
        if (reads_operands_directly(nodes_, v)) {
          // A string column against one of its own strings: equal exactly when the payloads are.
          const bool load_first = nodes_[v.a].o == vop::load;
          const value* cells = nodes_[load_first ? v.a : v.b].col->cells.data() + begin;
          const value& text = nodes_[load_first ? v.b : v.a].konst;
          const bool eq = v.o == vop::eq;
          // Without a branch per row; a cell that is not a string (absent, or another kind where a
          // caller filled the column so) is unknown, and the interpreter decides it.
          for (std::size_t i = 0; i < n; ++i) {
            const bool same = cells[i].raw_payload() == text.raw_payload();
            t[i] = cells[i].is_string() ? static_cast<std::uint8_t>(same == eq) : tri_unknown;
          }
          break;
        }
        for (std::size_t i = 0; i < n; ++i) {
          const value* x = ra.ptr_at(i);
          const value* y = rb.ptr_at(i);
          if (!x || !y || x->is_error() || y->is_error()) {
            t[i] = tri_unknown;
            continue;
          }
          bool same = x == y || (v.interned && x->is_string() && y->is_string() ? x->raw_payload() == y->raw_payload()
                                                                               : *x == *y);
          t[i] = static_cast<std::uint8_t>(same == (v.o == vop::eq));
        }
        break;
      case vop::lt:
      case vop::le:
      case vop::gt:
      case vop::ge:
        for (std::size_t i = 0; i < n; ++i) {
          const value* x = ra.ptr_at(i);
          const value* y = rb.ptr_at(i);
          if (!x || !y || x->is_error() || y->is_error()) {
            t[i] = tri_unknown;
            continue;
          }
          int c = x->kind() == value_kind::date && y->kind() == value_kind::date
                      ? (x->raw_days() < y->raw_days() ? -1 : x->raw_days() > y->raw_days() ? 1 : 0)
                      : order(*x, *y);
          if (c == 3) {
            t[i] = tri_unknown;
            continue;
          }
          bool r = false;
          if (c != 2) r = v.o == vop::lt ? c < 0 : v.o == vop::le ? c <= 0 : v.o == vop::gt ? c > 0 : c >= 0;
          t[i] = static_cast<std::uint8_t>(r);
        }
        break;
      case vop::in:
        for (std::size_t i = 0; i < n; ++i) {
          const value* x = ra.ptr_at(i);
          const value* y = rb.ptr_at(i);
          if (!x || !y || x->is_error() || y->is_error()) {
            t[i] = tri_unknown;
            continue;
          }
          if (y->is_list()) {
            bool found = false;
            for (const auto& e : y->as_list())
              if (e == *x) {
                found = true;
                break;
              }
            t[i] = static_cast<std::uint8_t>(found);
          } else if (y->is_map()) {
            t[i] = static_cast<std::uint8_t>(y->find_key(*x) != nullptr);
          } else {
            t[i] = tri_unknown;
          }
        }
        break;
    }
  }
}

}  // namespace tuoyu::detail
