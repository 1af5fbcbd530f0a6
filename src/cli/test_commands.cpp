// tuoyu test: placeholder until the rule-testing toolkit lands (issue 6).
#include "commands.hpp"

namespace tuoyu::cli {
int run_test(const std::vector<std::string>&) { throw usage_error("tuoyu test is not available in this build yet"); }
}  // namespace tuoyu::cli
