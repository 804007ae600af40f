#include "identity/totp.h"

#include <liboath/oath.h>
#include <qrencode.h>
#include <sodium.h>

#include <memory>
#include <mutex>
#include <optional>

#include "core/crypto.h"
#include "core/error.h"

namespace cg::identity {
namespace {

constexpr int kDigits = 6;
constexpr int kStep = 30;
constexpr int kQuietZone = 4;  // modules of white border the QR specification requires
constexpr int kSecretBytes = 20;

void ensure_oath() {
  static std::once_flag once;
  std::call_once(once, [] {
    if (oath_init() != OATH_OK)
      throw Error(ErrorCode::internal, "liboath could not be initialised");
  });
}

// Our own decoder: tolerant of lower case, spaces and padding as people type them, and
// free of liboath's allocation.
std::optional<std::string> decode_base32(std::string_view text) {
  std::string out;
  uint32_t buffer = 0;
  int bits = 0;
  for (char c : text) {
    int value;
    if (c >= 'A' && c <= 'Z') {
      value = c - 'A';
    } else if (c >= 'a' && c <= 'z') {
      value = c - 'a';
    } else if (c >= '2' && c <= '7') {
      value = c - '2' + 26;
    } else if (c == ' ' || c == '=' || c == '-') {
      continue;
    } else {
      return std::nullopt;
    }
    buffer = (buffer << 5) | static_cast<uint32_t>(value);
    bits += 5;
    if (bits >= 8) {
      out.push_back(static_cast<char>((buffer >> (bits - 8)) & 0xFF));
      bits -= 8;
    }
  }
  if (out.empty()) return std::nullopt;
  return out;
}

std::string percent_encode(std::string_view s) {
  static constexpr char digits[] = "0123456789ABCDEF";
  std::string out;
  for (unsigned char c : s) {
    bool unreserved = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') ||
                      c == '-' || c == '.' || c == '_' || c == '~';
    if (unreserved) {
      out.push_back(static_cast<char>(c));
    } else {
      out.push_back('%');
      out.push_back(digits[c >> 4]);
      out.push_back(digits[c & 15]);
    }
  }
  return out;
}

std::string base64_original(std::string_view bytes) {
  std::string out(sodium_base64_ENCODED_LEN(bytes.size(), sodium_base64_VARIANT_ORIGINAL), '\0');
  sodium_bin2base64(out.data(), out.size(), reinterpret_cast<const unsigned char*>(bytes.data()),
                    bytes.size(), sodium_base64_VARIANT_ORIGINAL);
  out.resize(std::char_traits<char>::length(out.c_str()));
  return out;
}

// One <path> of horizontal runs of dark modules keeps the SVG small enough for a data URI.
std::string qr_svg(const QRcode& qr) {
  int size = qr.width + 2 * kQuietZone;
  std::string path;
  for (int y = 0; y < qr.width; ++y) {
    for (int x = 0; x < qr.width;) {
      if (!(qr.data[y * qr.width + x] & 1)) {
        ++x;
        continue;
      }
      int run = 0;
      while (x + run < qr.width && (qr.data[y * qr.width + x + run] & 1)) ++run;
      path += "M" + std::to_string(x + kQuietZone) + " " + std::to_string(y + kQuietZone) + "h" +
              std::to_string(run) + "v1h-" + std::to_string(run) + "z";
      x += run;
    }
  }
  std::string n = std::to_string(size);
  return "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"200\" height=\"200\" viewBox=\"0 0 " +
         n + " " + n + "\" role=\"img\" shape-rendering=\"crispEdges\"><rect width=\"" + n +
         "\" height=\"" + n + "\" fill=\"#fff\"/><path fill=\"#000\" d=\"" + path + "\"/></svg>";
}

}  // namespace

std::string new_totp_secret() { return crypto::base32(crypto::random_bytes(kSecretBytes)); }

std::string totp_code_raw(std::string_view secret_bytes, int64_t unix_time, int digits, int step) {
  ensure_oath();
  if (digits < 6 || digits > 8 || step <= 0) {
    throw Error(ErrorCode::internal, "TOTP needs 6 to 8 digits and a positive time step");
  }
  char out[9] = {};
  int rc = oath_totp_generate(secret_bytes.data(), secret_bytes.size(),
                              static_cast<time_t>(unix_time), static_cast<unsigned>(step),
                              OATH_TOTP_DEFAULT_START_TIME, static_cast<unsigned>(digits), out);
  if (rc != OATH_OK)
    throw Error(ErrorCode::internal, std::string("TOTP failed: ") + oath_strerror(rc));
  return std::string(out, static_cast<size_t>(digits));
}

std::string totp_code(std::string_view secret_base32, int64_t unix_time) {
  auto secret = decode_base32(secret_base32);
  if (!secret) throw Error(ErrorCode::internal, "The TOTP secret is not valid base32");
  return totp_code_raw(*secret, unix_time, kDigits, kStep);
}

int64_t verify_totp(std::string_view secret_base32, std::string_view code, int64_t now,
                    int64_t last_used_step) {
  auto secret = decode_base32(secret_base32);
  if (!secret) return 0;
  std::string typed;
  for (char c : code) {
    if (c != ' ') typed.push_back(c);
  }
  if (typed.size() != kDigits) return 0;

  int64_t current = now / kStep;
  int64_t matched = 0;
  // Check every step in the window without stopping early, so timing does not show which
  // step matched.
  for (int64_t s = current - 1; s <= current + 1; ++s) {
    if (s <= 0) continue;
    bool same =
        crypto::equal_constant_time(totp_code_raw(*secret, s * kStep, kDigits, kStep), typed);
    if (same && s > last_used_step) matched = s;
  }
  return matched;
}

std::string otpauth_uri(std::string_view issuer, std::string_view account,
                        std::string_view secret_base32) {
  std::string enc_issuer = percent_encode(issuer);
  return "otpauth://totp/" + enc_issuer + ":" + percent_encode(account) +
         "?secret=" + std::string(secret_base32) + "&issuer=" + enc_issuer +
         "&algorithm=SHA1&digits=6&period=30";
}

std::string qr_svg_data_uri(std::string_view text) {
  std::unique_ptr<QRcode, decltype(&QRcode_free)> qr(
      QRcode_encodeData(static_cast<int>(text.size()),
                        reinterpret_cast<const unsigned char*>(text.data()), 0, QR_ECLEVEL_M),
      &QRcode_free);
  if (!qr) throw Error(ErrorCode::internal, "The text is too long for a QR code");
  return "data:image/svg+xml;base64," + base64_original(qr_svg(*qr));
}

}  // namespace cg::identity
