#include "crash_workload.h"

#include <algorithm>
#include <exception>
#include <nlohmann/json.hpp>

namespace cg::test::crash {

namespace {

using nlohmann::json;

// The mix of writes, in percent: mostly answers, as people work through the toolkit.
Kind pick_kind(std::mt19937& random, const Writer& w) {
  const int roll = std::uniform_int_distribution<int>(0, 99)(random);
  const Kind kind = roll < 40   ? Kind::answer
                    : roll < 65 ? Kind::upload
                    : roll < 80 ? Kind::publish
                                : Kind::invite;
  return may_write(w, kind) ? kind : Kind::answer;
}

// A small PDF-looking file (the upload check looks at the first bytes) whose body holds the tag
// and binary noise, NULs included, so a truncated or mangled copy never compares equal.
std::string file_bytes(const std::string& tag, std::mt19937& random) {
  std::string bytes = "%PDF-1.4\n% " + tag + "\n";
  const int size = std::uniform_int_distribution<int>(512, 32 * 1024)(random);
  std::uniform_int_distribution<int> byte(0, 255);
  for (int i = 0; i < size; ++i) bytes.push_back(static_cast<char>(byte(random)));
  return bytes + "\n%%EOF\n";
}

std::string multipart_upload(const std::string& boundary, const std::string& csrf_token,
                             const std::string& file_name, const std::string& bytes) {
  return "--" + boundary + "\r\nContent-Disposition: form-data; name=\"csrf_token\"\r\n\r\n" +
         csrf_token + "\r\n--" + boundary +
         "\r\nContent-Disposition: form-data; name=\"evidence_file\"; filename=\"" + file_name +
         "\"\r\nContent-Type: application/pdf\r\n\r\n" + bytes + "\r\n--" + boundary + "--\r\n";
}

bool ends_with(const std::string& text, const std::string& end) {
  return text.size() >= end.size() && text.compare(text.size() - end.size(), end.size(), end) == 0;
}

}  // namespace

const char* kind_name(Kind kind) {
  switch (kind) {
    case Kind::answer:
      return "answer";
    case Kind::upload:
      return "upload";
    case Kind::publish:
      return "publish";
    case Kind::invite:
      return "invitation";
  }
  return "?";
}

std::string answer_text(const std::string& tag) { return "Named lead for " + tag; }
std::string upload_name(const std::string& tag) { return "Evidence " + tag + ".pdf"; }
std::string invitee_email(const std::string& tag) { return "invitee-" + tag + "@example.test"; }

bool RoundProgress::every_expected_kind_acknowledged() const {
  for (size_t k = 0; k < acknowledged.size(); ++k)
    if (expected[k] && acknowledged[k] == 0) return false;
  return true;
}

bool may_write(const Writer& w, Kind kind) {
  const auto sent = std::count_if(w.writes.begin(), w.writes.end(),
                                  [kind](const Write& x) { return x.kind == kind; });
  if (kind == Kind::invite) return sent < kMaxInvitationsPerWriter;
  if (kind == Kind::upload) return sent < kMaxUploadsPerWriter;
  return true;
}

void write_until_stopped(Writer& w, const std::string& base_url, const std::atomic<bool>& stop,
                         RoundProgress& progress, const std::string& run_id, uint32_t seed) {
  std::mt19937 random(seed);
  Client api(base_url);
  const Headers json_headers = {{"Authorization", "Bearer " + w.token},
                                {"Content-Type", "application/json"},
                                {"Accept", "application/json"}};
  const std::string org = "/api/v1/orgs/" + std::to_string(w.org_id);
  while (!stop) {
    // Into the ledger before it is sent: if the server dies now, the write is in flight.
    const Kind kind = pick_kind(random, w);
    Write& write = w.writes.emplace_back();
    write.kind = kind;
    write.tag = run_id + "w" + std::to_string(w.index) + "n" + std::to_string(w.writes.size());
    HttpResponse r;
    bool ok = false;
    try {
      switch (write.kind) {
        case Kind::answer: {
          const json body = {{"value", answer_text(write.tag)}, {"note", write.tag}};
          r = api.request("PUT", w.assessment_path + "/answers/" + w.answer_item, body.dump(),
                          json_headers);
          ok = r.status == 200;
          break;
        }
        case Kind::upload: {
          write.bytes = file_bytes(write.tag, random);
          const std::string item_page = "/orgs/" + std::to_string(w.org_id) + "/toolkit/" +
                                        std::to_string(w.assessment_id) + "/items/" + w.upload_item;
          const std::string boundary = "cgcrash" + write.tag;
          r = w.browser->request(
              "POST", base_url + item_page + "/evidence/upload",
              multipart_upload(boundary, w.csrf_token, upload_name(write.tag), write.bytes),
              {{"Content-Type", "multipart/form-data; boundary=" + boundary}});
          // Success goes back to the item page; a lost session would go to the sign-in page.
          ok = r.status == 303 && ends_with(r.header("location"), item_page);
          break;
        }
        case Kind::publish: {
          const json body = {{"password", w.password}};
          r = api.request("POST", w.assessment_path + "/publish", body.dump(), json_headers);
          const json answer = json::parse(r.body, nullptr, false);
          if (answer.is_object() && answer["publication_id"].is_number_integer())
            write.publication_id = answer["publication_id"].get<int64_t>();
          ok = r.status == 201 && write.publication_id > 0;
          break;
        }
        case Kind::invite: {
          const json body = {
              {"email", invitee_email(write.tag)}, {"name", "Sam Invitee"}, {"role", "staff"}};
          r = api.request("POST", org + "/invitations", body.dump(), json_headers);
          ok = r.status == 201;
          break;
        }
      }
    } catch (const std::exception&) {
      return;  // the server is gone: this write was never acknowledged
    }
    write.acknowledged = ok;
    if (ok) ++progress.acknowledged[static_cast<size_t>(write.kind)];
    if (!ok)
      w.refusals.push_back(std::string(kind_name(write.kind)) + " " + write.tag + " answered " +
                           std::to_string(r.status) + ": " + r.body.substr(0, 300));
  }
}

}  // namespace cg::test::crash
