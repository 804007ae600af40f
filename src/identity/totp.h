#pragma once
// Time-based one-time passwords (RFC 6238, HMAC-SHA-1) for two-step sign-in with an
// authenticator app, plus the otpauth:// link and QR code used to set one up.
#include <cstdint>
#include <string>
#include <string_view>

namespace cg::identity {

// Base32 (no padding) of 20 random bytes, the size RFC 4226 recommends for SHA-1.
std::string new_totp_secret();

// The code for unix_time from the raw secret bytes; digits is 6, 7 or 8.
std::string totp_code_raw(std::string_view secret_bytes, int64_t unix_time, int digits = 6,
                          int step = 30);
// The 6-digit, 30-second code for a base32 secret. Throws cg::Error on a malformed secret.
std::string totp_code(std::string_view secret_base32, int64_t unix_time);

// Accepts the code for the time step before, at or after now (clock drift), ignoring spaces.
// Returns the matched step (unix_time / 30) when it is later than last_used_step, so a code
// cannot be used twice; otherwise 0.
int64_t verify_totp(std::string_view secret_base32, std::string_view code, int64_t now,
                    int64_t last_used_step);

// otpauth://totp/ link that authenticator apps read from the QR code.
std::string otpauth_uri(std::string_view issuer, std::string_view account,
                        std::string_view secret_base32);

// A QR code for text as "data:image/svg+xml;base64,..." ready for an <img src>.
std::string qr_svg_data_uri(std::string_view text);

}  // namespace cg::identity
