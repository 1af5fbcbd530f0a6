// Runs every example of docs/language.md: in each ```cel block, every line reads
//   EXPRESSION  // => EXPECTED
// where EXPECTED is an expression giving the same value (and kind), error(ID) for an evaluation
// error with that id, or compile_error(ID) for an expression that must not compile.
#define BOOST_TEST_MODULE tuoyu language doc
#include <boost/test/unit_test.hpp>

#include <tuoyu/tuoyu.hpp>

#include <boost/json.hpp>

#include <fstream>
#include <sstream>
#include <string>
#include <vector>

namespace {

struct example {
  int line;
  std::string expr;
  std::string expected;
};

std::vector<example> read_examples() {
  std::ifstream in(std::string(TUOYU_SOURCE_DIR) + "/docs/language.md");
  BOOST_REQUIRE_MESSAGE(in, "cannot open docs/language.md");
  std::vector<example> out;
  std::string line;
  bool in_block = false;
  int number = 0;
  while (std::getline(in, line)) {
    ++number;
    if (!in_block) {
      if (line == "```cel") in_block = true;
      continue;
    }
    if (line.rfind("```", 0) == 0) {
      in_block = false;
      continue;
    }
    if (line.find_first_not_of(' ') == std::string::npos) continue;
    auto sep = line.rfind("// =>");
    BOOST_REQUIRE_MESSAGE(sep != std::string::npos, "docs/language.md:" << number << ": no '// =>' in a cel example");
    auto trim = [](std::string s) {
      s.erase(0, s.find_first_not_of(' '));
      s.erase(s.find_last_not_of(' ') + 1);
      return s;
    };
    out.push_back({number, trim(line.substr(0, sep)), trim(line.substr(sep + 5))});
  }
  BOOST_REQUIRE_MESSAGE(!in_block, "docs/language.md: unterminated cel block");
  return out;
}

tuoyu::environment doc_environment() {
  tuoyu::environment env;
  env.declare_variable("facility", tuoyu::type::dyn());
  env.declare_variable("as_of", tuoyu::type::date());
  env.declare_parameter("capacity_per_1000", tuoyu::type::double_());
  return env;
}

tuoyu::activation doc_activation() {
  tuoyu::activation act;
  act.bind("facility", tuoyu::value::from_json(boost::json::parse(
                           R"({"id": "F1", "capacity": 80, "legal_form": "enterprise",
                               "registration": {"authority": "health"}, "tags": ["inclusive"]})")));
  act.bind("as_of", tuoyu::value(tuoyu::date::parse("2025-12-31")));
  act.set_parameter_lookup([](std::string_view name) {
    return name == "capacity_per_1000" ? tuoyu::value(4.5) : tuoyu::value::error("tuoyu.eval.410", "unknown");
  });
  return act;
}

// "error(tuoyu.eval.401)" → "tuoyu.eval.401" if `text` has that form with the given head.
bool unwrap(const std::string& text, const std::string& head, std::string& id) {
  if (text.rfind(head + "(", 0) != 0 || text.back() != ')') return false;
  id = text.substr(head.size() + 1, text.size() - head.size() - 2);
  return true;
}

}  // namespace

BOOST_AUTO_TEST_CASE(every_example_in_language_md_holds) {
  auto examples = read_examples();
  BOOST_TEST(examples.size() >= 50u);
  auto env = doc_environment();
  auto act = doc_activation();
  for (const auto& ex : examples) {
    BOOST_TEST_CONTEXT("docs/language.md:" << ex.line << ": " << ex.expr) {
      std::string id;
      if (unwrap(ex.expected, "compile_error", id)) {
        try {
          tuoyu::expression::compile(ex.expr, env);
          BOOST_ERROR("compiled, expected " << id);
        } catch (const tuoyu::expression_error& e) {
          BOOST_TEST(e.id() == id);
        }
        continue;
      }
      tuoyu::value got;
      try {
        got = tuoyu::expression::compile(ex.expr, env).evaluate(act);
      } catch (const tuoyu::error& e) {
        BOOST_ERROR("does not compile: " << e.what());
        continue;
      }
      if (unwrap(ex.expected, "error", id)) {
        BOOST_TEST(got.is_error(), "got " << got.to_string());
        if (got.is_error()) BOOST_TEST(got.error_id() == id);
        continue;
      }
      tuoyu::value want = tuoyu::expression::compile(ex.expected, env).evaluate(act);
      BOOST_TEST((got.kind() == want.kind() && got == want), "got " << got.to_string() << ", expected " << want.to_string());
    }
  }
}
