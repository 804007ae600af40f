#include "identity/passwords.h"

#include <sodium.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <fstream>
#include <memory>
#include <mutex>
#include <unordered_set>
#include <vector>

#include "core/config.h"
#include "core/crypto.h"
#include "core/error.h"

namespace cg::identity {
namespace {

constexpr size_t kMinLength = 12;
constexpr size_t kMaxLength = 256;  // NCSC: allow long passwords; this only stops abuse
constexpr size_t kMinWords = 3;
constexpr size_t kMinWordLetters = 3;
constexpr size_t kMinPersonalPart = 4;  // shorter parts ("al", "jo") match too much by chance

const char* const kTooShort =
    "Your password must be at least 12 characters long, or three random words like "
    "'kettle orange bicycle'";
const char* const kTooLong = "Your password must be 256 characters or fewer";
const char* const kCommon =
    "This password is too common and easy to guess. Try three random words.";
const char* const kPersonal = "Your password must not include your email address or name";
const char* const kServiceName = "Your password must not include the word 'Careguard'";
const char* const kPattern =
    "Your password must not be one letter or number repeated, or keys in a row like "
    "'qwerty' or '12345'. Try three random words.";

// ---- text helpers (ASCII case folding is enough: the deny list and runs are ASCII) ----

std::string lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) {
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  }
  return out;
}

bool is_continuation_byte(unsigned char c) { return (c & 0xC0) == 0x80; }

// NCSC length advice is about characters a person types, so count code points not bytes.
size_t code_points(std::string_view s) {
  return static_cast<size_t>(std::count_if(s.begin(), s.end(), [](char c) {
    return !is_continuation_byte(static_cast<unsigned char>(c));
  }));
}

bool is_ascii_letter(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

// Non-ASCII bytes are kept as letters so words in other scripts are not stripped away.
bool is_letter_byte(char c) { return is_ascii_letter(c) || static_cast<unsigned char>(c) >= 0x80; }

bool is_word_separator(char c) { return c == ' ' || c == '-' || c == '.' || c == '_'; }

std::vector<std::string> split(std::string_view s, bool (*is_separator)(char)) {
  std::vector<std::string> parts;
  std::string current;
  for (char c : s) {
    if (is_separator(c)) {
      if (!current.empty()) parts.push_back(std::move(current));
      current.clear();
    } else {
      current.push_back(c);
    }
  }
  if (!current.empty()) parts.push_back(std::move(current));
  return parts;
}

size_t letters_in(std::string_view word) {
  size_t n = 0;
  for (size_t i = 0; i < word.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(word[i]);
    if (is_continuation_byte(c)) continue;
    if (is_letter_byte(word[i])) ++n;
  }
  return n;
}

bool is_passphrase(std::string_view password) {
  auto words = split(lower(password), is_word_separator);
  if (words.size() < kMinWords) return false;
  for (const auto& w : words) {
    if (letters_in(w) < kMinWordLetters) return false;
  }
  return std::any_of(words.begin(), words.end(), [&](const auto& w) { return w != words[0]; });
}

std::string letters_only(std::string_view lowered) {
  std::string out;
  for (char c : lowered) {
    if (is_letter_byte(c)) out.push_back(c);
  }
  return out;
}

// ---- patterns: repeats and runs along the alphabet, digits or keyboard ----

// True when s is one block of up to 4 bytes repeated ("aaaa", "abab", "blahblahblah").
bool is_repeated_block(std::string_view s) {
  for (size_t period = 1; period <= 4 && period * 2 <= s.size(); ++period) {
    bool repeats = true;
    for (size_t i = period; i < s.size() && repeats; ++i) repeats = s[i] == s[i - period];
    if (repeats) return true;
  }
  return false;
}

// True when each character follows the previous one along the sequence, wrapping round,
// forwards or backwards ("789012", "qwertyuiopas", "zyxw").
bool is_run_along(std::string_view s, std::string_view sequence) {
  for (int direction : {1, -1}) {
    bool run = true;
    for (size_t i = 1; i < s.size() && run; ++i) {
      auto prev = sequence.find(s[i - 1]);
      auto next = sequence.find(s[i]);
      if (prev == std::string_view::npos || next == std::string_view::npos) {
        run = false;
        break;
      }
      auto n = static_cast<long>(sequence.size());
      run = static_cast<long>(next) == ((static_cast<long>(prev) + direction) % n + n) % n;
    }
    if (run) return true;
  }
  return false;
}

bool is_simple_pattern(std::string_view lowered) {
  static constexpr std::array<std::string_view, 3> kSequences = {
      "1234567890", "abcdefghijklmnopqrstuvwxyz", "qwertyuiopasdfghjklzxcvbnm"};
  std::string compact;
  for (char c : lowered) {
    if (!is_word_separator(c)) compact.push_back(c);
  }
  for (std::string_view candidate : {std::string_view(lowered), std::string_view(compact)}) {
    if (candidate.empty()) continue;
    if (is_repeated_block(candidate)) return true;
    for (auto seq : kSequences) {
      if (is_run_along(candidate, seq)) return true;
    }
  }
  return false;
}

// ---- personal information ----

bool contains_personal_details(std::string_view lowered, std::string_view email,
                               std::string_view name) {
  auto contains = [&](const std::string& part) {
    return code_points(part) >= kMinPersonalPart && lowered.find(part) != std::string::npos;
  };
  std::string local = lower(email.substr(0, email.find('@')));
  if (contains(local)) return true;
  // "jane.smith@" should also stop "smith" on its own.
  for (const auto& part :
       split(local, [](char c) { return c == '.' || c == '_' || c == '-' || c == '+'; })) {
    if (contains(part)) return true;
  }
  for (const auto& part : split(lower(name), [](char c) { return c == ' ' || c == '-'; })) {
    if (contains(part)) return true;
  }
  return false;
}

// ---- deny list ----

using DenyList = std::unordered_set<std::string>;

std::mutex deny_list_mutex;
std::shared_ptr<const DenyList> deny_list;  // guarded by deny_list_mutex

std::shared_ptr<const DenyList> read_deny_list(const std::string& path) {
  std::ifstream in(path);
  if (!in) throw Error(ErrorCode::internal, "Cannot read the common password list at " + path);
  auto list = std::make_shared<DenyList>();
  std::string line;
  while (std::getline(in, line)) {
    while (!line.empty() && (line.back() == '\r' || line.back() == ' ')) line.pop_back();
    if (line.empty() || line[0] == '#') continue;
    list->insert(lower(line));
  }
  return list;
}

std::shared_ptr<const DenyList> current_deny_list() {
  std::lock_guard lock(deny_list_mutex);
  if (!deny_list)
    deny_list = read_deny_list(default_share_dir() + "/content/passwords/common-passwords.txt");
  return deny_list;
}

// ---- hashing cost ----

std::atomic<bool> minimal_cost{false};

unsigned long long ops_limit() {
  return minimal_cost ? crypto_pwhash_OPSLIMIT_MIN : crypto_pwhash_OPSLIMIT_INTERACTIVE;
}
size_t mem_limit() {
  return minimal_cost ? crypto_pwhash_MEMLIMIT_MIN : crypto_pwhash_MEMLIMIT_INTERACTIVE;
}

// libsodium reads the hash as a C string inside a fixed-size buffer.
bool to_hash_buffer(std::string_view hash, std::array<char, crypto_pwhash_STRBYTES>& buffer) {
  if (hash.empty() || hash.size() >= buffer.size()) return false;
  if (hash.find('\0') != std::string_view::npos) return false;
  buffer.fill('\0');
  std::copy(hash.begin(), hash.end(), buffer.begin());
  return true;
}

std::string hash_at_cost(std::string_view password, unsigned long long ops, size_t mem) {
  crypto::init();
  std::array<char, crypto_pwhash_STRBYTES> out{};
  if (crypto_pwhash_str_alg(out.data(), password.data(), password.size(), ops, mem,
                            crypto_pwhash_ALG_ARGON2ID13) != 0) {
    throw Error(ErrorCode::internal, "Not enough memory to hash the password");
  }
  return std::string(out.data());
}

}  // namespace

PasswordCheck check_password(std::string_view password, std::string_view email,
                             std::string_view name) {
  if (password.empty()) return {false, "Enter a password"};
  size_t length = code_points(password);
  if (length > kMaxLength) return {false, kTooLong};
  if (length < kMinLength && !is_passphrase(password)) return {false, kTooShort};

  std::string lowered = lower(password);
  if (is_simple_pattern(lowered)) return {false, kPattern};
  std::string stripped = letters_only(lowered);
  // "Password123!" is as guessable as "password", so also check the letters alone.
  if (is_common_password(lowered) || (!stripped.empty() && is_common_password(stripped))) {
    return {false, kCommon};
  }
  if (contains_personal_details(lowered, email, name)) return {false, kPersonal};
  if (lowered.find("careguard") != std::string::npos) return {false, kServiceName};
  return {true, ""};
}

void load_deny_list(const std::string& path) {
  auto list = read_deny_list(path);
  std::lock_guard lock(deny_list_mutex);
  deny_list = std::move(list);
}

bool is_common_password(std::string_view password) {
  auto list = current_deny_list();
  return list->contains(lower(password));
}

std::string hash_password(std::string_view password) {
  return hash_at_cost(password, ops_limit(), mem_limit());
}

bool verify_password(std::string_view password, std::string_view hash) {
  std::array<char, crypto_pwhash_STRBYTES> buffer{};
  if (!to_hash_buffer(hash, buffer)) return false;
  return crypto_pwhash_str_verify(buffer.data(), password.data(), password.size()) == 0;
}

bool password_needs_rehash(std::string_view hash) {
  std::array<char, crypto_pwhash_STRBYTES> buffer{};
  if (!to_hash_buffer(hash, buffer)) return true;
  // needs_rehash only compares cost, so an older Argon2i hash must be caught here.
  if (!hash.starts_with(crypto_pwhash_argon2id_STRPREFIX)) return true;
  return crypto_pwhash_str_needs_rehash(buffer.data(), ops_limit(), mem_limit()) != 0;
}

void burn_password_check_time() {
  // A dummy hash at the same cost as real ones, made once per cost level, so the burn takes
  // as long as verifying a real account's password.
  constexpr std::string_view kDummy = "careguard-timing-dummy";
  if (minimal_cost) {
    static const std::string minimal_hash =
        hash_at_cost(kDummy, crypto_pwhash_OPSLIMIT_MIN, crypto_pwhash_MEMLIMIT_MIN);
    (void)verify_password("not-the-password", minimal_hash);
  } else {
    static const std::string normal_hash = hash_at_cost(kDummy, crypto_pwhash_OPSLIMIT_INTERACTIVE,
                                                        crypto_pwhash_MEMLIMIT_INTERACTIVE);
    (void)verify_password("not-the-password", normal_hash);
  }
}

void set_password_hash_cost_for_tests(bool minimal) { minimal_cost = minimal; }

}  // namespace cg::identity
