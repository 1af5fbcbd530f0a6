// The tuoyu command line (contract section 1): check, explain, rules, departments, lint, test, eval.
// Exit codes: 0 nothing at or above --fail-on, 1 findings at or above it, 2 usage or input error.
// On exit 2 nothing is written to standard output or --output; one line on standard error says what.
#include "arguments.hpp"
#include "commands.hpp"

#include <tuoyu/tuoyu.hpp>

#include <iostream>
#include <string>
#include <string_view>
#include <vector>

namespace {

constexpr const char* usage_text =
    "usage: tuoyu <command> [options]\n"
    "\n"
    "commands:\n"
    "  check   [--rulebook ID|PATH]... [--as-of YYYY-MM-DD] [--format text|json|csv] [--output FILE]\n"
    "          [--fail-on error|warning|info|never] [--lang zh|en] [--threads N] [LIMITS] DATASET\n"
    "  explain [--rulebook ...] [--as-of ...] --rule RULE_ID [--subject ID] [--format text|json] [LIMITS] DATASET\n"
    "  rules   [--rulebook ...] [--format text|json] [--clauses]\n"
    "  departments [--rulebook ...] [--format text|json] [--id DEPARTMENT]\n"
    "  lint    [--rulebook ...] [--format text|json]\n"
    "  test    [--rulebook ID|PATH] [--coverage] [--min-coverage P] [--lang zh|en] CASES...\n"
    "  test    --boundaries RULEBOOK [--output FILE]\n"
    "  eval    EXPR [--var NAME=JSON]... [--dataset FILE --as-of DATE] [--format text|json]\n"
    "\n"
    "DATASET is a dataset JSON file, or - for standard input. Without --rulebook the built-in\n"
    "zezhou-2022 rulebook is used; --as-of defaults to today.\n"
    "\n"
    "LIMITS (for untrusted input; exceeding one is an input error, exit 2; see docs/security.md):\n"
    "  --max-depth N     nesting of the dataset's arrays and objects (default 64, at most 1000)\n"
    "  --max-bytes N     size of the dataset file (default 268435456, 256 MiB)\n"
    "  --max-records N   townships + facilities + meetings + trainings (default 10000000)\n"
    "  --step-budget N   evaluation steps per rule and subject (default: the rulebook's, 1000000);\n"
    "                    a rule that runs out is reported as a finding carrying error tuoyu.eval.405\n";

// An error message as one line of standard error: contract section 1 promises a single line, but a
// message may quote input text (an expression, an id) that holds line breaks or other controls.
std::string one_line(std::string_view text) {
  static constexpr char hex[] = "0123456789abcdef";
  std::string out;
  for (char c : text) {
    auto b = static_cast<unsigned char>(c);
    if (c == '\n') {
      out += "\\n";
    } else if (c == '\r') {
      out += "\\r";
    } else if (c == '\t') {
      out += "\\t";
    } else if (b < 0x20 || b == 0x7f) {
      out += "\\x";
      out += hex[b >> 4];
      out += hex[b & 0xf];
    } else {
      out += c;
    }
  }
  return out;
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<std::string> args(argv + 1, argv + argc);
  if (args.empty() || args[0] == "--help" || args[0] == "-h" || args[0] == "help") {
    std::cout << usage_text;
    return args.empty() ? 2 : 0;
  }
  if (args[0] == "--version") {
    std::cout << "tuoyu " << tuoyu::version_string << "\n";
    return 0;
  }
  std::string command = args[0];
  args.erase(args.begin());
  try {
    return tuoyu::cli::run_command(command, args);
  } catch (const tuoyu::cli::exit_code& e) {
    return e.code;
  } catch (const tuoyu::cli::usage_error& e) {
    std::cerr << "tuoyu " << command << ": " << one_line(e.what()) << " (see tuoyu --help)\n";
    return 2;
  } catch (const tuoyu::error& e) {
    std::cerr << "tuoyu " << command << ": " << one_line(e.what()) << "\n";
    return 2;
  } catch (const std::bad_alloc&) {
    std::cerr << "tuoyu " << command << ": [tuoyu.io.009] out of memory\n";
    return 2;
  } catch (const std::exception& e) {
    std::cerr << "tuoyu " << command << ": [tuoyu.internal] " << one_line(e.what()) << "\n";
    return 2;
  }
}
