#include "cli/commands.h"

#include <iostream>

namespace cg::cli {

int run(int, char**) {
  std::cout << "careguard " << CAREGUARD_VERSION << "\n";
  return 0;
}

}  // namespace cg::cli
