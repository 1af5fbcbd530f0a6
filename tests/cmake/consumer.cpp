// Built by the packaging tests: a real program using the public API through the umbrella header.
#include <tuoyu/tuoyu.hpp>

#include <iostream>

int main() {
  auto d = tuoyu::date::parse("2025-12-31");
  if (d.year() != 2025) return 1;
  std::cout << "tuoyu " << tuoyu::version_string << " as of " << d.to_string() << '\n';
  return 0;
}
