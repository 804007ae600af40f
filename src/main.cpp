// Composition root: parses the command line and hands off to the command it names.
#include "cli/commands.h"

int main(int argc, char** argv) { return cg::cli::run(argc, argv); }
