#include "identity/totp.h"

#include <gtest/gtest.h>

#include <string>

#include "core/crypto.h"

namespace cg::identity {
namespace {

struct Rfc6238Case {
  int64_t time;
  const char* code;
};

class Rfc6238 : public ::testing::TestWithParam<Rfc6238Case> {};

// RFC 6238 Appendix B, SHA-1 column.
TEST_P(Rfc6238, MatchesTestVector) {
  EXPECT_EQ(totp_code_raw("12345678901234567890", GetParam().time, 8), GetParam().code);
}

INSTANTIATE_TEST_SUITE_P(
    AppendixB, Rfc6238,
    ::testing::Values(Rfc6238Case{59, "94287082"}, Rfc6238Case{1111111109, "07081804"},
                      Rfc6238Case{1111111111, "14050471"}, Rfc6238Case{1234567890, "89005924"},
                      Rfc6238Case{2000000000, "69279037"}, Rfc6238Case{20000000000, "65353130"}));

TEST(Totp, Base32SecretMatchesRawSecret) {
  std::string raw = "12345678901234567890";
  EXPECT_EQ(totp_code(crypto::base32(raw), 59), totp_code_raw(raw, 59));
  EXPECT_EQ(totp_code(crypto::base32(raw), 59), "287082");  // last 6 of 94287082
}

TEST(Totp, NewSecretIs20BytesOfBase32) {
  crypto::init();
  auto secret = new_totp_secret();
  EXPECT_EQ(secret.size(), 32u);
  EXPECT_EQ(secret.find_first_not_of("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"), std::string::npos);
  EXPECT_NE(secret, new_totp_secret());
}

struct WindowCase {
  int64_t offset_steps;  // where the code was made, relative to now
  bool accepted;
};

class TotpWindow : public ::testing::TestWithParam<WindowCase> {};

TEST_P(TotpWindow, AcceptsOneStepOfDrift) {
  const std::string secret = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";
  const int64_t now = 1700000015;
  auto code = totp_code(secret, now + GetParam().offset_steps * 30);
  int64_t step = verify_totp(secret, code, now, 0);
  if (GetParam().accepted) {
    EXPECT_EQ(step, now / 30 + GetParam().offset_steps);
  } else {
    EXPECT_EQ(step, 0);
  }
}

INSTANTIATE_TEST_SUITE_P(Drift, TotpWindow,
                         ::testing::Values(WindowCase{-2, false}, WindowCase{-1, true},
                                           WindowCase{0, true}, WindowCase{1, true},
                                           WindowCase{2, false}));

TEST(Totp, RejectsReplayOfSameStep) {
  const std::string secret = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";
  const int64_t now = 1700000015;
  auto code = totp_code(secret, now);
  int64_t step = verify_totp(secret, code, now, 0);
  ASSERT_GT(step, 0);
  EXPECT_EQ(verify_totp(secret, code, now, step), 0);
  EXPECT_EQ(verify_totp(secret, code, now + 10, step), 0);
}

TEST(Totp, IgnoresSpacesAndRejectsJunk) {
  const std::string secret = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";
  const int64_t now = 1700000015;
  auto code = totp_code(secret, now);
  EXPECT_GT(verify_totp(secret, code.substr(0, 3) + " " + code.substr(3), now, 0), 0);
  EXPECT_EQ(verify_totp(secret, "", now, 0), 0);
  EXPECT_EQ(verify_totp(secret, "12345", now, 0), 0);
  EXPECT_EQ(verify_totp("not base32!", code, now, 0), 0);
}

TEST(Totp, OtpauthUriEncodesLabelAndIssuer) {
  EXPECT_EQ(otpauth_uri("Sunny Care", "jane@sunnycare.org.uk", "JBSWY3DPEHPK3PXP"),
            "otpauth://totp/Sunny%20Care:jane%40sunnycare.org.uk?secret=JBSWY3DPEHPK3PXP"
            "&issuer=Sunny%20Care&algorithm=SHA1&digits=6&period=30");
}

TEST(Totp, QrIsAnSvgDataUri) {
  crypto::init();
  auto uri = qr_svg_data_uri(otpauth_uri("Careguard", "jane@example.org", new_totp_secret()));
  EXPECT_TRUE(uri.starts_with("data:image/svg+xml;base64,")) << uri.substr(0, 40);
  EXPECT_GT(uri.size(), 200u);
}

}  // namespace
}  // namespace cg::identity
