// The command line: help, version, adding organisations and people with clear errors,
// backups and audit verification.
#include <gtest/gtest.h>

#include <filesystem>

#include "harness.h"

namespace cg::test {
namespace {

class CliTest : public ::testing::Test {
 protected:
  void SetUp() override { server.prepare(); }
  TestServer server;
};

TEST_F(CliTest, BadInputNamesTheFieldAndChangesNothing) {
  auto national =
      server.cli({"org", "add", "--name", "National", "--type", "national", "--ods", "X26"});
  ASSERT_EQ(national.exit_code, 0) << national.err;
  auto bad_ods = server.cli({"org", "add", "--name", "Region", "--type", "region", "--ods",
                             "no-good", "--parent", "X26"});
  EXPECT_EQ(bad_ods.exit_code, 2);
  EXPECT_NE(bad_ods.err.find("ods_code: ODS code"), std::string::npos) << bad_ods.err;
  auto bad_parent =
      server.cli({"org", "add", "--name", "Home", "--type", "care_home", "--parent", "X26"});
  EXPECT_EQ(bad_parent.exit_code, 2);
  EXPECT_NE(bad_parent.err.find("type:"), std::string::npos) << bad_parent.err;
  auto bad_email = server.cli({"user", "add", "--email", "nope", "--name", "N", "--org", "X26",
                               "--role", "staff", "--password-stdin"},
                              "kettle orange bicycle\n");
  EXPECT_EQ(bad_email.exit_code, 2);
  EXPECT_NE(bad_email.err.find("email:"), std::string::npos) << bad_email.err;
  auto weak = server.cli({"user", "add", "--email", unique_email(), "--name", "N", "--org", "X26",
                          "--role", "staff", "--password-stdin"},
                         "password\n");
  EXPECT_EQ(weak.exit_code, 2);
  EXPECT_NE(weak.err.find("password:"), std::string::npos) << weak.err;
  auto bad_role = server.cli({"user", "add", "--email", unique_email(), "--name", "N", "--org",
                              "X26", "--role", "king", "--password-stdin"},
                             "kettle orange bicycle\n");
  EXPECT_NE(bad_role.exit_code, 0);
  EXPECT_NE(bad_role.err.find("--role"), std::string::npos) << bad_role.err;
  auto verify = server.cli({"audit", "verify"});
  EXPECT_EQ(verify.exit_code, 0);
  EXPECT_NE(verify.out.find("1 entries"), std::string::npos)
      << verify.out;  // only the national org
}

TEST_F(CliTest, BackupWhileInUseIsACompleteCopy) {
  ASSERT_EQ(server.cli({"demo"}).exit_code, 0);
  // The README's first command may be run again: the demo data is then already there.
  auto again = server.cli({"demo"});
  ASSERT_EQ(again.exit_code, 0) << again.err;
  server.start();
  const std::string file = server.dir() + "/backup.bin";
  auto r = server.cli({"backup", "--to", file});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  ASSERT_TRUE(std::filesystem::exists(file));
  EXPECT_GT(std::filesystem::file_size(file), 1000u);
  if (server.database_url().rfind("sqlite:", 0) == 0) {
    // The copy is a working database with the same verified audit trail.
    auto original = server.cli({"audit", "verify"});
    const std::string command = binary_path() + " audit verify --database sqlite:" + file + " 2>&1";
    FILE* p = popen(command.c_str(), "r");
    std::string out;
    char buf[256];
    while (size_t n = fread(buf, 1, sizeof buf, p)) out.append(buf, n);
    EXPECT_EQ(pclose(p), 0) << out;
    EXPECT_EQ(out, original.out);
  } else {
    // pg_dump's custom format lists its contents.
    const std::string command = "pg_restore --list " + file + " 2>&1";
    FILE* p = popen(command.c_str(), "r");
    std::string out;
    char buf[256];
    while (size_t n = fread(buf, 1, sizeof buf, p)) out.append(buf, n);
    EXPECT_EQ(pclose(p), 0) << out;
    EXPECT_NE(out.find("audit_log"), std::string::npos);
    EXPECT_NE(out.find("organisations"), std::string::npos);
  }
}

TEST(CliHelp, EveryCommandExplainsItself) {
  for (const char* args :
       {"--help", "serve --help", "migrate --help", "demo --help", "user add --help",
        "org add --help", "token create --help", "backup --help", "audit verify --help"}) {
    const std::string command = binary_path() + " " + std::string(args) + " 2>&1";
    FILE* p = popen(command.c_str(), "r");
    std::string out;
    char buf[256];
    while (size_t n = fread(buf, 1, sizeof buf, p)) out.append(buf, n);
    EXPECT_EQ(pclose(p), 0) << args;
    EXPECT_NE(out.find("Usage"), std::string::npos) << args << "\n" << out;
  }
  FILE* p = popen((binary_path() + " version").c_str(), "r");
  char buf[64] = {};
  size_t n = fread(buf, 1, sizeof buf - 1, p);
  pclose(p);
  EXPECT_EQ(std::string(buf, n).rfind("careguard ", 0), 0u);
}

}  // namespace
}  // namespace cg::test
