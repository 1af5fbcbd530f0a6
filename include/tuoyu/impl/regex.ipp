// The regular-expression engine: parser (RE2 syntax subset) → syntax tree → Thompson NFA program,
// and a search that simulates the NFA one code point at a time.
#pragma once

#include <tuoyu/detail/regex.hpp>
#include <tuoyu/detail/regex_unicode.hpp>

#include <algorithm>
#include <cctype>
#include <optional>

namespace tuoyu::detail {

namespace regex_impl {

constexpr char32_t max_code_point = 0x10FFFF;

// Decodes one code point at s[i], advancing i. Values are valid UTF-8; anything else reads as U+FFFD,
// one byte at a time, so a bad string can never make the engine misbehave.
inline char32_t decode(std::string_view s, std::size_t& i) noexcept {
  auto b = [&](std::size_t k) { return static_cast<unsigned char>(s[k]); };
  unsigned char c = b(i);
  if (c < 0x80) {
    ++i;
    return c;
  }
  std::size_t len = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 0;
  if (len == 0 || i + len > s.size()) {
    ++i;
    return 0xFFFD;
  }
  char32_t cp = c & (0x7F >> len);
  for (std::size_t k = 1; k < len; ++k) {
    if ((b(i + k) & 0xC0) != 0x80) {
      ++i;
      return 0xFFFD;
    }
    cp = (cp << 6) | (b(i + k) & 0x3F);
  }
  i += len;
  return cp;
}

inline bool is_word(char32_t c) noexcept {
  return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '_';
}

// Sorts and merges overlapping or adjacent ranges.
inline void normalize(regex_ranges& r) {
  std::sort(r.begin(), r.end());
  regex_ranges out;
  for (const auto& x : r) {
    if (!out.empty() && x.first <= out.back().second + 1) out.back().second = std::max(out.back().second, x.second);
    else out.push_back(x);
  }
  r = std::move(out);
}

inline regex_ranges complement(const regex_ranges& r) {
  regex_ranges out;
  char32_t next = 0;
  for (const auto& x : r) {
    if (x.first > next) out.emplace_back(next, x.first - 1);
    next = x.second + 1;
  }
  if (next <= max_code_point) out.emplace_back(next, max_code_point);
  return out;
}

// Adds the other ASCII case of every letter in r (RE2 folds all of Unicode; tuoyu folds ASCII only).
inline void fold_ascii(regex_ranges& r) {
  regex_ranges extra;
  for (const auto& [lo, hi] : r) {
    char32_t a = std::max<char32_t>(lo, 'A'), b = std::min<char32_t>(hi, 'Z');
    if (a <= b) extra.emplace_back(a + 32, b + 32);
    a = std::max<char32_t>(lo, 'a');
    b = std::min<char32_t>(hi, 'z');
    if (a <= b) extra.emplace_back(a - 32, b - 32);
  }
  r.insert(r.end(), extra.begin(), extra.end());
  normalize(r);
}

inline bool in_ranges(const regex_ranges& r, char32_t c) noexcept {
  auto it = std::upper_bound(r.begin(), r.end(), c, [](char32_t v, const auto& p) { return v < p.first; });
  return it != r.begin() && c <= std::prev(it)->second;
}

struct flags {
  bool fold = false;       // i
  bool multiline = false;  // m: ^ and $ match at line boundaries
  bool dot_nl = false;     // s: . matches \n
};

// The syntax tree. Alternation and concatenation are flat lists, so depth grows only with groups and
// repetition, both bounded by the parser.
struct re_node {
  enum kind_t : std::uint8_t { empty, rune, any, char_class, assertion, concat, alternate, repeat } kind = empty;
  char32_t c = 0;
  bool fold = false;
  bool dot_nl = false;
  regex_assertion test = regex_assertion::begin_text;
  std::uint32_t cls = 0;
  std::uint32_t min = 0, max = 0;  // repeat; max == unbounded for x* and x{n,}
  std::vector<re_node> subs;
  static constexpr std::uint32_t unbounded = UINT32_MAX;
};

struct parse_failure {
  std::string message;
  std::size_t offset;  // byte offset into the pattern
};

class regex_parser {
 public:
  explicit regex_parser(std::string_view p) : p_(p) {}

  re_node parse(std::vector<regex_ranges>& classes) {
    classes_ = &classes;
    flags f;
    re_node n = parse_alternation(f, 0);
    if (i_ < p_.size()) fail(i_, "unexpected ')' (no group to close)");
    return n;
  }

 private:
  [[noreturn]] void fail(std::size_t at, std::string msg) { throw parse_failure{std::move(msg), at}; }

  bool more() const noexcept { return i_ < p_.size(); }
  char peek(std::size_t k = 0) const noexcept { return i_ + k < p_.size() ? p_[i_ + k] : '\0'; }
  char32_t next_rune() { return decode(p_, i_); }

  re_node parse_alternation(flags& f, int depth) {
    std::vector<re_node> alts;
    alts.push_back(parse_concatenation(f, depth));
    while (more() && peek() == '|') {
      ++i_;
      alts.push_back(parse_concatenation(f, depth));
    }
    if (alts.size() == 1) return std::move(alts[0]);
    re_node n;
    n.kind = re_node::alternate;
    n.subs = std::move(alts);
    return n;
  }

  re_node parse_concatenation(flags& f, int depth) {
    re_node n;
    n.kind = re_node::concat;
    while (more() && peek() != '|' && peek() != ')') {
      std::optional<re_node> atom = parse_atom(f, depth);
      if (!atom) {
        // A flag group such as (?i) only changes flags; as in RE2, a repetition after it applies to
        // the item before it (with none, the next atom reports the missing argument).
        if (!n.subs.empty() && at_repetition()) n.subs.back() = parse_repetitions(std::move(n.subs.back()));
        continue;
      }
      re_node a = parse_repetitions(std::move(*atom));
      n.subs.push_back(std::move(a));
    }
    if (n.subs.size() == 1) return std::move(n.subs[0]);
    if (n.subs.empty()) n.kind = re_node::empty;
    return n;
  }

  // Reads {n}, {n,} or {n,m} at i_ if there is one (else leaves i_ and returns false; RE2 reads a
  // '{' that starts no valid repetition as a literal).
  bool repeat_spec(std::uint32_t& lo, std::uint32_t& hi) {
    std::size_t j = i_;
    if (j >= p_.size() || p_[j] != '{') return false;
    ++j;
    auto number = [&](std::uint64_t& v) {
      std::size_t s = j;
      v = 0;
      while (j < p_.size() && p_[j] >= '0' && p_[j] <= '9') {
        v = std::min<std::uint64_t>(v * 10 + static_cast<std::uint64_t>(p_[j] - '0'), 1'000'000);
        ++j;
      }
      return j > s;
    };
    std::uint64_t a = 0, b = 0;
    if (!number(a)) return false;
    bool unbounded = false;
    if (j < p_.size() && p_[j] == ',') {
      ++j;
      if (j < p_.size() && p_[j] == '}') unbounded = true;
      else if (!number(b)) return false;
    } else {
      b = a;
    }
    if (j >= p_.size() || p_[j] != '}') return false;
    ++j;
    std::string text(p_.substr(i_, j - i_));
    if (a > regex_limits::max_repeat || (!unbounded && b > regex_limits::max_repeat))
      fail(i_, "bad repetition count " + text + " (at most " + std::to_string(regex_limits::max_repeat) + ")");
    if (!unbounded && b < a) fail(i_, "bad repetition count " + text + " (the minimum is above the maximum)");
    lo = static_cast<std::uint32_t>(a);
    hi = unbounded ? re_node::unbounded : static_cast<std::uint32_t>(b);
    i_ = j;
    return true;
  }

  bool at_repetition() {
    if (!more()) return false;
    char c = peek();
    if (c == '*' || c == '+' || c == '?') return true;
    std::size_t save = i_;
    std::uint32_t lo, hi;
    bool r = repeat_spec(lo, hi);
    i_ = save;
    return r;
  }

  re_node parse_repetitions(re_node atom) {
    if (!at_repetition()) return atom;
    std::size_t op_start = i_;
    std::uint32_t lo = 0, hi = 0;
    char c = peek();
    if (c == '*') { lo = 0; hi = re_node::unbounded; ++i_; }
    else if (c == '+') { lo = 1; hi = re_node::unbounded; ++i_; }
    else if (c == '?') { lo = 0; hi = 1; ++i_; }
    else repeat_spec(lo, hi);
    if (more() && peek() == '?') ++i_;  // non-greedy: the same answer for a yes/no match
    if (at_repetition())
      fail(i_, "bad repetition operator: " + std::string(p_.substr(op_start, i_ - op_start + 1)) +
                   " (a repetition cannot be repeated; use a group)");
    re_node n;
    n.kind = re_node::repeat;
    n.min = lo;
    n.max = hi;
    n.subs.push_back(std::move(atom));
    return n;
  }

  re_node rune_node(char32_t c, const flags& f) {
    re_node n;
    n.kind = re_node::rune;
    n.c = c;
    n.fold = f.fold && ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z'));
    return n;
  }

  re_node class_node(regex_ranges r, const flags& f) {
    if (f.fold) fold_ascii(r);
    normalize(r);
    re_node n;
    n.kind = re_node::char_class;
    n.cls = static_cast<std::uint32_t>(classes_->size());
    classes_->push_back(std::move(r));
    return n;
  }

  re_node assertion_node(regex_assertion a) {
    re_node n;
    n.kind = re_node::assertion;
    n.test = a;
    return n;
  }

  std::optional<re_node> parse_atom(flags& f, int depth) {
    std::size_t start = i_;
    char c = peek();
    switch (c) {
      case '(': return parse_group(f, depth);
      case '[': return parse_class(f);
      case '.': {
        ++i_;
        re_node n;
        n.kind = re_node::any;
        n.dot_nl = f.dot_nl;
        return n;
      }
      case '^': ++i_; return assertion_node(f.multiline ? regex_assertion::begin_line : regex_assertion::begin_text);
      case '$': ++i_; return assertion_node(f.multiline ? regex_assertion::end_line : regex_assertion::end_text);
      case '*':
      case '+':
      case '?': fail(start, std::string("missing argument to repetition operator: ") + c);
      case '\\': return parse_escape(f);
      case '{': {
        std::uint32_t lo, hi;
        if (repeat_spec(lo, hi))
          fail(start, "missing argument to repetition operator: " + std::string(p_.substr(start, i_ - start)));
        ++i_;
        return rune_node('{', f);
      }
      default: return rune_node(next_rune(), f);
    }
  }

  std::optional<re_node> parse_group(flags& f, int depth) {
    std::size_t start = i_;
    if (depth + 1 > regex_limits::max_nesting)
      fail(start, "groups nested more than " + std::to_string(regex_limits::max_nesting) + " deep");
    ++i_;  // '('
    flags inner = f;
    if (peek() == '?') {
      ++i_;
      char c = peek();
      if (c == '=' || c == '!') fail(start, "lookahead assertions (?= and (?! are not supported (RE2 has none)");
      if (c == '<' && (peek(1) == '=' || peek(1) == '!'))
        fail(start, "lookbehind assertions (?<= and (?<! are not supported (RE2 has none)");
      if (c == 'P' && peek(1) == '=') fail(start, "backreferences (?P=name) are not supported (RE2 has none)");
      if (c == 'P' && peek(1) == '>') fail(start, "recursive patterns (?P>name) are not supported (RE2 has none)");
      if (c == '#') fail(start, "comment groups (?#...) are not supported (RE2 has none)");
      if (c == 'P' || c == '<') {  // (?P<name>re) or (?<name>re): a named group, matched as a plain one
        i_ += c == 'P' ? 1 : 0;
        if (peek() != '<') fail(start, "invalid named group (expected (?P<name>...))");
        ++i_;
        std::size_t name_start = i_;
        while (more() && (is_word(static_cast<unsigned char>(peek())))) ++i_;
        if (i_ == name_start || peek() != '>') fail(start, "invalid group name (letters, digits and _ only)");
        ++i_;
      } else {
        // Flags: (?flags) for the rest of the enclosing group, (?flags:re) for re alone.
        bool negate = false, any = false;
        for (;;) {
          if (!more()) fail(start, "missing ')' after group flags");
          char g = peek();
          if (g == ':' || g == ')') break;
          if (g == '-') {
            if (negate) fail(i_, "invalid group flags (two '-')");
            negate = true;
            ++i_;
            continue;
          }
          if (g == 'i') inner.fold = !negate;
          else if (g == 'm') inner.multiline = !negate;
          else if (g == 's') inner.dot_nl = !negate;
          else if (g == 'U') { /* ungreedy: the same answer for a yes/no match */ }
          else fail(i_, "unknown or unsupported group flag or syntax '(?" + std::string(1, g) + "'");
          any = true;
          ++i_;
        }
        if (peek() == ')') {
          if (!any) fail(start, "empty group flags '(?)'");
          ++i_;
          f = inner;
          return std::nullopt;
        }
        ++i_;  // ':'
      }
    }
    re_node n = parse_alternation(inner, depth + 1);
    if (!more() || peek() != ')') fail(start, "missing ')' to close the group opened here");
    ++i_;
    // A group is a repetition of one, so that group depth bounds the tree's depth.
    re_node g;
    g.kind = re_node::repeat;
    g.min = g.max = 1;
    g.subs.push_back(std::move(n));
    return g;
  }

  // An escape that stands for one code point, or nullopt if `c` does not start one.
  std::optional<char32_t> single_escape(std::size_t start) {
    char c = peek();
    switch (c) {
      case 'a': ++i_; return char32_t{7};
      case 'f': ++i_; return char32_t{'\f'};
      case 't': ++i_; return char32_t{'\t'};
      case 'n': ++i_; return char32_t{'\n'};
      case 'r': ++i_; return char32_t{'\r'};
      case 'v': ++i_; return char32_t{'\v'};
      case 'x': {
        ++i_;
        auto hex = [](char h) -> int {
          if (h >= '0' && h <= '9') return h - '0';
          if (h >= 'a' && h <= 'f') return h - 'a' + 10;
          if (h >= 'A' && h <= 'F') return h - 'A' + 10;
          return -1;
        };
        std::uint32_t v = 0;
        if (peek() == '{') {
          ++i_;
          std::size_t digits = 0;
          while (more() && hex(peek()) >= 0) {
            v = v * 16 + static_cast<std::uint32_t>(hex(peek()));
            if (v > max_code_point) fail(start, "invalid escape: \\x{...} above U+10FFFF");
            ++i_;
            ++digits;
          }
          if (digits == 0 || peek() != '}') fail(start, "invalid escape: \\x{ needs hex digits and '}'");
          ++i_;
          return static_cast<char32_t>(v);
        }
        if (hex(peek()) < 0 || hex(peek(1)) < 0) fail(start, "invalid escape: \\x needs two hex digits");
        v = static_cast<std::uint32_t>(hex(peek()) * 16 + hex(peek(1)));
        i_ += 2;
        return static_cast<char32_t>(v);
      }
      case '1': case '2': case '3': case '4': case '5': case '6': case '7':
        // As RE2: a lone non-zero digit would be a backreference; two or three digits are octal.
        if (peek(1) < '0' || peek(1) > '7') fail(start, "backreferences (\\1 ... \\9) are not supported (RE2 has none)");
        [[fallthrough]];
      case '0': {
        std::uint32_t v = 0;
        for (int k = 0; k < 3 && more() && peek() >= '0' && peek() <= '7'; ++k) {
          v = v * 8 + static_cast<std::uint32_t>(peek() - '0');
          ++i_;
        }
        return static_cast<char32_t>(v);
      }
      case '8': case '9': fail(start, "backreferences (\\1 ... \\9) are not supported (RE2 has none)");
      default: break;
    }
    auto u = static_cast<unsigned char>(c);
    if (u < 0x80 && !std::isalnum(u)) {  // escaped punctuation stands for itself
      ++i_;
      return static_cast<char32_t>(u);
    }
    return std::nullopt;
  }

  // \d \D \s \S \w \W, or \p / \P Unicode classes; nullopt if the escape is none of these.
  std::optional<regex_ranges> class_escape(std::size_t start) {
    char c = peek();
    regex_ranges r;
    switch (c) {
      case 'd': case 'D': r = {{'0', '9'}}; break;
      case 's': case 'S': r = {{'\t', '\n'}, {'\f', '\r'}, {' ', ' '}}; break;
      case 'w': case 'W': r = {{'0', '9'}, {'A', 'Z'}, {'_', '_'}, {'a', 'z'}}; break;
      case 'p': case 'P': return unicode_class(start);
      default: return std::nullopt;
    }
    ++i_;
    return c >= 'a' ? r : complement(r);
  }

  regex_ranges unicode_class(std::size_t start) {
    bool negate = peek() == 'P';
    ++i_;
    std::string name;
    if (peek() == '{') {
      ++i_;
      std::size_t s = i_;
      while (more() && peek() != '}') ++i_;
      if (!more()) fail(start, "missing '}' after \\p{");
      name = std::string(p_.substr(s, i_ - s));
      ++i_;
    } else {
      if (!more()) fail(start, "missing class name after \\p");
      std::size_t s = i_;
      next_rune();
      name = std::string(p_.substr(s, i_ - s));
    }
    if (!name.empty() && name[0] == '^') {
      negate = !negate;
      name.erase(0, 1);
    }
    const regex_ranges* table = unicode_table(name);
    if (!table)
      fail(start, "unsupported Unicode class \\p{" + name + "} (tuoyu knows " + std::string(unicode_table_names()) + ")");
    return negate ? complement(*table) : *table;
  }

  std::optional<re_node> parse_escape(flags& f) {
    std::size_t start = i_;
    ++i_;  // backslash
    if (!more()) fail(start, "trailing backslash at the end of the pattern");
    char c = peek();
    switch (c) {
      case 'A': ++i_; return assertion_node(regex_assertion::begin_text);
      case 'z': ++i_; return assertion_node(regex_assertion::end_text);
      case 'b': ++i_; return assertion_node(regex_assertion::word_boundary);
      case 'B': ++i_; return assertion_node(regex_assertion::not_word_boundary);
      case 'C': fail(start, "\\C (any byte) is not supported: tuoyu matches code points");
      case 'Z': fail(start, "\\Z is not supported (RE2 has none; use \\z for the end of the text)");
      case 'Q': {  // \Q...\E: literal text
        ++i_;
        re_node n;
        n.kind = re_node::concat;
        while (more() && !(peek() == '\\' && peek(1) == 'E')) {
          n.subs.push_back(rune_node(next_rune(), f));
        }
        if (more()) i_ += 2;
        if (n.subs.empty()) n.kind = re_node::empty;
        return n;
      }
      case 'E': fail(start, "\\E without a \\Q before it");
      default: break;
    }
    if (auto r = class_escape(start)) return class_node(std::move(*r), f);
    if (auto r = single_escape(start)) return rune_node(*r, f);
    std::size_t s = i_;
    next_rune();
    fail(start, "invalid or unsupported escape \\" + std::string(p_.substr(s, i_ - s)));
  }

  re_node parse_class(const flags& f) {
    std::size_t start = i_;
    ++i_;  // '['
    bool negate = false;
    if (peek() == '^') {
      negate = true;
      ++i_;
    }
    regex_ranges r;
    bool first = true;
    for (;;) {
      if (!more()) fail(start, "missing ']' to close the character class opened here");
      char c = peek();
      if (c == ']' && !first) {
        ++i_;
        break;
      }
      first = false;
      if (c == '[' && peek(1) == ':') {  // [:alpha:] and [:^alpha:]
        std::size_t end = p_.find(":]", i_ + 2);
        if (end != std::string_view::npos) {
          std::string name(p_.substr(i_ + 2, end - i_ - 2));
          bool neg = !name.empty() && name[0] == '^';
          if (neg) name.erase(0, 1);
          auto pr = posix_class(name);
          if (!pr) fail(i_, "unknown POSIX class [:" + name + ":]");
          i_ = end + 2;
          regex_ranges add = neg ? complement(*pr) : *pr;
          r.insert(r.end(), add.begin(), add.end());
          continue;
        }
      }
      std::size_t item = i_;
      char32_t lo;
      if (c == '\\') {
        ++i_;
        if (!more()) fail(item, "trailing backslash at the end of the pattern");
        if (auto cr = class_escape(item)) {
          auto nr = *cr;
          r.insert(r.end(), nr.begin(), nr.end());
          continue;
        }
        auto se = single_escape(item);
        if (!se) {
          std::size_t s = i_;
          next_rune();
          fail(item, "invalid or unsupported escape \\" + std::string(p_.substr(s, i_ - s)) + " in a character class");
        }
        lo = *se;
      } else {
        lo = next_rune();
      }
      char32_t hi = lo;
      if (peek() == '-' && peek(1) != ']' && i_ + 1 < p_.size()) {
        ++i_;
        if (peek() == '\\') {
          std::size_t e = i_;
          ++i_;
          auto se = more() ? single_escape(e) : std::nullopt;
          if (!se) fail(e, "invalid escape at the end of a character class range");
          hi = *se;
        } else {
          hi = next_rune();
        }
        if (hi < lo) fail(item, "bad character class range " + std::string(p_.substr(item, i_ - item)) + " (reversed)");
      }
      r.emplace_back(lo, hi);
    }
    normalize(r);
    if (f.fold) fold_ascii(r);
    if (negate) r = complement(r);
    flags plain;  // folding is already applied, before negation
    return class_node(std::move(r), plain);
  }

  static std::optional<regex_ranges> posix_class(const std::string& name) {
    if (name == "alnum") return regex_ranges{{'0', '9'}, {'A', 'Z'}, {'a', 'z'}};
    if (name == "alpha") return regex_ranges{{'A', 'Z'}, {'a', 'z'}};
    if (name == "ascii") return regex_ranges{{0, 0x7F}};
    if (name == "blank") return regex_ranges{{'\t', '\t'}, {' ', ' '}};
    if (name == "cntrl") return regex_ranges{{0, 0x1F}, {0x7F, 0x7F}};
    if (name == "digit") return regex_ranges{{'0', '9'}};
    if (name == "graph") return regex_ranges{{'!', '~'}};
    if (name == "lower") return regex_ranges{{'a', 'z'}};
    if (name == "print") return regex_ranges{{' ', '~'}};
    if (name == "punct") return regex_ranges{{'!', '/'}, {':', '@'}, {'[', '`'}, {'{', '~'}};
    if (name == "space") return regex_ranges{{'\t', '\r'}, {' ', ' '}};
    if (name == "upper") return regex_ranges{{'A', 'Z'}};
    if (name == "word") return regex_ranges{{'0', '9'}, {'A', 'Z'}, {'_', '_'}, {'a', 'z'}};
    if (name == "xdigit") return regex_ranges{{'0', '9'}, {'A', 'F'}, {'a', 'f'}};
    return std::nullopt;
  }

  std::string_view p_;
  std::size_t i_ = 0;
  std::vector<regex_ranges>* classes_ = nullptr;
};

// Instructions a node compiles to, saturating at max_program + 1, so that the size can be checked
// before anything is emitted (and emitting costs no more than the limit).
inline std::size_t program_size(const re_node& n) {
  constexpr std::size_t cap = regex_limits::max_program + 1;
  auto add = [&](std::size_t a, std::size_t b) { return std::min(cap, a + b); };
  auto mul = [&](std::size_t a, std::size_t b) { return b != 0 && a > cap / b ? cap : std::min(cap, a * b); };
  switch (n.kind) {
    case re_node::empty: return 0;
    case re_node::rune:
    case re_node::any:
    case re_node::char_class:
    case re_node::assertion: return 1;
    case re_node::concat: {
      std::size_t s = 0;
      for (const auto& x : n.subs) s = add(s, program_size(x));
      return s;
    }
    case re_node::alternate: {
      std::size_t s = 2 * (n.subs.size() - 1);
      for (const auto& x : n.subs) s = add(s, program_size(x));
      return s;
    }
    case re_node::repeat: {
      std::size_t x = program_size(n.subs[0]);
      if (x == 0) return 0;
      if (n.min == 1 && n.max == 1) return x;
      std::size_t s = mul(x, n.min);
      if (n.max == re_node::unbounded) return add(s, n.min == 0 ? x + 2 : 1);  // x* or ...x+
      return add(s, mul(x + 1, n.max - n.min));
    }
  }
  return cap;
}

class regex_emitter {
 public:
  explicit regex_emitter(regex_program& p) : p_(p) {}

  void emit(const re_node& n) {
    auto& code = p_.code;
    switch (n.kind) {
      case re_node::empty: return;
      case re_node::rune: {
        regex_instruction in{regex_opcode::rune, {}, n.c, n.c};
        if (n.fold) in.y = n.c ^ 0x20;  // the other ASCII case
        code.push_back(in);
        return;
      }
      case re_node::any:
        code.push_back({n.dot_nl ? regex_opcode::any : regex_opcode::any_but_nl, {}, 0, 0});
        return;
      case re_node::char_class: code.push_back({regex_opcode::char_class, {}, n.cls, 0}); return;
      case re_node::assertion: code.push_back({regex_opcode::assertion, n.test, 0, 0}); return;
      case re_node::concat:
        for (const auto& x : n.subs) emit(x);
        return;
      case re_node::alternate: {
        std::vector<std::size_t> jumps;
        for (std::size_t k = 0; k < n.subs.size(); ++k) {
          std::size_t split = 0;
          bool last = k + 1 == n.subs.size();
          if (!last) {
            split = code.size();
            code.push_back({regex_opcode::split, {}, static_cast<std::uint32_t>(split + 1), 0});
          }
          emit(n.subs[k]);
          if (!last) {
            jumps.push_back(code.size());
            code.push_back({regex_opcode::jump, {}, 0, 0});
            code[split].y = here();
          }
        }
        for (auto j : jumps) code[j].x = here();
        return;
      }
      case re_node::repeat: {
        const re_node& x = n.subs[0];
        if (program_size(x) == 0) return;  // repeating nothing is nothing
        for (std::uint32_t k = 0; k < n.min; ++k) emit(x);
        if (n.max == re_node::unbounded) {
          if (n.min > 0) {  // ...x+ : loop back over the last copy
            std::size_t size = program_size(x);
            code.push_back({regex_opcode::split, {}, static_cast<std::uint32_t>(code.size() - size), 0});
            code.back().y = here();
            return;
          }
          std::size_t loop = code.size();  // x*
          code.push_back({regex_opcode::split, {}, static_cast<std::uint32_t>(loop + 1), 0});
          emit(x);
          code.push_back({regex_opcode::jump, {}, static_cast<std::uint32_t>(loop), 0});
          code[loop].y = here();
          return;
        }
        // x{n,m}: n copies, then m-n optional ones, each skipping to the end.
        std::vector<std::size_t> splits;
        for (std::uint32_t k = n.min; k < n.max; ++k) {
          splits.push_back(code.size());
          code.push_back({regex_opcode::split, {}, static_cast<std::uint32_t>(code.size() + 1), 0});
          emit(x);
        }
        for (auto s : splits) code[s].y = here();
        return;
      }
    }
  }

 private:
  std::uint32_t here() const { return static_cast<std::uint32_t>(p_.code.size()); }
  regex_program& p_;
};

inline std::size_t code_points_before(std::string_view s, std::size_t offset) {
  std::size_t n = 0;
  for (std::size_t i = 0; i < offset && i < s.size(); ++i) n += (static_cast<unsigned char>(s[i]) & 0xC0) != 0x80;
  return n;
}

// True if every match must begin at the start of the text.
inline bool anchored_at_start(const re_node& n) {
  switch (n.kind) {
    case re_node::assertion: return n.test == regex_assertion::begin_text;
    case re_node::concat: return !n.subs.empty() && anchored_at_start(n.subs[0]);
    case re_node::alternate:
      return std::all_of(n.subs.begin(), n.subs.end(), [](const re_node& x) { return anchored_at_start(x); });
    case re_node::repeat: return n.min >= 1 && anchored_at_start(n.subs[0]);
    default: return false;
  }
}

}  // namespace regex_impl

TUOYU_DECL std::shared_ptr<const regex_program> compile_regex(std::string_view pattern, regex_error& error) {
  if (pattern.size() > regex_limits::max_pattern_bytes) {
    error = {"the pattern is " + std::to_string(pattern.size()) + " bytes, more than the limit of " +
                 std::to_string(regex_limits::max_pattern_bytes),
             1};
    return nullptr;
  }
  auto prog = std::make_shared<regex_program>();
  regex_impl::re_node tree;
  try {
    regex_impl::regex_parser ps(pattern);
    tree = ps.parse(prog->classes);
  } catch (const regex_impl::parse_failure& f) {
    error = {f.message, regex_impl::code_points_before(pattern, f.offset) + 1};
    return nullptr;
  }
  std::size_t size = regex_impl::program_size(tree) + 1;
  if (size > regex_limits::max_program) {
    error = {"the pattern is too large once repetitions are expanded (more than " +
                 std::to_string(regex_limits::max_program) + " instructions)",
             1};
    return nullptr;
  }
  prog->code.reserve(size);
  regex_impl::regex_emitter(*prog).emit(tree);
  prog->code.push_back({regex_opcode::match, {}, 0, 0});
  prog->anchored = regex_impl::anchored_at_start(tree);
  return prog;
}

TUOYU_DECL std::string regex_quote(std::string_view pattern) {
  constexpr std::size_t max_bytes = 60;
  std::string out = "'";
  if (pattern.size() <= max_bytes) {
    out.append(pattern);
  } else {
    std::size_t cut = max_bytes;
    while (cut > 0 && (static_cast<unsigned char>(pattern[cut]) & 0xC0) == 0x80) --cut;
    out.append(pattern.substr(0, cut)).append("...");
  }
  return out + "'";
}

namespace regex_impl {

// A set of instruction indices with O(1) insert, test and clear (Briggs and Torczon's sparse set).
class thread_list {
 public:
  explicit thread_list(std::size_t n) : sparse_(n), dense_(n) {}
  bool contains(std::uint32_t pc) const noexcept {
    std::uint32_t k = sparse_[pc];
    return k < size_ && dense_[k] == pc;
  }
  void insert(std::uint32_t pc) noexcept {
    sparse_[pc] = static_cast<std::uint32_t>(size_);
    dense_[size_++] = pc;
  }
  void clear() noexcept { size_ = 0; }
  std::size_t size() const noexcept { return size_; }
  std::uint32_t operator[](std::size_t k) const noexcept { return dense_[k]; }

 private:
  std::vector<std::uint32_t> sparse_, dense_;
  std::size_t size_ = 0;
};

constexpr char32_t no_char = 0xFFFFFFFF;  // before the start or after the end of the text

inline bool assertion_holds(regex_assertion a, char32_t before, char32_t after) noexcept {
  switch (a) {
    case regex_assertion::begin_text: return before == no_char;
    case regex_assertion::end_text: return after == no_char;
    case regex_assertion::begin_line: return before == no_char || before == '\n';
    case regex_assertion::end_line: return after == no_char || after == '\n';
    case regex_assertion::word_boundary:
    case regex_assertion::not_word_boundary: {
      bool w1 = before != no_char && is_word(before), w2 = after != no_char && is_word(after);
      return (w1 != w2) == (a == regex_assertion::word_boundary);
    }
  }
  return false;
}

// Adds pc and everything reachable from it without consuming text; true if that reaches `match`.
// An explicit stack: the program, not the text, bounds its size.
inline bool add_thread(const regex_program& re, thread_list& list, std::vector<std::uint32_t>& stack, std::uint32_t pc,
                       char32_t before, char32_t after, std::uint64_t& work) {
  stack.clear();
  stack.push_back(pc);
  while (!stack.empty()) {
    std::uint32_t at = stack.back();
    stack.pop_back();
    if (list.contains(at)) continue;
    list.insert(at);
    ++work;
    const regex_instruction& in = re.code[at];
    switch (in.op) {
      case regex_opcode::match: return true;
      case regex_opcode::jump: stack.push_back(in.x); break;
      case regex_opcode::split:
        stack.push_back(in.y);
        stack.push_back(in.x);
        break;
      case regex_opcode::assertion:
        if (assertion_holds(in.test, before, after)) stack.push_back(at + 1);
        break;
      default: break;  // consumes a code point: stepped by the search
    }
  }
  return false;
}

inline bool consumes(const regex_program& re, const regex_instruction& in, char32_t c) noexcept {
  switch (in.op) {
    case regex_opcode::rune: return c == in.x || c == in.y;
    case regex_opcode::any: return true;
    case regex_opcode::any_but_nl: return c != '\n';
    case regex_opcode::char_class: return in_ranges(re.classes[in.x], c);
    default: return false;
  }
}

}  // namespace regex_impl

TUOYU_DECL regex_search_result regex_search(const regex_program& re, std::string_view text, std::uint64_t work_limit) {
  namespace ri = regex_impl;
  regex_search_result r;
  const std::size_t n = re.code.size();
  ri::thread_list current(n), next(n);
  std::vector<std::uint32_t> stack;
  stack.reserve(n);
  std::size_t pos = 0;
  char32_t before = ri::no_char;
  std::size_t ahead = 0;
  char32_t after = text.empty() ? ri::no_char : ri::decode(text, ahead);
  for (;;) {
    // A new attempt may begin at every position (partial match), or only at the start if anchored.
    if (pos == 0 || !re.anchored) {
      if (ri::add_thread(re, current, stack, 0, before, after, r.work)) {
        r.matched = true;
        return r;
      }
    }
    if (current.size() == 0 && re.anchored) return r;
    if (pos >= text.size()) return r;
    ++r.work;
    if (r.work > work_limit) {
      r.exhausted = true;
      return r;
    }
    char32_t c = after;
    std::size_t next_pos = ahead;
    char32_t next_after = next_pos < text.size() ? ri::decode(text, ahead) : ri::no_char;
    next.clear();
    for (std::size_t k = 0; k < current.size(); ++k) {
      std::uint32_t pc = current[k];
      if (ri::consumes(re, re.code[pc], c) && ri::add_thread(re, next, stack, pc + 1, c, next_after, r.work)) {
        r.matched = true;
        return r;
      }
    }
    std::swap(current, next);
    before = c;
    after = next_after;
    pos = next_pos;
  }
}

}  // namespace tuoyu::detail
