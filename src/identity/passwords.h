#pragma once
// Password rules that follow NCSC guidance (length and a deny list, no composition rules,
// no expiry) and Argon2id hashing for storage.
#include <string>
#include <string_view>

namespace cg::identity {

struct PasswordCheck {
  bool ok;
  std::string message;  // plain English shown to the person; empty when ok
};

PasswordCheck check_password(std::string_view password, std::string_view email,
                             std::string_view name);

// Replaces the deny list with the file at path (one lowercase password per line, '#' comments).
// Throws cg::Error when the file cannot be read.
void load_deny_list(const std::string& path);
// Case-insensitive. Loads the list shipped in content/passwords/ on first use if
// load_deny_list was never called.
bool is_common_password(std::string_view password);

std::string hash_password(std::string_view password);
// False (never throws) for a wrong password or a malformed hash.
bool verify_password(std::string_view password, std::string_view hash);
// True when the hash is not Argon2id at the current cost, so sign-in can upgrade it.
bool password_needs_rehash(std::string_view hash);
// Spends as long as verify_password, so an unknown email cannot be told apart by timing.
void burn_password_check_time();

// Tests use the minimum Argon2id cost to stay fast.
void set_password_hash_cost_for_tests(bool minimal);

}  // namespace cg::identity
