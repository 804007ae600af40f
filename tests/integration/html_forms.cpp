#include "html_forms.h"

#include <algorithm>
#include <cctype>
#include <map>
#include <set>

namespace cg::test {

namespace {

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

// One start tag: its lower-case name and attributes (names lower-cased, values decoded).
struct Tag {
  std::string name;
  std::map<std::string, std::string> attributes;
  size_t end = 0;  // index just past the closing '>'

  bool has(const std::string& attribute) const { return attributes.count(attribute) > 0; }
  std::string get(const std::string& attribute) const {
    auto it = attributes.find(attribute);
    return it == attributes.end() ? "" : it->second;
  }
};

// Reads the start tag that begins at html[at] == '<'. Returns false for anything else
// (an end tag, a comment, a malformed tag running off the end).
bool read_tag(const std::string& html, size_t at, Tag& tag) {
  size_t i = at + 1;
  const size_t n = html.size();
  while (i < n && (std::isalnum(static_cast<unsigned char>(html[i])) || html[i] == '-')) ++i;
  if (i == at + 1) return false;
  tag.name = lower(html.substr(at + 1, i - at - 1));
  tag.attributes.clear();
  for (;;) {
    while (i < n && std::isspace(static_cast<unsigned char>(html[i]))) ++i;
    if (i >= n) return false;
    if (html[i] == '>') {
      tag.end = i + 1;
      return true;
    }
    if (html[i] == '/') {
      ++i;
      continue;
    }
    const size_t name_start = i;
    while (i < n && !std::isspace(static_cast<unsigned char>(html[i])) && html[i] != '=' &&
           html[i] != '>' && html[i] != '/')
      ++i;
    const std::string name = lower(html.substr(name_start, i - name_start));
    std::string value;
    if (i < n && html[i] == '=') {
      ++i;
      if (i < n && (html[i] == '"' || html[i] == '\'')) {
        const char quote = html[i];
        const size_t close = html.find(quote, i + 1);
        if (close == std::string::npos) return false;
        value = html.substr(i + 1, close - i - 1);
        i = close + 1;
      } else {
        const size_t start = i;
        while (i < n && !std::isspace(static_cast<unsigned char>(html[i])) && html[i] != '>') ++i;
        value = html.substr(start, i - start);
      }
    }
    if (!name.empty()) tag.attributes[name] = decode_entities(value);
  }
}

// Index of the case-insensitive `needle` in html from `from`, or npos.
size_t find_ci(const std::string& html, const std::string& needle, size_t from) {
  auto it = std::search(html.begin() + static_cast<std::ptrdiff_t>(std::min(from, html.size())),
                        html.end(), needle.begin(), needle.end(), [](char a, char b) {
                          return std::tolower(static_cast<unsigned char>(a)) ==
                                 std::tolower(static_cast<unsigned char>(b));
                        });
  return it == html.end() ? std::string::npos : static_cast<size_t>(it - html.begin());
}

// The first value of a <select> that runs from `from` to its </select>: the selected option,
// or the first when none is selected.
std::string select_value(const std::string& html, size_t from, size_t until) {
  std::string first;
  bool have_first = false;
  for (size_t at = html.find('<', from); at != std::string::npos && at < until;
       at = html.find('<', at + 1)) {
    Tag tag;
    if (!read_tag(html, at, tag) || tag.name != "option") continue;
    std::string value = tag.get("value");
    if (!tag.has("value")) {
      const size_t close = find_ci(html, "</option", tag.end);
      value = decode_entities(html.substr(tag.end, std::min(close, until) - tag.end));
    }
    if (tag.has("selected")) return value;
    if (!have_first) {
      first = value;
      have_first = true;
    }
  }
  return first;
}

}  // namespace

std::string decode_entities(const std::string& text) {
  static const std::map<std::string, std::string> named = {
      {"amp", "&"}, {"lt", "<"}, {"gt", ">"}, {"quot", "\""}, {"apos", "'"}, {"nbsp", "\xc2\xa0"}};
  std::string out;
  out.reserve(text.size());
  for (size_t i = 0; i < text.size(); ++i) {
    if (text[i] != '&') {
      out.push_back(text[i]);
      continue;
    }
    const size_t semi = text.find(';', i);
    if (semi == std::string::npos || semi - i > 10) {
      out.push_back('&');
      continue;
    }
    const std::string entity = text.substr(i + 1, semi - i - 1);
    std::string replacement;
    if (!entity.empty() && entity[0] == '#') {
      const bool hex = entity.size() > 1 && (entity[1] == 'x' || entity[1] == 'X');
      unsigned long code = 0;
      try {
        code = std::stoul(entity.substr(hex ? 2 : 1), nullptr, hex ? 16 : 10);
      } catch (const std::exception&) {
        out.push_back('&');
        continue;
      }
      if (code < 0x80) {
        replacement.push_back(static_cast<char>(code));
      } else if (code < 0x800) {
        replacement.push_back(static_cast<char>(0xC0 | (code >> 6)));
        replacement.push_back(static_cast<char>(0x80 | (code & 0x3F)));
      } else {
        replacement.push_back(static_cast<char>(0xE0 | (code >> 12)));
        replacement.push_back(static_cast<char>(0x80 | ((code >> 6) & 0x3F)));
        replacement.push_back(static_cast<char>(0x80 | (code & 0x3F)));
      }
    } else if (auto it = named.find(entity); it != named.end()) {
      replacement = it->second;
    } else {
      out.push_back('&');
      continue;
    }
    out += replacement;
    i = semi;
  }
  return out;
}

std::vector<HtmlForm> html_forms(const std::string& html) {
  std::vector<HtmlForm> forms;
  for (size_t at = find_ci(html, "<form", 0); at != std::string::npos;
       at = find_ci(html, "<form", at + 1)) {
    Tag tag;
    if (!read_tag(html, at, tag) || tag.name != "form") continue;
    HtmlForm form;
    form.method = lower(tag.get("method"));
    if (form.method.empty()) form.method = "get";
    form.action = tag.get("action");
    form.enctype = lower(tag.get("enctype"));
    size_t end = find_ci(html, "</form", tag.end);
    if (end == std::string::npos) end = html.size();
    for (size_t i = html.find('<', tag.end); i != std::string::npos && i < end;
         i = html.find('<', i + 1)) {
      Tag field;
      if (!read_tag(html, i, field) || !field.has("name")) continue;
      HtmlField f;
      f.tag = field.name;
      f.name = field.get("name");
      if (field.name == "input") {
        f.type = field.has("type") ? lower(field.get("type")) : "text";
        if (f.type == "submit" || f.type == "button" || f.type == "image") continue;
        f.value = field.get("value");
        if (f.type == "radio" || f.type == "checkbox") {
          if (!field.has("value")) f.value = "on";
          f.sent_by_default = field.has("checked");
        }
      } else if (field.name == "select") {
        size_t close = find_ci(html, "</select", field.end);
        if (close == std::string::npos || close > end) close = end;
        f.value = select_value(html, field.end, close);
      } else if (field.name == "textarea") {
        size_t close = find_ci(html, "</textarea", field.end);
        if (close == std::string::npos || close > end) close = end;
        f.value = decode_entities(html.substr(field.end, close - field.end));
        // A browser drops one newline straight after the start tag.
        if (!f.value.empty() && f.value.front() == '\n') f.value.erase(0, 1);
      } else {
        continue;  // a <button name=...> sends nothing unless pressed
      }
      form.fields.push_back(std::move(f));
    }
    forms.push_back(std::move(form));
    at = end;
  }
  return forms;
}

std::vector<std::pair<std::string, std::string>> default_fields(const HtmlForm& form) {
  std::vector<std::pair<std::string, std::string>> out;
  for (const auto& f : form.fields)
    if (f.sent_by_default && f.type != "file") out.emplace_back(f.name, f.value);
  return out;
}

std::vector<std::string> field_names(const HtmlForm& form) {
  std::vector<std::string> out;
  std::set<std::string> seen;
  for (const auto& f : form.fields)
    if (seen.insert(f.name).second) out.push_back(f.name);
  return out;
}

std::vector<std::string> link_query_names(const std::string& html, const std::string& path) {
  std::vector<std::string> out;
  std::set<std::string> seen;
  const std::string needle = "href=\"";
  for (size_t at = html.find(needle); at != std::string::npos; at = html.find(needle, at + 1)) {
    const size_t start = at + needle.size();
    const size_t close = html.find('"', start);
    if (close == std::string::npos) break;
    std::string href = decode_entities(html.substr(start, close - start));
    if (auto hash = href.find('#'); hash != std::string::npos) href.erase(hash);
    const size_t question = href.find('?');
    if (question == std::string::npos || href.substr(0, question) != path) continue;
    const std::string query = href.substr(question + 1);
    size_t pos = 0;
    while (pos <= query.size()) {
      size_t amp = query.find('&', pos);
      if (amp == std::string::npos) amp = query.size();
      const std::string pair = query.substr(pos, amp - pos);
      const std::string name = pair.substr(0, pair.find('='));
      if (!name.empty() && seen.insert(name).second) out.push_back(name);
      pos = amp + 1;
    }
  }
  return out;
}

}  // namespace cg::test
