#include "identity/recovery_codes.h"

#include <gtest/gtest.h>

#include <regex>
#include <set>

#include "core/crypto.h"

namespace cg::identity {
namespace {

class RecoveryCodes : public ::testing::Test {
 protected:
  void SetUp() override { crypto::init(); }
};

TEST_F(RecoveryCodes, CountDefaultsToTen) {
  EXPECT_EQ(new_recovery_codes().size(), 10u);
  EXPECT_EQ(new_recovery_codes(3).size(), 3u);
  EXPECT_TRUE(new_recovery_codes(0).empty());
}

TEST_F(RecoveryCodes, FormatAvoidsConfusableCharacters) {
  const std::regex shape("[a-hjkmnp-z2-9]{4}-[a-hjkmnp-z2-9]{4}-[a-hjkmnp-z2-9]{4}");
  for (const auto& code : new_recovery_codes(50)) {
    EXPECT_TRUE(std::regex_match(code, shape)) << code;
  }
}

TEST_F(RecoveryCodes, AreUnique) {
  auto codes = new_recovery_codes(200);
  EXPECT_EQ(std::set<std::string>(codes.begin(), codes.end()).size(), codes.size());
}

struct NormaliseCase {
  const char* typed;
  const char* normalised;
};

class Normalise : public ::testing::TestWithParam<NormaliseCase> {};

TEST_P(Normalise, StripsSpacesAndHyphensAndLowers) {
  EXPECT_EQ(normalise_recovery_code(GetParam().typed), GetParam().normalised);
  EXPECT_EQ(recovery_code_hash(GetParam().typed), recovery_code_hash("k7q2-m9xd-4hfp"));
}

INSTANTIATE_TEST_SUITE_P(Table, Normalise,
                         ::testing::Values(NormaliseCase{"k7q2-m9xd-4hfp", "k7q2m9xd4hfp"},
                                           NormaliseCase{"K7Q2-M9XD-4HFP", "k7q2m9xd4hfp"},
                                           NormaliseCase{" k7q2 m9xd 4hfp ", "k7q2m9xd4hfp"},
                                           NormaliseCase{"k7q2m9xd4hfp", "k7q2m9xd4hfp"}));

TEST_F(RecoveryCodes, HashIsSha256OfNormalisedCode) {
  EXPECT_EQ(recovery_code_hash("K7Q2-M9XD-4HFP"), crypto::sha256_hex("k7q2m9xd4hfp"));
  EXPECT_NE(recovery_code_hash("k7q2-m9xd-4hfp"), recovery_code_hash("k7q2-m9xd-4hfq"));
}

}  // namespace
}  // namespace cg::identity
