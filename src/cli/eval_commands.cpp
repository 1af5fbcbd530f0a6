// tuoyu eval: try an expression on its own, as in a REPL. With --dataset it sees what a
// jurisdiction rule of the rulebook sees (as_of, dataset, jurisdiction, definitions, parameters).
// Exit 0 on a value, 1 on an evaluation error, 2 on a parse or check error (with a caret).
#include "commands.hpp"
#include "output.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

#include <iostream>
#include <sstream>

namespace tuoyu::cli {

namespace {

// The source line of an expression error with a caret under the column (columns count code points).
std::string caret_under(const std::string& source, const location& where) {
  if (where.line <= 0) return {};
  std::istringstream in(source);
  std::string line;
  for (int i = 0; i < where.line && std::getline(in, line); ++i) {
  }
  std::string pad;
  int column = 1;
  for (std::size_t i = 0; i < line.size() && column < where.column; ++i) {
    auto c = static_cast<unsigned char>(line[i]);
    if ((c & 0xC0) == 0x80) continue;  // continuation byte: same code point
    // Wide (CJK) characters take two terminal cells.
    pad += c >= 0xE0 ? "  " : " ";
    ++column;
  }
  return "  " + line + "\n  " + pad + "^\n";
}

}  // namespace

int run_eval(const std::vector<std::string>& args) {
  arguments a(args, {"var", "dataset", "as-of", "format", "rulebook"}, {}, {"var"});
  auto format = a.choice("format", "text", {"text", "json"});
  if (a.positional().size() != 1) throw usage_error("expected exactly one EXPR");
  const std::string source = a.positional()[0];

  std::vector<std::pair<std::string, value>> vars;
  for (const auto& spec : a.all("var")) {
    auto eq = spec.find('=');
    if (eq == std::string::npos || eq == 0) throw usage_error("--var expects NAME=JSON, not \"" + spec + "\"");
    boost::system::error_code ec;
    auto json = boost::json::parse(spec.substr(eq + 1), ec);
    if (ec) throw usage_error("--var " + spec.substr(0, eq) + ": the value is not JSON (" + ec.message() + ")");
    vars.emplace_back(spec.substr(0, eq), value::from_json(json));
  }

  environment env;
  activation act;
  std::optional<rulebook> book;
  std::optional<dataset> data;
  if (a.has("dataset")) {
    book = load_rulebooks(a).front();
    data = load_dataset_argument(a.get("dataset"));
    env = book->environment_for(subject_kind::jurisdiction);
  }
  for (const auto& [name, v] : vars) env.declare_variable(name, type::dyn());

  expression compiled = [&] {
    try {
      return expression::compile(source, env);
    } catch (const expression_error& e) {
      std::cerr << "tuoyu eval: " << e.what() << "\n" << caret_under(source, e.where());
      throw exit_code(2);
    }
  }();

  value result;
  if (data) {
    result = evaluate_in(*book, *data, as_of_argument(a), compiled, vars);
  } else {
    for (const auto& [name, v] : vars) act.bind(name, v);
    result = compiled.evaluate(act);
  }
  if (result.is_error()) {
    std::cerr << "tuoyu eval: [" << result.error_id() << "] " << result.error_message() << "\n";
    return 1;
  }
  if (format == "json")
    emit("", boost::json::serialize(boost::json::object{{"value", to_json(result)},
                                                        {"type", compiled.result_type().to_string()}}) +
                 "\n");
  else
    emit("", result.to_string() + "\n");
  return 0;
}

}  // namespace tuoyu::cli
