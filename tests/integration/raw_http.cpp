#include "raw_http.h"

#include <cctype>
#include <regex>

namespace cg::test {

HttpResponse raw_request(uint16_t port, const std::string& method, const std::string& target,
                         const std::string& body, const Headers& headers) {
  std::string request = method + " " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\n" +
                        "Connection: close\r\nContent-Length: " + std::to_string(body.size()) +
                        "\r\n";
  for (const auto& [name, value] : headers) request += name + ": " + value + "\r\n";
  const std::string answer = raw_exchange(port, request + "\r\n" + body);
  HttpResponse r;
  r.status = raw_status(answer);
  const size_t split = answer.find("\r\n\r\n");
  const std::string head = answer.substr(0, split);
  r.body = split == std::string::npos ? "" : answer.substr(split + 4);
  static const std::regex header(R"(\r\n([A-Za-z0-9-]+):[ \t]*([^\r]*))");
  for (auto it = std::sregex_iterator(head.begin(), head.end(), header);
       it != std::sregex_iterator(); ++it) {
    std::string name = (*it)[1];
    for (auto& ch : name) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
    r.headers.emplace(name, (*it)[2]);
  }
  return r;
}

}  // namespace cg::test
