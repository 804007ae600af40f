#include "identity/passwords.h"

#include <gtest/gtest.h>

#include <cctype>
#include <string>

#include "core/crypto.h"

namespace cg::identity {
namespace {

class PasswordHashTest : public ::testing::Test {
 protected:
  void SetUp() override {
    crypto::init();
    set_password_hash_cost_for_tests(true);
  }
};

struct RuleCase {
  const char* label;
  std::string password;
  bool ok;
  const char* message_fragment;  // checked only when !ok
};

const char* const kShort = "at least 12 characters";
const char* const kCommon = "too common";
const char* const kPersonal = "email address or name";
const char* const kPattern = "keys in a row";

class PasswordRules : public ::testing::TestWithParam<RuleCase> {};

TEST_P(PasswordRules, ChecksAgainstNcscRules) {
  const auto& c = GetParam();
  auto result = check_password(c.password, "jane.smith@sunnycare.org.uk", "Jane Smith");
  EXPECT_EQ(result.ok, c.ok) << c.label << ": " << result.message;
  if (c.ok) {
    EXPECT_TRUE(result.message.empty()) << c.label;
  } else {
    EXPECT_NE(result.message.find(c.message_fragment), std::string::npos) << c.label;
  }
}

INSTANTIATE_TEST_SUITE_P(
    Table, PasswordRules,
    ::testing::Values(
        RuleCase{"empty", "", false, "Enter a password"},
        RuleCase{"11 chars", "tX9vb2mQ4pz", false, kShort},
        RuleCase{"12 chars", "tX9vb2mQ4pzR", true, ""},
        // 11 code points but 33 bytes: bytes must not count as characters.
        RuleCase{"11 multi-byte", "日本語のパスワードです", false, kShort},
        RuleCase{"12 multi-byte", "日本語のパスワードですね", true, ""},
        RuleCase{"three words", "cat sun map", true, ""},
        RuleCase{"three hyphen words", "kettle-orange-bicycle", true, ""},
        RuleCase{"two words", "cat sunny", false, kShort},
        RuleCase{"same word thrice", "cat cat cat", false, kShort},
        RuleCase{"short word", "cat on mat", false, kShort},
        RuleCase{"deny listed", "qwertyuiop123", false, kCommon},
        RuleCase{"deny listed any case", "PassWord1234", false, kCommon},
        RuleCase{"deny listed plus digits", "football9876543", false, kCommon},
        RuleCase{"deny listed plus symbols", "Sunshine!!2024#", false, kCommon},
        RuleCase{"email local part", "xjane.smithx99", false, kPersonal},
        RuleCase{"surname", "tulipsmith4821", false, kPersonal},
        RuleCase{"service name", "MyCareguardLogin7", false, "Careguard"},
        RuleCase{"repeated char", "aaaaaaaaaaaa", false, kPattern},
        RuleCase{"number run", "123456789012", false, kPattern},
        RuleCase{"keyboard run", "qwertyuiopas", false, kPattern},
        RuleCase{"reverse run", "0987654321098", false, kPattern},
        RuleCase{"256 chars", std::string(128, 'x') + std::string(128, 'y'), true, ""},
        RuleCase{"257 chars", std::string(128, 'x') + std::string(129, 'y'), false, "256"}),
    [](const auto& info) {
      std::string name;
      for (const char* p = info.param.label; *p; ++p) name += std::isalnum(*p) ? *p : '_';
      return name;
    });

TEST(PasswordRulesExtra, NoCompositionRules) {
  // Lower-case letters only, no digits or symbols: NCSC says this is fine when long enough.
  EXPECT_TRUE(check_password("correcthorsebatterystaple", "a@b.org", "Al Bo").ok);
}

TEST(PasswordRulesExtra, ShortNamePartsAreIgnored) {
  EXPECT_TRUE(check_password("bob tulip lantern", "bob@x.org", "Bob Ng").ok);
}

TEST(DenyList, MatchesCaseInsensitively) {
  EXPECT_TRUE(is_common_password("PASSWORD"));
  EXPECT_TRUE(is_common_password("iloveyou1234"));
  EXPECT_FALSE(is_common_password("kettle orange bicycle"));
}

TEST(DenyList, MissingFileThrows) {
  EXPECT_THROW(load_deny_list("/nonexistent/common-passwords.txt"), std::exception);
  EXPECT_TRUE(is_common_password("letmein"));  // the shipped list is still in use
}

TEST_F(PasswordHashTest, RoundTrip) {
  auto hash = hash_password("kettle orange bicycle");
  EXPECT_TRUE(hash.starts_with("$argon2id$"));
  EXPECT_TRUE(verify_password("kettle orange bicycle", hash));
  EXPECT_FALSE(password_needs_rehash(hash));
}

TEST_F(PasswordHashTest, WrongPasswordFails) {
  auto hash = hash_password("kettle orange bicycle");
  EXPECT_FALSE(verify_password("kettle orange bicycles", hash));
}

TEST_F(PasswordHashTest, SaltsDiffer) {
  EXPECT_NE(hash_password("same words here"), hash_password("same words here"));
}

TEST_F(PasswordHashTest, MalformedHashReturnsFalse) {
  for (std::string bad : {std::string(), std::string("not a hash"), std::string("$argon2id$v=19$"),
                          std::string(500, 'a'), std::string("$argon2id\0$", 11)}) {
    EXPECT_FALSE(verify_password("anything", bad));
    EXPECT_TRUE(password_needs_rehash(bad));
  }
}

TEST_F(PasswordHashTest, StrongerDefaultCostNeedsNoRehashButMinimalDoes) {
  auto minimal = hash_password("kettle orange bicycle");
  set_password_hash_cost_for_tests(false);
  EXPECT_TRUE(password_needs_rehash(minimal));
  set_password_hash_cost_for_tests(true);
}

TEST_F(PasswordHashTest, BurnDoesNotThrow) { EXPECT_NO_THROW(burn_password_check_time()); }

}  // namespace
}  // namespace cg::identity
