#include "web/mustache.h"

#include "core/error.h"

namespace cg::web {

using nlohmann::json;
using Node = MustacheTemplate::Node;

namespace {

std::string trim(const std::string& s) {
  auto b = s.find_first_not_of(" \t\r\n");
  if (b == std::string::npos) return "";
  auto e = s.find_last_not_of(" \t\r\n");
  return s.substr(b, e - b + 1);
}

std::vector<std::string> split_path(const std::string& name) {
  std::vector<std::string> out;
  if (name == ".") return out;
  size_t pos = 0;
  while (pos <= name.size()) {
    size_t dot = name.find('.', pos);
    if (dot == std::string::npos) dot = name.size();
    out.push_back(name.substr(pos, dot - pos));
    pos = dot + 1;
  }
  return out;
}

int line_of(const std::string& text, size_t pos) {
  return 1 +
         static_cast<int>(std::count(text.begin(), text.begin() + static_cast<long>(pos), '\n'));
}

[[noreturn]] void fail(const std::string& name, const std::string& text, size_t pos,
                       const std::string& message) {
  throw Error(ErrorCode::unavailable,
              "template " + name + " line " + std::to_string(line_of(text, pos)) + ": " + message);
}

// Looks a name up through the context stack, innermost first.
const json* lookup(const std::vector<const json*>& stack, const std::vector<std::string>& path) {
  if (path.empty()) return stack.back();
  const json* found = nullptr;
  for (auto it = stack.rbegin(); it != stack.rend(); ++it) {
    const json& ctx = **it;
    if (ctx.is_object()) {
      auto f = ctx.find(path[0]);
      if (f != ctx.end()) {
        found = &*f;
        break;
      }
    }
  }
  for (size_t i = 1; found && i < path.size(); ++i) {
    if (!found->is_object()) return nullptr;
    auto f = found->find(path[i]);
    found = f == found->end() ? nullptr : &*f;
  }
  return found;
}

bool truthy(const json* v) {
  if (!v || v->is_null()) return false;
  if (v->is_boolean()) return v->get<bool>();
  if (v->is_array()) return !v->empty();
  return true;
}

// html_escape, appended straight to the output (no temporary string per value).
void append_escaped(const std::string& text, std::string& out) {
  size_t start = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    const char* entity = nullptr;
    switch (text[i]) {
      case '&':
        entity = "&amp;";
        break;
      case '<':
        entity = "&lt;";
        break;
      case '>':
        entity = "&gt;";
        break;
      case '"':
        entity = "&quot;";
        break;
      case '\'':
        entity = "&#39;";
        break;
      default:
        continue;
    }
    out.append(text, start, i - start);
    out += entity;
    start = i + 1;
  }
  out.append(text, start, std::string::npos);
}

void append_value(const json* v, bool escape, std::string& out) {
  if (!v || v->is_null()) return;
  if (v->is_string()) {
    const auto& s = v->get_ref<const std::string&>();
    if (escape)
      append_escaped(s, out);
    else
      out += s;
  } else if (v->is_boolean()) {
    out += v->get<bool>() ? "true" : "false";
  } else if (v->is_number_integer()) {
    out += std::to_string(v->get<int64_t>());
  } else if (v->is_number()) {
    out += v->dump();
  } else {
    out += escape ? html_escape(v->dump()) : v->dump();
  }
}

void render_nodes(const std::vector<Node>& nodes, std::vector<const json*>& stack,
                  std::string& out) {
  for (const Node& n : nodes) {
    switch (n.kind) {
      case Node::Kind::text:
        out += n.text;
        break;
      case Node::Kind::escaped:
      case Node::Kind::raw:
        append_value(lookup(stack, n.path), n.kind == Node::Kind::escaped, out);
        break;
      case Node::Kind::inverted:
        if (!truthy(lookup(stack, n.path))) render_nodes(n.children, stack, out);
        break;
      case Node::Kind::section: {
        const json* v = lookup(stack, n.path);
        if (!truthy(v)) break;
        if (v->is_array()) {
          for (const auto& element : *v) {
            stack.push_back(&element);
            render_nodes(n.children, stack, out);
            stack.pop_back();
          }
        } else if (v->is_boolean()) {
          render_nodes(n.children, stack, out);
        } else {
          stack.push_back(v);
          render_nodes(n.children, stack, out);
          stack.pop_back();
        }
        break;
      }
    }
  }
}

}  // namespace

std::string html_escape(const std::string& text) {
  std::string out;
  out.reserve(text.size() + 8);
  for (char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&#39;";
        break;
      default:
        out.push_back(c);
    }
  }
  return out;
}

MustacheTemplate MustacheTemplate::compile(const std::string& text, const std::string& name) {
  MustacheTemplate t;
  std::vector<std::vector<Node>*> open = {&t.nodes_};
  std::vector<std::pair<std::string, size_t>> open_names;
  size_t pos = 0;
  while (pos < text.size()) {
    size_t tag = text.find("{{", pos);
    if (tag == std::string::npos) {
      open.back()->push_back({Node::Kind::text, text.substr(pos), {}, {}});
      break;
    }
    if (tag > pos) open.back()->push_back({Node::Kind::text, text.substr(pos, tag - pos), {}, {}});
    const bool triple = text.compare(tag, 3, "{{{") == 0;
    const size_t close = text.find(triple ? "}}}" : "}}", tag + (triple ? 3 : 2));
    if (close == std::string::npos) fail(name, text, tag, "a tag is not closed");
    std::string inner = text.substr(tag + (triple ? 3 : 2), close - tag - (triple ? 3 : 2));
    pos = close + (triple ? 3 : 2);
    if (triple) {
      std::string n = trim(inner);
      open.back()->push_back({Node::Kind::raw, n, split_path(n), {}});
      continue;
    }
    if (inner.empty()) fail(name, text, tag, "empty tag");
    const char sigil = inner[0];
    const std::string n =
        trim(inner.substr(sigil == '#' || sigil == '^' || sigil == '/' || sigil == '!' ||
                                  sigil == '&' || sigil == '>' || sigil == '='
                              ? 1
                              : 0));
    switch (sigil) {
      case '!':
        break;
      case '=':
        fail(name, text, tag, "changing delimiters is not supported");
      case '>':
        fail(name, text, tag, "partial " + n + " was not inlined");
      case '&':
        open.back()->push_back({Node::Kind::raw, n, split_path(n), {}});
        break;
      case '#':
      case '^': {
        open.back()->push_back(
            {sigil == '#' ? Node::Kind::section : Node::Kind::inverted, n, split_path(n), {}});
        open.push_back(&open.back()->back().children);
        open_names.emplace_back(n, tag);
        break;
      }
      case '/':
        if (open_names.empty() || open_names.back().first != n)
          fail(name, text, tag,
               "{{/" + n + "}} does not close the open section" +
                   (open_names.empty() ? std::string() : " " + open_names.back().first));
        open.pop_back();
        open_names.pop_back();
        break;
      default:
        open.back()->push_back({Node::Kind::escaped, n, split_path(n), {}});
    }
  }
  if (!open_names.empty())
    fail(name, text, open_names.back().second,
         "section " + open_names.back().first + " is not closed");
  return t;
}

void MustacheTemplate::render(const json& context, std::string& out) const {
  std::vector<const json*> stack = {&context};
  render_nodes(nodes_, stack, out);
}

}  // namespace cg::web
