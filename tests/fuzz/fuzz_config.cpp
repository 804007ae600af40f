// Fuzzes the configuration file loader: the input is written to a temporary file and loaded
// into a default cg::Config.
#include <unistd.h>

#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "core/config.h"
#include "core/error.h"

namespace {

const std::string& temp_path() {
  static const std::string path = [] {
    const char* dir = std::getenv("TMPDIR");
    std::string p = std::string(dir && *dir ? dir : "/tmp") + "/careguard-fuzz-config-" +
                    std::to_string(getpid()) + ".conf";
    return p;
  }();
  return path;
}

void remove_temp() { std::remove(temp_path().c_str()); }

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
  std::atexit(remove_temp);
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string& path = temp_path();
  std::FILE* f = std::fopen(path.c_str(), "wb");
  if (!f) std::abort();
  if (size && std::fwrite(data, 1, size, f) != size) std::abort();
  std::fclose(f);
  cg::Config config;
  try {
    cg::load_config_file(config, path);
    (void)config.listen_host();
    (void)config.listen_port();
    (void)config.public_base_url();
  } catch (const cg::Error&) {
  }
  return 0;
}
