// Entry point of the integration tests: checks the environment loudly before any test runs.
#include <curl/curl.h>
#include <gtest/gtest.h>

#include <iostream>

#include "core/crypto.h"
#include "harness.h"

int main(int argc, char** argv) {
  ::testing::InitGoogleTest(&argc, argv);
  cg::crypto::init();
  curl_global_init(CURL_GLOBAL_DEFAULT);

  std::string problem = cg::test::check_environment();
  if (!problem.empty()) {
    std::cerr << "integration tests cannot run: " << problem << "\n";
    return 1;
  }
  std::cerr << "integration tests: dialect " << cg::test::dialect_name(cg::test::dialect())
            << ", binary " << cg::test::binary_path() << "\n";
  int result = RUN_ALL_TESTS();
  curl_global_cleanup();
  return result;
}
