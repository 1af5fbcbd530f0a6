// libFuzzer target: see fuzz_entries.hpp (tuoyu_fuzz::rulebook).
#include "fuzz_entries.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  return tuoyu_fuzz::rulebook(data, size);
}
