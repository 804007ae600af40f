#pragma once

namespace cg::cli {

// Parses argv and runs the named subcommand; returns the process exit code.
int run(int argc, char** argv);

}  // namespace cg::cli
