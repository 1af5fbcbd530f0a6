// matches(): the linear-time regular-expression engine (include/tuoyu/detail/regex.hpp) and its use
// from expressions: syntax, partial vs anchored matching, Unicode, every error path, step budget, and
// patterns that make a backtracking engine take exponential time.
#define BOOST_TEST_MODULE tuoyu regex
#include <boost/test/unit_test.hpp>

#include <tuoyu/detail/expr_ast.hpp>
#include <tuoyu/detail/regex.hpp>
#include <tuoyu/tuoyu.hpp>

#include <string>
#include <thread>
#include <vector>

using tuoyu::activation;
using tuoyu::environment;
using tuoyu::expression;
using tuoyu::type;
using tuoyu::value;
namespace d = tuoyu::detail;

namespace {

struct search_case {
  const char* pattern;
  std::string text;
  bool expected;
};

bool search(std::string_view pattern, std::string_view text) {
  d::regex_error err;
  auto re = d::compile_regex(pattern, err);
  BOOST_REQUIRE_MESSAGE(re, "pattern " << pattern << " rejected: " << err.message);
  auto r = d::regex_search(*re, text);
  BOOST_REQUIRE(!r.exhausted);
  return r.matched;
}

void check_cases(const std::vector<search_case>& cases) {
  for (const auto& c : cases) {
    BOOST_TEST_CONTEXT("'" << c.text << "' matches '" << c.pattern << "'") { BOOST_TEST(search(c.pattern, c.text) == c.expected); }
  }
}

d::regex_error rejection(std::string_view pattern) {
  d::regex_error err;
  auto re = d::compile_regex(pattern, err);
  BOOST_TEST(!re, "pattern " << pattern << " should be rejected");
  return err;
}

environment string_env() {
  environment env;
  env.declare_variable("s", type::string());
  env.declare_variable("p", type::string());
  env.declare_variable("d", type::dyn());
  return env;
}

value eval(std::string_view src, const activation& act = {}) { return expression::compile(src, string_env()).evaluate(act); }

bool eval_bool(std::string_view src, const activation& act = {}) {
  value v = eval(src, act);
  BOOST_REQUIRE_MESSAGE(v.is_bool(), src << " gave " << v.to_string());
  return v.raw_bool();
}

std::string compile_error_id(std::string_view src, std::string* what = nullptr) {
  try {
    expression::compile(src, string_env());
  } catch (const tuoyu::expression_error& e) {
    if (what) *what = e.what();
    return std::string(e.id());
  }
  return "compiled";
}

}  // namespace

BOOST_AUTO_TEST_CASE(literals_dot_and_concatenation) {
  check_cases({{"ubb", "hubba", true}, {"abc", "ab", false}, {"", "", true}, {"", "cows", true},
               {"a.c", "abc", true}, {"a.c", "ac", false}, {"a.c", "a\nc", false}, {"(?s)a.c", "a\nc", true},
               {"托育", "县托育机构", true}, {"托育", "托 育", false}});
}

BOOST_AUTO_TEST_CASE(alternation_groups_and_repetition) {
  check_cases({{"foo|bar", "", false}, {"foo|bar", "xbarx", true}, {"gr(a|e)y", "grey", true},
               {"gr(a|e)y", "groy", false}, {"gr(?:a|e)y", "gray", true}, {"^(a|b|c)$", "c", true},
               {"^(a|b|c)$", "d", false}, {"(|a)+b", "b", true}, {"a|", "zzz", true},
               {"ba(na)*", "banana", true}, {"^ba(na)+$", "ba", false}, {"^colou?r$", "color", true},
               {"^colou?r$", "colouur", false}, {"^a*?b$", "aab", true}, {"^a+?$", "aaa", true},
               {"^a??$", "", true}, {"(?P<year>\\d{4})-(?<month>\\d\\d)", "on 2025-12-31", true}});
}

BOOST_AUTO_TEST_CASE(counted_repetition) {
  check_cases({{"^a{3}$", "aaa", true}, {"^a{3}$", "aa", false}, {"^a{3}$", "aaaa", false},
               {"^a{2,}$", "aaaaaaa", true}, {"^a{2,}$", "a", false}, {"^a{2,3}$", "aa", true},
               {"^a{2,3}$", "aaaa", false}, {"^(ab){2}$", "abab", true}, {"^a{0}$", "", true},
               {"^a{0,1}b$", "b", true}, {"^x{1000}$", std::string(1000, 'x'), true},
               {"^x{1000}$", std::string(999, 'x'), false},
               // As in RE2, a '{' that starts no valid repetition is a literal.
               {"a{,3}", "a{,3}", true}, {"a{", "a{", true}, {"a{x}", "a{x}", true}, {"{", "{", true},
               {"(){1000}", "x", true}});
}

BOOST_AUTO_TEST_CASE(character_classes) {
  check_cases({{"[abc]", "xbx", true}, {"[abc]", "xyz", false}, {"[^abc]", "abc", false}, {"[^abc]", "abcd", true},
               {"^[a-z0-9_]+$", "ok_42", true}, {"^[a-z]+$", "Nope", false}, {"[]a]", "]", true},
               {"[a-]", "-", true}, {"[-a]", "-", true}, {"[^a]", "\n", true}, {"[\\]]", "]", true},
               {"[\\d.]", ".", true}, {"^[\\w-]+$", "a-b_c", true}, {"[托育]", "育", true},
               {"^[一-龥]+$", "泽州县", true}, {"^[一-龥]+$", "泽州县a", false},
               {"[[:digit:]]", "x5", true}, {"[[:^digit:]]", "555", false}, {"^[[:alpha:][:digit:]]+$", "a1B2", true},
               {"[[:upper:]]", "abc", false}, {"[[:xdigit:]]", "G", false}, {"[[:space:]]", "\v", true},
               {"[[:punct:]]", "a!", true}, {"[\\x41-\\x43]", "B", true}, {"[\\n]", "\n", true}});
}

BOOST_AUTO_TEST_CASE(escapes) {
  check_cases({{"\\d", "a1", true}, {"\\d", "abc", false}, {"^\\D+$", "abc", true}, {"\\s", "a\tb", true},
               {"\\s", "a\vb", false},  // RE2's \s is [\t\n\f\r ]
               {"\\S", " \t", false}, {"^\\w+$", "a_1", true}, {"\\W", "abc_1", false}, {"\\.", "a", false},
               {"\\.", "a.", true}, {"a\\*", "a*", true}, {"\\\\", "\\", true}, {"\\(\\)", "()", true},
               {"\\x41\\x{6258}", "A托", true}, {"\\101", "A", true}, {"\\0", std::string(1, '\0'), true},
               {"\\t\\n\\r\\f\\v\\a", "\t\n\r\f\v\a", true}, {"\\Q.*+\\E", "a.*+b", true}, {"\\Q.*+\\E", "ab", false},
               {"\\Qab", "ab", true}});
}

BOOST_AUTO_TEST_CASE(anchors_and_boundaries) {
  check_cases({{"^abc", "abcd", true}, {"^abc", "xabc", false}, {"abc$", "xabc", true}, {"abc$", "abcx", false},
               {"^$", "", true}, {"^$", "a", false}, {"a$", "a\n", false},  // $ is the end of text, as RE2
               {"^b", "a\nb", false}, {"(?m)^b", "a\nb", true}, {"(?m)a$", "a\nb", true},
               {"\\Aab\\z", "ab", true}, {"\\Aab\\z", "abc", false}, {"\\bfoo\\b", "a foo b", true},
               {"\\bfoo\\b", "afoo", false}, {"\\Bfoo", "afoo", true}, {"\\Bfoo", "foo", false},
               {"^a|b$", "xb", true}, {"^a|b$", "xa", false}, {"(^a)+", "ba", false}});
}

BOOST_AUTO_TEST_CASE(flags) {
  check_cases({{"(?i)hello", "HeLLo", true}, {"(?i:h)ello", "HEllo", false}, {"(?i:h)ello", "Hello", true},
               {"(?i)[a-c]", "B", true}, {"(?i)[^a]", "A", false}, {"a(?i)b|c", "C", true},
               {"(?i)a(?-i)b", "AB", false}, {"(?i)a(?-i)b", "Ab", true}, {"(?U)a+", "a", true},
               {"(?ims:a.)", "A\n", true},
               // As in RE2, a repetition after a flag group applies to the item before the group.
               {"^ab(?i)*$", "a", true}, {"^ab(?i){2}$", "abb", true},
               // Case folding is ASCII only (RE2 folds all of Unicode): É does not match é.
               {"(?i)\\x{e9}", "\xc3\x89", false}});
}

BOOST_AUTO_TEST_CASE(unicode) {
  check_cases({{"^泽州", "泽州县", true}, {"^州", "泽州县", false}, {"县$", "泽州县", true},
               {"^...$", "泽州县", true},  // dots count code points, not bytes
               {"^.{9}$", "泽州县", false}, {"a+ñ+a+", "mañana", true}, {"(a|😀){2}", "🐱😀😀", true},
               {"^(a|😀){2}$", "🐱😀😀", false}, {"^\\p{Han}+$", "泽州县", true}, {"^\\p{Han}+$", "托育a", false},
               {"\\p{Han}", "abc托", true}, {"^\\pL+$", "Zeß泽", true}, {"\\PL", "abc", false}, {"\\p{^L}", "ab1", true},
               {"^\\p{Lu}", "Ä", true}, {"^\\p{Ll}", "Ä", false}, {"^\\p{N}+$", "١٢٣", true}, {"\\p{Nd}", "Ⅻ", false},
               {"\\p{P}", "托育。", true}, {"^[\\p{Han}a]+$", "托a育", true}, {"[^\\p{Han}]", "托育", false},
               {"\\p{Any}", "x", true}, {"\\p{Z}", "\xe3\x80\x80", true}, {"\\p{S}", "¥", true}});
}

BOOST_AUTO_TEST_CASE(realistic_validations) {
  const char* id_card = "^[1-9]\\d{5}(19|20)\\d{2}(0[1-9]|1[0-2])(0[1-9]|[12]\\d|3[01])\\d{3}[\\dX]$";
  const char* mobile = "^1[3-9]\\d{9}$";
  const char* credit_code = "^[0-9A-HJ-NPQRTUWXY]{2}\\d{6}[0-9A-HJ-NPQRTUWXY]{10}$";
  check_cases({{id_card, "14052519900101123X", true}, {id_card, "1405251990010112X", false},
               {id_card, "14052519901301123X", false}, {mobile, "13812345678", true}, {mobile, "12812345678", false},
               {mobile, "138123456789", false}, {credit_code, "91140525MA0K1234XY", true},
               {credit_code, "91140525MA0K1234XI", false}, {"^\\p{Han}{2,20}(托育|幼儿园)", "泽州县阳光托育中心", true}});
}

BOOST_AUTO_TEST_CASE(pathological_patterns_take_linear_time) {
  // A backtracking engine needs about 2^n steps for these on n 'a's without a 'b'; this one visits
  // at most (program size) states per code point. 100,000 'a's would never finish by backtracking.
  const std::string as(100000, 'a');
  BOOST_TEST(!search("(a*)*b", as));
  BOOST_TEST(!search("(a|a)*b", as));
  BOOST_TEST(!search("(a|aa)+$b", as));
  BOOST_TEST(!search("^(a+)+$", as + "!"));
  BOOST_TEST(!search("(x+x+)+y", std::string(100000, 'x')));
  BOOST_TEST(search("(a*)*b", as + "b"));
  BOOST_TEST(search("(a|a)*b", as + "b"));
  BOOST_TEST(search("^(a+)+$", as));

  d::regex_error err;
  auto re = d::compile_regex("(a*)*b", err);
  BOOST_REQUIRE(re);
  auto r = d::regex_search(*re, as);
  BOOST_TEST(!r.matched);
  // The work is bounded by (text length + 1) × (program size), and counted.
  BOOST_TEST(r.work >= as.size());
  BOOST_TEST(r.work <= (as.size() + 1) * (re->code.size() + 1));
}

BOOST_AUTO_TEST_CASE(search_stops_at_the_work_limit) {
  d::regex_error err;
  auto re = d::compile_regex("(a*)*b", err);
  BOOST_REQUIRE(re);
  auto r = d::regex_search(*re, std::string(100000, 'a'), 1000);
  BOOST_TEST(r.exhausted);
  BOOST_TEST(r.work < 1000u + 2 * re->code.size() + 2);
  // An anchored pattern gives up as soon as no attempt is alive, whatever the text's length.
  auto anchored = d::compile_regex("^ab", err);
  BOOST_REQUIRE(anchored);
  BOOST_TEST(anchored->anchored);
  auto a = d::regex_search(*anchored, "ax" + std::string(1000000, 'a'), 100);
  BOOST_TEST(!a.exhausted);
  BOOST_TEST(!a.matched);
}

BOOST_AUTO_TEST_CASE(invalid_utf8_text_never_misbehaves) {
  // Values are valid UTF-8, but the engine must not read out of bounds if handed anything else.
  BOOST_TEST(search("^.{3}$", std::string("a\xff\xe6")));
  BOOST_TEST(search("\\x{FFFD}", std::string("\xe6\x89")));
  BOOST_TEST(!search("b", std::string("\xf0\x9f")));
}

BOOST_AUTO_TEST_CASE(every_syntax_error_names_what_and_where) {
  struct bad {
    const char* pattern;
    const char* message;
    std::size_t position;
  };
  const std::vector<bad> cases = {
      {"(", "missing ')'", 1},
      {"a)", "unexpected ')'", 2},
      {"a**", "bad repetition operator: **", 3},
      {"a{2}{3}", "bad repetition operator", 5},
      {"*", "missing argument to repetition operator: *", 1},
      {"x|+", "missing argument to repetition operator: +", 3},
      {"{2}", "missing argument to repetition operator: {2}", 1},
      {"a{1001}", "bad repetition count {1001} (at most 1000)", 2},
      {"a{1,1001}", "bad repetition count", 2},
      {"a{3,2}", "minimum is above the maximum", 2},
      {"[a", "missing ']'", 1},
      {"[]", "missing ']'", 1},
      {"x[z-a]", "bad character class range z-a", 3},
      {"[[:foo:]]", "unknown POSIX class [:foo:]", 2},
      {"[\\b]", "invalid or unsupported escape \\b in a character class", 2},
      {"[a-\\d]", "invalid escape at the end of a character class range", 4},
      {"\\1", "backreferences", 1},
      {"(a)\\9", "backreferences", 4},
      {"(?P=n)", "backreferences (?P=name)", 1},
      {"(?P>n)", "recursive patterns", 1},
      {"(?=a)", "lookahead assertions", 1},
      {"(?!a)", "lookahead assertions", 1},
      {"(?<=a)", "lookbehind assertions", 1},
      {"(?<!a)", "lookbehind assertions", 1},
      {"(?#c)", "comment groups", 1},
      {"(?x)", "unsupported group flag or syntax '(?x'", 3},
      {"(?)", "empty group flags", 1},
      {"(?i", "missing ')' after group flags", 1},
      {"(?i--m)", "two '-'", 5},
      {"(?P<>a)", "invalid group name", 1},
      {"(?Pa)", "invalid named group", 1},
      {"\\p{Greek}", "unsupported Unicode class \\p{Greek}", 1},
      {"\\p{Han", "missing '}'", 1},
      {"\\p", "missing class name", 1},
      {"\\C", "\\C (any byte) is not supported", 1},
      {"\\Z", "\\Z is not supported", 1},
      {"\\k", "invalid or unsupported escape \\k", 1},
      {"a\\E", "\\E without a \\Q", 2},
      {"(?i)*", "missing argument to repetition operator: *", 5},
      {"托\\托", "invalid or unsupported escape \\托", 2},
      {"a\\", "trailing backslash", 2},
      {"\\x{110000}", "above U+10FFFF", 1},
      {"\\x{}", "needs hex digits", 1},
      {"\\xZ", "needs two hex digits", 1},
      {"((a{1000}){1000})", "too large", 1},
      {"(a{100}|b{100}){100}", "too large", 1},
  };
  for (const auto& c : cases) {
    BOOST_TEST_CONTEXT("pattern " << c.pattern) {
      auto err = rejection(c.pattern);
      BOOST_TEST(err.message.find(c.message) != std::string::npos, "message: " << err.message);
      BOOST_TEST(err.position == c.position);
    }
  }
}

BOOST_AUTO_TEST_CASE(nesting_and_size_limits) {
  std::string ok = std::string(100, '(') + "a" + std::string(100, ')');
  BOOST_TEST(search(ok, "a"));
  auto deep = rejection(std::string(101, '(') + "a" + std::string(101, ')'));
  BOOST_TEST(deep.message.find("nested more than 100 deep") != std::string::npos);
  BOOST_TEST(deep.position == 101u);
  // 200,000 '(' are refused at the limit, never by running out of stack.
  auto very_deep = rejection(std::string(200000, '('));
  BOOST_TEST(very_deep.message.find("bytes, more than the limit") != std::string::npos);
  auto long_deep = rejection(std::string(30000, '('));
  BOOST_TEST(long_deep.message.find("nested more than") != std::string::npos);
  // A pattern just at the program limit compiles; one past it does not.
  BOOST_TEST(search("^a{1000}b{1000}c{1000}d{1000}e{1000}f{1000}g{1000}h{1000}i{1000}$", "abc") == false);
  BOOST_TEST(rejection("(?:a{1000}){10}").message.find("too large") != std::string::npos);
  // Repeating nothing costs nothing, however deeply: no 1000^n blow-up.
  BOOST_TEST(search("((((){1000}){1000}){1000}){1000}x", "x"));
}

// ---------------------------------------------------------------------------------------------
// From expressions

BOOST_AUTO_TEST_CASE(matches_method_and_function) {
  BOOST_TEST(eval_bool("'泽州县'.matches('^泽州')"));
  BOOST_TEST(!eval_bool("'泽州县'.matches('^州')"));
  BOOST_TEST(eval_bool("matches('hubba', 'ubb')"));
  BOOST_TEST(eval_bool("'13812345678'.matches(r'^1[3-9]\\d{9}$')"));
  BOOST_TEST(eval_bool("'a.b'.matches('a\\\\.b')"));  // CEL escape \\ gives the regex escape \.
  BOOST_TEST(!eval_bool("'axb'.matches(r'a\\.b')"));
  activation act;
  act.bind("s", value("托育机构")).bind("p", value("^托育")).bind("d", value("x"));
  BOOST_TEST(eval_bool("s.matches(p)", act));
  BOOST_TEST(eval_bool("matches(s, p + '机构$')", act));
  BOOST_TEST(!eval_bool("d.matches(p)", act));
  BOOST_TEST((expression::compile("s.matches('a')", string_env()).result_type() == type::bool_()));
}

BOOST_AUTO_TEST_CASE(literal_pattern_compiled_once) {
  auto e = expression::compile("s.matches('^a+$')", string_env());
  const auto& root = *e.program().root;
  BOOST_TEST((root.fn == d::op::matches));
  BOOST_REQUIRE(root.regex);
  BOOST_TEST(root.regex->anchored);
  auto dynamic = expression::compile("s.matches(p)", string_env());
  BOOST_TEST(!dynamic.program().root->regex);
}

BOOST_AUTO_TEST_CASE(invalid_literal_pattern_is_a_compile_error) {
  std::string what;
  BOOST_TEST(compile_error_id("s.matches('a(b')", &what) == "tuoyu.expr.311");
  BOOST_TEST(what.find("] 1:11: ") != std::string::npos, what);
  BOOST_TEST(what.find("missing ')'") != std::string::npos, what);
  BOOST_TEST(what.find("at character 2 of the pattern") != std::string::npos, what);
  BOOST_TEST(compile_error_id("true &&\n  matches(s, '(?=x)')", &what) == "tuoyu.expr.311");
  BOOST_TEST(what.find("] 2:14: ") != std::string::npos, what);
  BOOST_TEST(what.find("lookahead") != std::string::npos, what);
  BOOST_TEST(compile_error_id("s.matches('\\\\p{Greek}')") == "tuoyu.expr.311");
  BOOST_TEST(compile_error_id("s.matches('a{2000}')") == "tuoyu.expr.311");
  // Also without type checking: a bad pattern is a syntax problem, not a type problem.
  try {
    expression::compile("s.matches('[')", string_env(), tuoyu::compile_options{false});
    BOOST_ERROR("compiled");
  } catch (const tuoyu::expression_error& e) {
    BOOST_TEST(e.id() == "tuoyu.expr.311");
  }
}

BOOST_AUTO_TEST_CASE(invalid_literal_pattern_in_a_definition) {
  auto env = string_env();
  env.define("is_code", {"x"}, "x.matches('[A-Z')");
  try {
    expression::compile("is_code(s)", env);
    BOOST_ERROR("compiled");
  } catch (const tuoyu::expression_error& e) {
    BOOST_TEST(e.id() == "tuoyu.expr.311");
    BOOST_TEST(std::string(e.what()).find("in definition 'is_code' at 1:11") != std::string::npos, e.what());
  }
  env.define("is_mobile", {"x"}, "x.matches(r'^1[3-9]\\d{9}$')");
  activation act;
  act.bind("s", value("13912345678"));
  BOOST_TEST((expression::compile("is_mobile(s)", env).evaluate(act) == value(true)));
}

BOOST_AUTO_TEST_CASE(invalid_dynamic_pattern_is_an_error_value) {
  activation act;
  act.bind("s", value("abc")).bind("p", value("a(")).bind("d", value(1));
  value v = eval("s.matches(p)", act);
  BOOST_REQUIRE(v.is_error());
  BOOST_TEST(v.error_id() == "tuoyu.eval.412");
  BOOST_TEST(std::string(v.error_message()).find("missing ')'") != std::string::npos);
  BOOST_TEST(eval("matches(s, p + '[')", act).error_id() == "tuoyu.eval.412");
  // As an error value, || and && may absorb it.
  BOOST_TEST(eval_bool("s.matches(p) || true", act));
  // A long bad pattern is quoted only in part.
  act.bind("p", value(std::string(5000, 'x') + "("));
  value longer = eval("s.matches(p)", act);
  BOOST_TEST(longer.error_id() == "tuoyu.eval.412");
  BOOST_TEST(std::string(longer.error_message()).size() < 300u);
  // Wrong kinds at run time.
  BOOST_TEST(eval("dyn(1).matches('a')", act).error_id() == "tuoyu.eval.404");
  BOOST_TEST(eval("s.matches(dyn(d))", act).error_id() == "tuoyu.eval.404");
}

BOOST_AUTO_TEST_CASE(type_errors) {
  BOOST_TEST(compile_error_id("1.matches('a')") == "tuoyu.expr.304");
  BOOST_TEST(compile_error_id("s.matches(1)") == "tuoyu.expr.304");
  BOOST_TEST(compile_error_id("s.matches()") == "tuoyu.expr.304");
  BOOST_TEST(compile_error_id("matches(s)") == "tuoyu.expr.304");
  BOOST_TEST(compile_error_id("s.matches('a', 'b')") == "tuoyu.expr.304");
}

BOOST_AUTO_TEST_CASE(regex_work_counts_against_the_step_budget) {
  activation act;
  act.bind("s", value(std::string(100000, 'a')));
  // (a*)*b on 100,000 'a's: about 700,000 states visited, 1/8 step each; fits the default budget.
  BOOST_TEST(!eval_bool("s.matches('(a*)*b')", act));
  BOOST_TEST(!eval_bool("s.matches('(a|a)*b')", act));
  BOOST_TEST(eval_bool("(s + 'b').matches('(a|a)*b')", act));
  // With a small budget the same search is stopped, and || cannot absorb that.
  act.set_step_budget(1000);
  value v = eval("s.matches('(a*)*b') || true", act);
  BOOST_REQUIRE(v.is_error());
  BOOST_TEST(v.error_id() == "tuoyu.eval.405");
  // A short text under the same budget is fine.
  act.bind("s", value("aaab"));
  BOOST_TEST(eval_bool("s.matches('(a*)*b')", act));
  // Many searches in a comprehension add up.
  act.bind("s", value(std::string(1000, 'a')));
  act.set_step_budget(100000);
  BOOST_TEST((eval("[1, 2, 3].all(i, !s.matches('(a*)*b'))", act) == value(true)));
  value many = eval("[1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19, 20].map(i, "
                    "[1, 2, 3, 4, 5, 6, 7, 8, 9, 10].map(j, s.matches('(a*)*b')))",
                    act);
  BOOST_REQUIRE(many.is_error());
  BOOST_TEST(many.error_id() == "tuoyu.eval.405");
  // Compiling a dynamic pattern is charged too.
  act.bind("p", value(std::string(30000, 'a')));
  act.set_step_budget(100);
  BOOST_TEST(eval("'x'.matches(p)", act).error_id() == "tuoyu.eval.405");
}

BOOST_AUTO_TEST_CASE(explain_shows_matches) {
  activation act;
  act.bind("s", value("泽州县"));
  auto ex = expression::compile("s.matches('^泽州') && true", string_env()).explain(act);
  BOOST_TEST((ex.result == value(true)));
  bool found = false;
  for (const auto& e : ex.entries)
    if (e.source_text == "s.matches('^泽州')") found = e.result == value(true);
  BOOST_TEST(found);
}

BOOST_AUTO_TEST_CASE(a_compiled_pattern_is_shared_between_threads) {
  auto e = expression::compile("s.matches(r'^\\p{Han}+(托育|幼儿园)$')", string_env());
  std::vector<std::thread> threads;
  std::vector<int> ok(4, 0);
  for (int t = 0; t < 4; ++t)
    threads.emplace_back([&, t] {
      activation act;
      for (int i = 0; i < 200; ++i) {
        act.bind("s", value(i % 2 ? "泽州县托育" : "泽州县xyz"));
        ok[static_cast<std::size_t>(t)] += e.evaluate(act) == value(i % 2 == 1);
      }
    });
  for (auto& th : threads) th.join();
  for (int n : ok) BOOST_TEST(n == 200);
}
