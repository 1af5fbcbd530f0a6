// Lexer and recursive-descent parser for the expression language.
#pragma once

#include <tuoyu/detail/expr_parser.hpp>
#include <tuoyu/error.hpp>

#include <algorithm>
#include <charconv>
#include <cstring>

namespace tuoyu::detail {

TUOYU_DECL bool is_valid_utf8(std::string_view s) noexcept {
  std::size_t i = 0, n = s.size();
  while (i < n) {
    auto c = static_cast<unsigned char>(s[i]);
    if (c < 0x80) { ++i; continue; }
    std::size_t len;
    std::uint32_t cp;
    if ((c & 0xE0) == 0xC0) { len = 2; cp = c & 0x1F; }
    else if ((c & 0xF0) == 0xE0) { len = 3; cp = c & 0x0F; }
    else if ((c & 0xF8) == 0xF0) { len = 4; cp = c & 0x07; }
    else return false;
    if (i + len > n) return false;
    for (std::size_t k = 1; k < len; ++k) {
      auto d = static_cast<unsigned char>(s[i + k]);
      if ((d & 0xC0) != 0x80) return false;
      cp = (cp << 6) | (d & 0x3F);
    }
    if ((len == 2 && cp < 0x80) || (len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000) || cp > 0x10FFFF ||
        (cp >= 0xD800 && cp <= 0xDFFF))
      return false;
    i += len;
  }
  return true;
}

TUOYU_DECL void append_utf8(std::string& out, std::uint32_t cp) {
  if (cp < 0x80) {
    out += static_cast<char>(cp);
  } else if (cp < 0x800) {
    out += static_cast<char>(0xC0 | (cp >> 6));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else if (cp < 0x10000) {
    out += static_cast<char>(0xE0 | (cp >> 12));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  } else {
    out += static_cast<char>(0xF0 | (cp >> 18));
    out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
    out += static_cast<char>(0x80 | (cp & 0x3F));
  }
}

TUOYU_DECL int hex_digit(char c) noexcept {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

TUOYU_DECL bool decode_string_literal(std::string_view body, bool raw, std::string& out, std::string& error,
                                      std::size_t& error_offset) {
  out.clear();
  if (raw) {
    out.assign(body);
  } else {
    for (std::size_t i = 0; i < body.size(); ++i) {
      char c = body[i];
      if (c != '\\') {
        out += c;
        continue;
      }
      error_offset = i;
      if (i + 1 >= body.size()) {
        error = "incomplete escape sequence";
        return false;
      }
      char e = body[++i];
      switch (e) {
        case 'a': out += '\a'; break;
        case 'b': out += '\b'; break;
        case 'f': out += '\f'; break;
        case 'n': out += '\n'; break;
        case 'r': out += '\r'; break;
        case 't': out += '\t'; break;
        case 'v': out += '\v'; break;
        case '\\': case '?': case '"': case '\'': case '`': out += e; break;
        case 'x': case 'X': case 'u': case 'U': {
          int digits = (e == 'x' || e == 'X') ? 2 : e == 'u' ? 4 : 8;
          std::uint32_t cp = 0;
          for (int k = 0; k < digits; ++k) {
            if (i + 1 >= body.size() || hex_digit(body[i + 1]) < 0) {
              error = std::string("invalid \\") + e + " escape (expected " + std::to_string(digits) + " hex digits)";
              return false;
            }
            cp = cp * 16 + static_cast<std::uint32_t>(hex_digit(body[++i]));
          }
          if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) {
            error = "escape does not name a Unicode scalar value";
            return false;
          }
          append_utf8(out, cp);
          break;
        }
        case '0': case '1': case '2': case '3': {
          std::uint32_t cp = static_cast<std::uint32_t>(e - '0');
          for (int k = 0; k < 2; ++k) {
            if (i + 1 >= body.size() || body[i + 1] < '0' || body[i + 1] > '7') {
              error = "invalid octal escape (expected 3 octal digits)";
              return false;
            }
            cp = cp * 8 + static_cast<std::uint32_t>(body[++i] - '0');
          }
          append_utf8(out, cp);
          break;
        }
        default:
          error = std::string("invalid escape sequence \\") + e;
          return false;
      }
    }
  }
  if (!is_valid_utf8(out)) {
    error_offset = 0;
    error = "string literal is not valid UTF-8";
    return false;
  }
  return true;
}

enum class tok : std::uint8_t {
  eof, ident, quoted_ident, int_lit, uint_lit, double_lit, string_lit, bytes_lit,
  lparen, rparen, lbracket, rbracket, lbrace, rbrace, dot, comma, colon, question,
  plus, minus, star, slash, percent, bang, and_and, or_or, eq, ne, lt, le, gt, ge, in, assign
};

struct token {
  tok kind = tok::eof;
  std::uint32_t begin = 0, end = 0;
  std::string text;            // identifier name or decoded string
  std::uint64_t number = 0;    // int/uint magnitude
  double dbl = 0;
};

class parser {
 public:
  parser(const source_info& src, int max_nesting) : src_(src), s_(src.text), max_nesting_(max_nesting) {}

  node_ptr parse() {
    advance();
    auto n = parse_expr();
    if (cur_.kind != tok::eof) fail(cur_.begin, "unexpected " + describe(cur_));
    return n;
  }

 private:
  [[noreturn]] void fail(std::uint32_t offset, const std::string& msg, const char* id = "tuoyu.expr.301") const {
    auto [line, col] = src_.line_col(offset);
    throw expression_error(id, msg, location{{}, {}, line, col});
  }

  std::string describe(const token& t) const {
    if (t.kind == tok::eof) return "end of expression";
    return "'" + std::string(s_.substr(t.begin, t.end - t.begin)) + "'";
  }

  // ---- lexer ----
  void skip_space() {
    while (p_ < s_.size()) {
      char c = s_[p_];
      if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v') {
        ++p_;
      } else if (c == '/' && p_ + 1 < s_.size() && s_[p_ + 1] == '/') {
        while (p_ < s_.size() && s_[p_] != '\n') ++p_;
      } else {
        break;
      }
    }
  }

  static bool ident_start(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'; }
  static bool ident_char(char c) { return ident_start(c) || (c >= '0' && c <= '9'); }

  void lex_string(std::uint32_t start, bool raw, bool bytes) {
    char q = s_[p_];
    bool triple = p_ + 2 < s_.size() && s_[p_ + 1] == q && s_[p_ + 2] == q;
    std::size_t body_begin = p_ + (triple ? 3 : 1);
    std::size_t i = body_begin;
    std::size_t body_end = std::string_view::npos;
    while (i < s_.size()) {
      char c = s_[i];
      if (!raw && c == '\\') {
        i += 2;
        continue;
      }
      if (triple) {
        if (c == q && i + 2 < s_.size() + 0 && s_[i + 1] == q && s_[i + 2] == q) {
          body_end = i;
          i += 3;
          break;
        }
      } else {
        if (c == '\n' || c == '\r') break;
        if (c == q) {
          body_end = i;
          ++i;
          break;
        }
      }
      ++i;
    }
    if (body_end == std::string_view::npos) fail(start, "unterminated string literal");
    if (bytes) {
      cur_.kind = tok::bytes_lit;
    } else {
      cur_.kind = tok::string_lit;
      std::string err;
      std::size_t err_off = 0;
      if (!decode_string_literal(s_.substr(body_begin, body_end - body_begin), raw, cur_.text, err, err_off))
        fail(static_cast<std::uint32_t>(body_begin + err_off), err);
    }
    p_ = i;
  }

  void lex_number(std::uint32_t start) {
    std::size_t i = p_;
    auto digits = [&](std::size_t j) {
      while (j < s_.size() && s_[j] >= '0' && s_[j] <= '9') ++j;
      return j;
    };
    if (s_[i] == '0' && i + 1 < s_.size() && (s_[i + 1] == 'x' || s_[i + 1] == 'X')) {
      std::size_t j = i + 2;
      std::uint64_t v = 0;
      bool overflow = false;
      while (j < s_.size() && hex_digit(s_[j]) >= 0) {
        if (v > (UINT64_MAX >> 4)) overflow = true;
        v = v * 16 + static_cast<std::uint64_t>(hex_digit(s_[j]));
        ++j;
      }
      if (j == i + 2) fail(start, "invalid hexadecimal literal");
      if (overflow) fail(start, "integer literal out of range");
      finish_int(j, v);
      return;
    }
    std::size_t j = digits(i);
    bool is_double = false;
    if (j < s_.size() && s_[j] == '.' && j + 1 < s_.size() && s_[j + 1] >= '0' && s_[j + 1] <= '9') {
      is_double = true;
      j = digits(j + 1);
    }
    if (j < s_.size() && (s_[j] == 'e' || s_[j] == 'E')) {
      std::size_t k = j + 1;
      if (k < s_.size() && (s_[k] == '+' || s_[k] == '-')) ++k;
      if (k < s_.size() && s_[k] >= '0' && s_[k] <= '9') {
        is_double = true;
        j = digits(k);
      } else {
        fail(static_cast<std::uint32_t>(j), "invalid exponent in number literal");
      }
    }
    if (is_double) {
      double d = 0;
      auto r = std::from_chars(s_.data() + i, s_.data() + j, d);
      if (r.ec == std::errc::result_out_of_range) {
        // Underflow reads as 0, overflow as infinity, as IEEE parsing does.
        std::string tmp(s_.substr(i, j - i));
        d = std::strtod(tmp.c_str(), nullptr);
      } else if (r.ec != std::errc() || r.ptr != s_.data() + j) {
        fail(start, "invalid number literal");
      }
      cur_.kind = tok::double_lit;
      cur_.dbl = d;
      p_ = j;
      return;
    }
    std::uint64_t v = 0;
    auto r = std::from_chars(s_.data() + i, s_.data() + j, v);
    if (r.ec != std::errc()) fail(start, "integer literal out of range");
    finish_int(j, v);
  }

  void finish_int(std::size_t j, std::uint64_t v) {
    cur_.number = v;
    if (j < s_.size() && (s_[j] == 'u' || s_[j] == 'U')) {
      cur_.kind = tok::uint_lit;
      ++j;
    } else {
      cur_.kind = tok::int_lit;
    }
    if (j < s_.size() && (ident_char(s_[j]) || s_[j] == '.')) {
      if (!(s_[j] == '.' && j + 1 < s_.size() && !(s_[j + 1] >= '0' && s_[j + 1] <= '9')))
        fail(static_cast<std::uint32_t>(j), "invalid number literal");
    }
    p_ = j;
  }

  void advance() {
    prev_end_ = cur_.end;
    skip_space();
    cur_ = token{};
    cur_.begin = static_cast<std::uint32_t>(p_);
    if (p_ >= s_.size()) {
      cur_.kind = tok::eof;
      cur_.end = cur_.begin;
      return;
    }
    std::uint32_t start = cur_.begin;
    char c = s_[p_];
    auto two = [&](char next) { return p_ + 1 < s_.size() && s_[p_ + 1] == next; };
    if (ident_start(c)) {
      std::size_t j = p_;
      while (j < s_.size() && ident_char(s_[j])) ++j;
      std::string_view word = s_.substr(p_, j - p_);
      if (j < s_.size() && (s_[j] == '"' || s_[j] == '\'') && word.size() <= 2) {
        bool raw = false, bytes = false, ok = true;
        for (char w : word) {
          if (w == 'r' || w == 'R') raw = raw ? (ok = false) : true;
          else if (w == 'b' || w == 'B') bytes = bytes ? (ok = false) : true;
          else ok = false;
        }
        if (ok) {
          p_ = j;
          lex_string(start, raw, bytes);
          cur_.end = static_cast<std::uint32_t>(p_);
          return;
        }
      }
      p_ = j;
      if (word == "in") {
        cur_.kind = tok::in;
      } else {
        cur_.kind = tok::ident;
        cur_.text.assign(word);
      }
    } else if (c >= '0' && c <= '9') {
      lex_number(start);
    } else if (c == '.' && p_ + 1 < s_.size() && s_[p_ + 1] >= '0' && s_[p_ + 1] <= '9') {
      lex_number(start);
    } else if (c == '"' || c == '\'') {
      lex_string(start, false, false);
    } else if (c == '`') {
      std::size_t j = p_ + 1;
      while (j < s_.size() && s_[j] != '`' && s_[j] != '\n') ++j;
      if (j >= s_.size() || s_[j] != '`' || j == p_ + 1) fail(start, "unterminated or empty quoted identifier");
      cur_.kind = tok::quoted_ident;
      cur_.text.assign(s_.substr(p_ + 1, j - p_ - 1));
      p_ = j + 1;
    } else {
      tok k;
      std::size_t len = 1;
      switch (c) {
        case '(': k = tok::lparen; break;
        case ')': k = tok::rparen; break;
        case '[': k = tok::lbracket; break;
        case ']': k = tok::rbracket; break;
        case '{': k = tok::lbrace; break;
        case '}': k = tok::rbrace; break;
        case '.': k = tok::dot; break;
        case ',': k = tok::comma; break;
        case ':': k = tok::colon; break;
        case '?': k = tok::question; break;
        case '+': k = tok::plus; break;
        case '-': k = tok::minus; break;
        case '*': k = tok::star; break;
        case '/': k = tok::slash; break;
        case '%': k = tok::percent; break;
        case '!': if (two('=')) { k = tok::ne; len = 2; } else k = tok::bang; break;
        case '=': if (two('=')) { k = tok::eq; len = 2; } else k = tok::assign; break;
        case '<': if (two('=')) { k = tok::le; len = 2; } else k = tok::lt; break;
        case '>': if (two('=')) { k = tok::ge; len = 2; } else k = tok::gt; break;
        case '&': if (two('&')) { k = tok::and_and; len = 2; } else fail(start, "unexpected character '&' (did you mean '&&'?)"); break;
        case '|': if (two('|')) { k = tok::or_or; len = 2; } else fail(start, "unexpected character '|' (did you mean '||'?)"); break;
        default: {
          std::size_t l = 1;
          auto uc = static_cast<unsigned char>(c);
          if (uc >= 0xC0) {
            while (p_ + l < s_.size() && (static_cast<unsigned char>(s_[p_ + l]) & 0xC0) == 0x80) ++l;
          }
          fail(start, "unexpected character '" + std::string(s_.substr(p_, l)) + "'");
        }
      }
      if (k == tok::assign) fail(start, "unexpected '=' (use '==' to compare)");
      cur_.kind = k;
      p_ += len;
    }
    cur_.end = static_cast<std::uint32_t>(p_);
  }

  // ---- tree building ----
  static node_ptr make(node_kind k, std::uint32_t pos, std::uint32_t begin, std::uint32_t end) {
    auto n = std::make_unique<node>();
    n->kind = k;
    n->pos = n->site = pos;
    n->begin = begin;
    n->end = end;
    return n;
  }
  void finish(node& n) const {
    std::uint32_t d = 0;
    for (const auto& a : n.args) d = std::max(d, a->depth);
    n.depth = d + 1;
    if (n.depth > static_cast<std::uint32_t>(max_nesting_))
      fail(n.pos, "expression nested too deeply (limit " + std::to_string(max_nesting_) + ")", "tuoyu.expr.307");
  }
  node_ptr call(std::string name, std::uint32_t pos, std::vector<node_ptr> args) const {
    std::uint32_t b = args.front()->begin, e = args.back()->end;
    auto n = make(node_kind::call, pos, std::min(b, pos), std::max(e, pos + 1));
    n->name = std::move(name);
    n->args = std::move(args);
    finish(*n);
    return n;
  }
  node_ptr binary(std::string name, std::uint32_t pos, node_ptr a, node_ptr b) const {
    std::vector<node_ptr> args;
    args.push_back(std::move(a));
    args.push_back(std::move(b));
    return call(std::move(name), pos, std::move(args));
  }

  struct depth_guard {
    parser& p;
    explicit depth_guard(parser& pp, std::uint32_t at) : p(pp) {
      if (++p.nesting_ > p.max_nesting_)
        p.fail(at, "expression nested too deeply (limit " + std::to_string(p.max_nesting_) + ")", "tuoyu.expr.307");
    }
    ~depth_guard() { --p.nesting_; }
  };

  void expect(tok k, const char* what) {
    if (cur_.kind != k) fail(cur_.begin, std::string("expected ") + what + ", found " + describe(cur_));
    advance();
  }

  // ---- grammar ----
  node_ptr parse_expr() {
    depth_guard g(*this, cur_.begin);
    auto c = parse_or();
    if (cur_.kind == tok::question) {
      std::uint32_t pos = cur_.begin;
      advance();
      auto a = parse_or();
      expect(tok::colon, "':'");
      auto b = parse_expr();
      std::vector<node_ptr> args;
      args.push_back(std::move(c));
      args.push_back(std::move(a));
      args.push_back(std::move(b));
      return call("_?_:_", pos, std::move(args));
    }
    return c;
  }

  // Chains of && and || become balanced trees (the operators are associative), keeping depth low.
  node_ptr balance(const char* name, std::vector<node_ptr>& ops, std::vector<std::uint32_t>& pos, std::size_t lo,
                   std::size_t hi) {
    if (hi - lo == 1) return std::move(ops[lo]);
    std::size_t mid = (lo + hi) / 2;
    auto l = balance(name, ops, pos, lo, mid);
    auto r = balance(name, ops, pos, mid, hi);
    return binary(name, pos[mid - 1], std::move(l), std::move(r));
  }

  node_ptr parse_or() {
    std::vector<node_ptr> ops;
    std::vector<std::uint32_t> pos;
    ops.push_back(parse_and());
    while (cur_.kind == tok::or_or) {
      pos.push_back(cur_.begin);
      advance();
      ops.push_back(parse_and());
    }
    return balance("_||_", ops, pos, 0, ops.size());
  }

  node_ptr parse_and() {
    std::vector<node_ptr> ops;
    std::vector<std::uint32_t> pos;
    ops.push_back(parse_relation());
    while (cur_.kind == tok::and_and) {
      pos.push_back(cur_.begin);
      advance();
      ops.push_back(parse_relation());
    }
    return balance("_&&_", ops, pos, 0, ops.size());
  }

  node_ptr parse_relation() {
    auto l = parse_addition();
    for (;;) {
      const char* name = nullptr;
      switch (cur_.kind) {
        case tok::lt: name = "_<_"; break;
        case tok::le: name = "_<=_"; break;
        case tok::gt: name = "_>_"; break;
        case tok::ge: name = "_>=_"; break;
        case tok::eq: name = "_==_"; break;
        case tok::ne: name = "_!=_"; break;
        case tok::in: name = "@in"; break;
        default: return l;
      }
      std::uint32_t pos = cur_.begin;
      advance();
      l = binary(name, pos, std::move(l), parse_addition());
    }
  }

  node_ptr parse_addition() {
    auto l = parse_multiplication();
    while (cur_.kind == tok::plus || cur_.kind == tok::minus) {
      const char* name = cur_.kind == tok::plus ? "_+_" : "_-_";
      std::uint32_t pos = cur_.begin;
      advance();
      l = binary(name, pos, std::move(l), parse_multiplication());
    }
    return l;
  }

  node_ptr parse_multiplication() {
    auto l = parse_unary();
    while (cur_.kind == tok::star || cur_.kind == tok::slash || cur_.kind == tok::percent) {
      const char* name = cur_.kind == tok::star ? "_*_" : cur_.kind == tok::slash ? "_/_" : "_%_";
      std::uint32_t pos = cur_.begin;
      advance();
      l = binary(name, pos, std::move(l), parse_unary());
    }
    return l;
  }

  node_ptr parse_unary() {
    if (cur_.kind == tok::bang || cur_.kind == tok::minus) {
      tok k = cur_.kind;
      std::vector<std::uint32_t> ops;
      while (cur_.kind == k) {
        ops.push_back(cur_.begin);
        advance();
      }
      node_ptr operand;
      if (k == tok::minus && cur_.kind == tok::int_lit) {
        // The last '-' folds into an int literal, so -9223372036854775808 is representable.
        if (cur_.number > 9223372036854775808ull) fail(cur_.begin, "integer literal out of range");
        std::int64_t v = cur_.number == 9223372036854775808ull ? INT64_MIN : -static_cast<std::int64_t>(cur_.number);
        auto lit = make(node_kind::literal, ops.back(), ops.back(), cur_.end);
        lit->literal = value(v);
        ops.pop_back();
        advance();
        operand = parse_member_suffix(std::move(lit));
      } else {
        operand = parse_member();
      }
      while (!ops.empty()) {
        std::uint32_t pos = ops.back();
        ops.pop_back();
        std::vector<node_ptr> args;
        args.push_back(std::move(operand));
        operand = call(k == tok::bang ? "!_" : "-_", pos, std::move(args));
        operand->begin = pos;
      }
      return operand;
    }
    return parse_member();
  }

  std::vector<node_ptr> parse_args(tok close, const char* what) {
    std::vector<node_ptr> args;
    if (cur_.kind != close) {
      for (;;) {
        args.push_back(parse_expr());
        if (cur_.kind != tok::comma) break;
        advance();
        if (cur_.kind == close && close != tok::rparen) break;  // trailing comma in list literals
      }
    }
    expect(close, what);
    return args;
  }

  static bool is_reserved(std::string_view w) {
    static constexpr std::string_view words[] = {"as", "break", "const", "continue", "else", "for", "function",
                                                 "if", "import", "let", "loop", "package", "namespace", "return",
                                                 "var", "void", "while"};
    return std::find(std::begin(words), std::end(words), w) != std::end(words);
  }

  node_ptr make_macro(node_ptr& target, const std::string& name, std::uint32_t pos, std::vector<node_ptr>& args,
                      std::uint32_t end) {
    // Returns nullptr if this is not a macro call.
    int vars = 0;
    bool filter = false;
    macro m{};
    std::size_t n = args.size();
    if ((name == "all" || name == "exists" || name == "exists_one" || name == "existsOne") && (n == 2 || n == 3)) {
      m = name == "all" ? macro::all : name == "exists" ? macro::exists : macro::exists_one;
      vars = static_cast<int>(n) - 1;
    } else if (name == "filter" && n == 2) {
      m = macro::filter;
      vars = 1;
    } else if (name == "map" && (n == 2 || n == 3)) {
      m = n == 2 ? macro::map : macro::map_filter;
      vars = 1;
      filter = n == 3;
    } else if ((name == "transformList" || name == "transformMap") && (n == 3 || n == 4)) {
      m = name == "transformList" ? macro::transform_list : macro::transform_map;
      vars = 2;
      filter = n == 4;
    } else {
      return nullptr;
    }
    for (int i = 0; i < vars; ++i) {
      if (args[i]->kind != node_kind::ident)
        fail(args[i]->begin, "the variable of macro '" + name + "' must be a simple identifier");
    }
    auto c = make(node_kind::comprehension, pos, target->begin, end);
    c->mac = m;
    c->has_filter = filter;
    c->name = args[0]->name;
    if (vars == 2) c->name2 = args[1]->name;
    if (vars == 2 && c->name == c->name2) fail(args[1]->begin, "the two variables of macro '" + name + "' must differ");
    c->args.push_back(std::move(target));
    for (std::size_t i = static_cast<std::size_t>(vars); i < n; ++i) c->args.push_back(std::move(args[i]));
    finish(*c);
    return c;
  }

  node_ptr parse_member() { return parse_member_suffix(parse_primary()); }

  node_ptr parse_member_suffix(node_ptr n) {
    for (;;) {
      if (cur_.kind == tok::dot) {
        advance();
        if (cur_.kind != tok::ident && cur_.kind != tok::quoted_ident)
          fail(cur_.begin, "expected a field name after '.', found " + describe(cur_));
        bool quoted = cur_.kind == tok::quoted_ident;
        std::string name = cur_.text;
        std::uint32_t pos = cur_.begin, name_end = cur_.end;
        advance();
        if (cur_.kind == tok::lparen && !quoted) {
          advance();
          auto args = parse_args(tok::rparen, "')'");
          std::uint32_t end = prev_end();
          if (auto m = make_macro(n, name, pos, args, end)) {
            n = std::move(m);
            continue;
          }
          auto c = make(node_kind::call, pos, n->begin, end);
          c->name = std::move(name);
          c->member_call = true;
          c->args.push_back(std::move(n));
          for (auto& a : args) c->args.push_back(std::move(a));
          finish(*c);
          n = std::move(c);
          continue;
        }
        auto s = make(node_kind::select, pos, n->begin, name_end);
        s->name = std::move(name);
        s->args.push_back(std::move(n));
        finish(*s);
        n = std::move(s);
      } else if (cur_.kind == tok::lbracket) {
        std::uint32_t pos = cur_.begin;
        advance();
        auto idx = parse_expr();
        expect(tok::rbracket, "']'");
        auto c = binary("_[_]", pos, std::move(n), std::move(idx));
        c->end = prev_end();
        n = std::move(c);
      } else {
        return n;
      }
    }
  }

  std::uint32_t prev_end() const { return prev_end_; }

  node_ptr parse_primary() {
    std::uint32_t b = cur_.begin;
    switch (cur_.kind) {
      case tok::int_lit: {
        if (cur_.number > static_cast<std::uint64_t>(INT64_MAX)) fail(b, "integer literal out of range");
        auto n = make(node_kind::literal, b, b, cur_.end);
        n->literal = value(static_cast<std::int64_t>(cur_.number));
        advance();
        return n;
      }
      case tok::uint_lit: {
        auto n = make(node_kind::literal, b, b, cur_.end);
        n->literal = value(cur_.number);
        advance();
        return n;
      }
      case tok::double_lit: {
        auto n = make(node_kind::literal, b, b, cur_.end);
        n->literal = value(cur_.dbl);
        advance();
        return n;
      }
      case tok::string_lit: {
        auto n = make(node_kind::literal, b, b, cur_.end);
        n->literal = value(std::move(cur_.text));
        advance();
        return n;
      }
      case tok::bytes_lit: fail(b, "bytes literals are not supported by tuoyu", "tuoyu.expr.310");
      case tok::lparen: {
        advance();
        auto n = parse_expr();
        expect(tok::rparen, "')'");
        return n;
      }
      case tok::lbracket: {
        advance();
        auto args = parse_args(tok::rbracket, "']'");
        auto n = make(node_kind::list, b, b, prev_end());
        n->args = std::move(args);
        finish(*n);
        return n;
      }
      case tok::lbrace: {
        advance();
        auto n = make(node_kind::map, b, b, b);
        while (cur_.kind != tok::rbrace) {
          n->args.push_back(parse_expr());
          expect(tok::colon, "':'");
          n->args.push_back(parse_expr());
          if (cur_.kind != tok::comma) break;
          advance();
        }
        expect(tok::rbrace, "'}'");
        n->end = prev_end();
        finish(*n);
        return n;
      }
      case tok::dot:
      case tok::ident: {
        if (cur_.kind == tok::dot) {
          advance();  // a leading '.' names the root scope; tuoyu has only one scope
          if (cur_.kind != tok::ident) fail(cur_.begin, "expected an identifier after '.'");
        }
        std::string name = cur_.text;
        std::uint32_t pos = cur_.begin, end = cur_.end;
        advance();
        if (name == "true" || name == "false") {
          auto n = make(node_kind::literal, pos, b, end);
          n->literal = value(name == "true");
          return n;
        }
        if (name == "null") return make(node_kind::literal, pos, b, end);
        if (is_reserved(name)) fail(pos, "'" + name + "' is a reserved word");
        if (cur_.kind == tok::lbrace)
          fail(pos, "message construction (" + name + "{...}) is not supported by tuoyu", "tuoyu.expr.310");
        if (cur_.kind == tok::lparen) {
          advance();
          auto args = parse_args(tok::rparen, "')'");
          if (name == "has") {
            if (args.size() != 1 || args[0]->kind != node_kind::select)
              fail(pos, "has() needs a single field selection argument, as in has(a.b)");
            auto h = make(node_kind::has, pos, b, prev_end());
            h->name = args[0]->name;
            h->args.push_back(std::move(args[0]->args[0]));
            finish(*h);
            return h;
          }
          auto n = make(node_kind::call, pos, b, prev_end());
          n->name = std::move(name);
          n->args = std::move(args);
          finish(*n);
          return n;
        }
        auto n = make(node_kind::ident, pos, b, end);
        n->name = std::move(name);
        return n;
      }
      default: fail(b, "unexpected " + describe(cur_));
    }
  }

  const source_info& src_;
  std::string_view s_;
  int max_nesting_;
  int nesting_ = 0;
  std::size_t p_ = 0;
  token cur_;
  std::uint32_t prev_end_ = 0;
};

TUOYU_DECL node_ptr parse_expression(const source_info& src, int max_nesting) {
  parser p(src, max_nesting);
  return p.parse();
}

}  // namespace tuoyu::detail
