#pragma once
// Small helpers shared by the fuzz targets: the real framework library, loaded once, and the
// checks a target makes on what Careguard would send back.
#include <cstdio>
#include <cstdlib>
#include <nlohmann/json.hpp>
#include <string>

#include "toolkit/content/loader.h"

namespace cg::fuzz {

// content/frameworks from the source tree, loaded on first use. A library that does not load
// is a broken checkout, not a finding: the target stops at once.
inline const toolkit::Library& real_library() {
  static const toolkit::Library library =
      toolkit::Library::load(std::string(CAREGUARD_SOURCE_DIR) + "/content/frameworks");
  return library;
}

// Whether nlohmann's strict dump() (used for problem+json bodies, snapshots and downloads)
// accepts the text, i.e. whether it is valid UTF-8.
inline bool dumps(const std::string& text) {
  try {
    (void)nlohmann::json(text).dump();
    return true;
  } catch (const nlohmann::json::type_error&) {
    return false;
  }
}

// abort() with a note on stderr, so a broken invariant is a crash libFuzzer keeps.
[[noreturn]] inline void fail(const char* what) {
  std::fprintf(stderr, "invariant broken: %s\n", what);
  std::abort();
}

}  // namespace cg::fuzz
